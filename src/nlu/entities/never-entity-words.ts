/**
 * Words that are never an SAP user, terminal or system, whatever their case: English function
 * words, the bot's own vocabulary ("alert", "user"), chat shorthand and common acronyms. "THE",
 * "AND", "YES", "ON" typed in capitals stay words. Lower-case keys; compare with `.toLowerCase()`.
 */
const WORDS = `
a an and any are as at be been but by can could did do does done for from get got had has have he her
him his how i if in into is it its it's just me my no not now of off on one or our out over pls please
she so some than that the their them then there these they this those to too two up us very was we
were what when where which who why will with would yes yeah yep yo you your ok okay hi hey hello bye
thanks thx cheers sorry sure also all new old now soon asap fyi btw lol omg imo wtf eta tbd n/a na
today tomorrow yesterday again still only here more less last next same other another
down immediately right away later idea know unknown dunno nothing none skip maybe cancel help stop status
continue proceed resume go back ahead onward onwards carry wait hold pause
nope nah naw really idk whatever sorry unsure correct wrong fine good great true false
alert alerts allert alarm alarms incident ticket etd siem soc sap basis team admin admins
user users username userid account terminal terminals host hostname workstation machine pc laptop
device computer box source origin system systems sid client mandant instance landscape production prod
priority prio severity sev critical high medium low info urgent normal block blocked inform notify
attack attacker attacked logon login logged session call rfc gui abap hana sm20 su01
crm srm scm hcm ecc grc usd eur gbp aws gcp cet cest utc gmt pdf csv xml json api url vpn dns sso mfa cpu ram ssh ftp http https
ceo cto cio cfo hr it ad ip ips ids ips dmz lan wan os id pin faq tv b2b b2c mp3 mp4 usa
sap_all sap_new s_develop s_a.system
`;

/**
 * Three-character IDs SAP does not allow as a system ID (SAP Note 1979280 and the installation
 * guides): they are never reported as a SID.
 */
const SAP_RESERVED_SIDS = `
add all amd and any are asc aux avg bit cdc com con dba end eps for get gid ibm int key lpt
log mon nix not nul off oms pad prn raw ref row sap set sga shg sid sql sum sys tmp top trc uid
usr var
`;

const split = (list: string): Set<string> => new Set(list.split(/\s+/).filter(Boolean));

/** Never a username, terminal or system. */
export const NEVER_ENTITY_WORDS: ReadonlySet<string> = split(WORDS);

/** Never a SID: reserved by SAP, or an English word or common acronym. */
export const NEVER_SID_WORDS: ReadonlySet<string> = new Set([
  ...split(SAP_RESERVED_SIDS),
  ...NEVER_ENTITY_WORDS,
]);

/**
 * True when `token` is a word that must not be reported as a user, terminal or system.
 *
 * @example
 *   isNeverEntityWord('THE') // → true
 *   isNeverEntityWord('DDIC') // → false
 */
export function isNeverEntityWord(token: string): boolean {
  return NEVER_ENTITY_WORDS.has(token.toLowerCase());
}
