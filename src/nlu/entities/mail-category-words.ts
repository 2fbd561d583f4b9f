/**
 * How analysts name the categories of the shared mailbox when they correct one ("that one was a
 * lost device", "SOC-2026-0012 is phishing", "recategorise it as other"). Matched as whole words,
 * case, hyphens and underscores ignored; the longest phrase wins; each category's own name
 * (`lost-device`) matches too. A category added to the mail corpus is corrected to once it has its
 * route (src/mail/routing/mail-routes.ts) and its line here.
 */
const MAIL_CATEGORY_PHRASES: Readonly<Record<string, readonly string[]>> = {
  phishing: ['phishing', 'phish', 'phishing mail', 'phishing report', 'scam', 'scam mail', 'spear phishing'],
  'lost-device': [
    'lost device',
    'lost or stolen device',
    'stolen device',
    'lost laptop',
    'stolen laptop',
    'lost phone',
    'stolen phone',
    'lost a laptop',
    'lost my laptop',
  ],
  enrichment: [
    'enrichment',
    'enrichment request',
    'lookup request',
    'look up request',
    'look-up request',
    'lookup',
    'indicator question',
  ],
  other: ['other', 'not security', 'not a security issue', 'nothing for us', 'general mail'],
};

/**
 * The words a mail-card button adds so the correction is logged as made on the card, and the
 * slot value's own mark (`phishing (card)`, read again when the form re-validates its values).
 */
const FROM_CARD = /\(?\bfrom the mail card\b\)?|\(card\)\s*$/i;

/** The value of a `mailCategory` slot: the category, and ` (card)` when a card button sent it. */
export const CARD_SUFFIX = ' (card)';

/** What the slot's re-prompt shows. */
export const MAIL_CATEGORY_EXAMPLE = 'phishing, lost-device, enrichment or other';

/** One category phrase found in a text. */
export interface MailCategoryMatch {
  value: string;
  sourceText: string;
  start: number;
  end: number;
}

/**
 * The one mail category a text names, or undefined when it names none or two. With "(from the
 * mail card)" in the text the value carries CARD_SUFFIX.
 *
 * @example
 *   findMailCategory('that one was a lost laptop')?.value;                              // 'lost-device'
 *   findMailCategory('recategorise SOC-2026-0001 as other (from the mail card)')?.value; // 'other (card)'
 */
export function findMailCategory(text: string): MailCategoryMatch | undefined {
  const card = FROM_CARD.exec(text);
  const searched = card
    ? text.slice(0, card.index) + ' '.repeat(card[0].length) + text.slice(card.index + card[0].length)
    : text;
  const lower = searched.toLowerCase().replace(/[-_]/g, ' ');
  const matches: MailCategoryMatch[] = [];
  for (const [category, phrases] of Object.entries(MAIL_CATEGORY_PHRASES)) {
    for (const phrase of [category.replace(/-/g, ' '), ...phrases]) {
      const words = phrase
        .toLowerCase()
        .replace(/[-_]/g, ' ')
        .split(' ')
        .join(String.raw`\s+`);
      for (const match of lower.matchAll(new RegExp(String.raw`\b${words}\b`, 'g'))) {
        matches.push({
          value: category,
          sourceText: text.slice(match.index, match.index + match[0].length),
          start: match.index,
          end: match.index + match[0].length,
        });
      }
    }
  }
  const longestFirst = matches.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: MailCategoryMatch[] = [];
  for (const match of longestFirst) {
    if (kept.every((other) => match.end <= other.start || other.end <= match.start)) kept.push(match);
  }
  const names = new Set(kept.map((match) => match.value));
  const [found] = kept;
  if (names.size !== 1 || !found) return undefined;
  return card ? { ...found, value: `${found.value}${CARD_SUFFIX}` } : found;
}
