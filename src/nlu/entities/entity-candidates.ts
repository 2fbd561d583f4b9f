import { isEntityType, type Entity, type EntityType } from '../types';
import {
  BARE_NUMBER,
  HASH_NUMBER,
  isIpAddress,
  isSelfEvidentAlertId,
  looksLikeMachineName,
  TRANSACTION_CODE,
} from './entity-shapes';
import {
  ALERT_WORDS,
  hasUserContext,
  nearestWordIn,
  nearWordIn,
  PRIORITY_WORDS,
  SYSTEM_HINT_WORDS,
  SYSTEM_WORDS,
  TERMINAL_WORDS,
  USER_WORDS,
  wordsAfter,
  wordsBefore,
} from './context-words';
import type { EntityVocabulary } from './entity-vocabulary';
import { idTokens, type IdToken } from './id-tokens';
import { ipCandidates } from './indicators';
import { isNeverEntityWord, NEVER_SID_WORDS } from './never-entity-words';
import { priorityLevel } from './priority-levels';
import { validateEntityValue } from './validate-entity-value';

/**
 * How sure the resolver is: 3 = a context word says so ("user DDIC"), 2 = the shape says so on
 * its own (ETD-2024-0815, PC-0815, FF_USER_07, P01). Unsure candidates are dropped, not kept at 1.
 */
export type Confidence = 2 | 3;

export interface EntityCandidate extends Entity {
  confidence: Confidence;
}

/** A span an NLP.js rule matched, with offsets into the text (end exclusive). */
export interface RuleMatch {
  rule: string;
  start: number;
  end: number;
  /** The enum option for enum rules (P1, PRD…). */
  option?: string;
}

/**
 * Decides what one rule match is, if anything, from its shape and the words around it. A match
 * can become nothing (a stopword, "alert" as a user), one entity, or two (an IP that is also the
 * attacker's terminal).
 *
 * @example
 *   interpretMatch({ rule: 'alertId', start: 6, end: 10 }, 'alert 4711', vocabulary)
 *   // → [{ entity: 'alertId', value: '4711', sourceText: '4711', start: 6, end: 10, confidence: 3 }]
 */
export function interpretMatch(
  match: RuleMatch,
  text: string,
  vocabulary: EntityVocabulary,
): EntityCandidate[] {
  if (!isEntityType(match.rule)) return [];
  if (match.rule !== 'ip' && isInsideAddress(text, match)) return [];
  const found = RULES[match.rule](match, text, vocabulary);
  return found ? (Array.isArray(found) ? found : [found]) : [];
}

/** Part of an e-mail address or a URL path ("j.doe@example.com", "/alerts/PRD"): not an entity of its own. */
function isInsideAddress(text: string, match: { start: number; end: number }): boolean {
  return /[@/\\]/.test(text.charAt(match.start - 1)) || text.charAt(match.end) === '@';
}

type Interpretation = EntityCandidate | EntityCandidate[] | undefined;
type Rule = (match: RuleMatch, text: string, vocabulary: EntityVocabulary) => Interpretation;

function candidate(
  entity: EntityType,
  match: { start: number; end: number },
  text: string,
  value: string,
  confidence: Confidence,
  client?: string,
): EntityCandidate {
  return {
    entity,
    value,
    sourceText: text.slice(match.start, match.end),
    start: match.start,
    end: match.end,
    confidence,
    ...(client !== undefined && { client }),
  };
}

/** Nearest words that name an SAP object which is not a user, though its ID looks like one. */
const NOT_A_USER_WORDS: ReadonlySet<string> = new Set(
  'destination role profile transaction tcode table report program job variant function module class'.split(
    ' ',
  ),
);

/**
 * The lifecycle's types and the indicators domain, url, hash have no corpus rule (lifecycle-values.ts
 * and indicators.ts find them): nothing to interpret.
 */
const NO_CORPUS_RULE: Rule = () => undefined;

const RULES: Record<EntityType, Rule> = {
  alertRef: NO_CORPUS_RULE,
  classification: NO_CORPUS_RULE,
  person: NO_CORPUS_RULE,
  note: NO_CORPUS_RULE,
  domain: NO_CORPUS_RULE,
  url: NO_CORPUS_RULE,
  hash: NO_CORPUS_RULE,
  indicators: NO_CORPUS_RULE,
  mailCategory: NO_CORPUS_RULE,

  alertId(match, text) {
    const source = text.slice(match.start, match.end);
    if (isSelfEvidentAlertId(source)) {
      return candidate(
        'alertId',
        match,
        text,
        HASH_NUMBER.test(source) ? source.slice(1) : source.toUpperCase(),
        2,
      );
    }
    // A bare number is an alert ID only right after "alert", "ETD", "incident"…; never a client.
    if (BARE_NUMBER.test(source) && nearWordIn(text, match.start, ALERT_WORDS)) {
      const [nearest] = wordsBefore(text, match.start, 1);
      if (nearest !== 'client' && nearest !== 'mandant') return candidate('alertId', match, text, source, 3);
    }
    return undefined;
  },

  terminal(match, text, vocabulary) {
    const source = text.slice(match.start, match.end);
    if (isNeverEntityWord(source)) return undefined;
    if (nearWordIn(text, match.start, TERMINAL_WORDS)) return candidate('terminal', match, text, source, 3);
    // Hyphenated IDs that are something else: ETD-2024-0815 (alert), P01-800 (system and client), WF-BATCH (user).
    if (isSelfEvidentAlertId(source) || /^[A-Za-z][A-Za-z0-9]{2}-\d{3}$/.test(source)) return undefined;
    if (vocabulary.knownUsers.has(source.toUpperCase())) return undefined;
    if (looksLikeMachineName(source)) return candidate('terminal', match, text, source, 2);
    return undefined;
  },

  ip(match, text) {
    const source = text.slice(match.start, match.end);
    if (!isIpAddress(source)) return undefined;
    // An IP is always an `ip`; it is also the terminal when the words say it is the source.
    return ipCandidates({ text: source, start: match.start, end: match.end }, text, source);
  },

  username(match, text, vocabulary) {
    const source = text.slice(match.start, match.end);
    const upper = source.toUpperCase();
    if (vocabulary.knownUsers.has(upper)) return candidate('username', match, text, upper, 2);
    if (isNeverEntityWord(source) || isSelfEvidentAlertId(source) || TRANSACTION_CODE.test(source)) {
      return undefined;
    }
    // "RFC destination TRUSTED_RFC", "role Z_SOC_ADMIN": other SAP objects named like users.
    if (nearestWordIn(text, match.start, NOT_A_USER_WORDS)) return undefined;
    if (hasUserContext(text, match.start)) return candidate('username', match, text, upper, 3);
    // J.DOE, m.mueller: an initial, a dot and a name.
    if (/^[A-Za-z]\.[A-Za-z]{2,}$/.test(source)) return candidate('username', match, text, upper, 2);
    // FF_USER_07, TESTUSER01: typed in capitals with a digit, underscore or dot. Plain capital
    // words (PLEASE, BLOCK) need a context word unless they are well-known users.
    if (source === upper && /[0-9_.]/.test(source) && /[A-Z]/.test(source)) {
      return candidate('username', match, text, upper, 2);
    }
    return undefined;
  },

  system(match, text, vocabulary) {
    const source = text.slice(match.start, match.end);
    const sid = source.slice(0, 3);
    const upper = sid.toUpperCase();
    if (NEVER_SID_WORDS.has(sid.toLowerCase())) return undefined;
    const inlineClient = /^...[/-](\d{3})$/.exec(source)?.[1];
    const after = inlineClient === undefined ? clientAfter(text, match.end) : undefined;
    const client = inlineClient ?? after?.client ?? clientBefore(text, match.start);
    const span = { start: match.start, end: after?.end ?? match.end };
    const typedUpper = sid === upper;
    if (client !== undefined || nearestWordIn(text, match.start, SYSTEM_WORDS)) {
      return candidate('system', span, text, upper, 3, client);
    }
    const hinted =
      nearWordIn(text, match.start, SYSTEM_HINT_WORDS) || wordsAfter(text, match.end, 1)[0] === 'system';
    const known = vocabulary.knownSids.has(upper);
    // The SID rule: a known landscape SID, or a SID with a digit (P01, S4H), counts when typed in
    // capitals; any other capital three-letter word needs a hint ("on QAS", "QAS system"); lower
    // case needs a hint and a known SID, or a strong context word (handled in contextCandidates).
    if (typedUpper && (known || /\d/.test(sid) || hinted)) {
      return candidate('system', span, text, upper, hinted ? 3 : 2);
    }
    if (!typedUpper && known && hinted) return candidate('system', span, text, upper, 3);
    return undefined;
  },

  priority(match, text, vocabulary) {
    const source = text.slice(match.start, match.end);
    const level = priorityLevel(source, vocabulary.prioritySynonyms) ?? match.option;
    if (level === undefined || !/^P[1-5]$/.test(level)) return undefined;
    // "P1", "prio 2", "sev one": the match itself says it is a priority.
    const selfEvident =
      /\d/.test(source) ||
      source
        .toLowerCase()
        .split(/\s+/)
        .some((w) => PRIORITY_WORDS.has(w));
    if (selfEvident) return candidate('priority', match, text, level, 2);
    // "high", "low", "info" are ordinary words: a priority only next to "priority", "alert"…
    const around = [...wordsBefore(text, match.start, 2), ...wordsAfter(text, match.end, 2)];
    return around.some((word) => PRIORITY_WORDS.has(word))
      ? candidate('priority', match, text, level, 3)
      : undefined;
  },
};

const CLIENT_AFTER = /^(?:\s*[/-]\s*|\s*,?\s*(?:client|mandant|clnt)\s*[:=]?\s*|\s+)(\d{3})(?![\d.:])/i;
const CLIENT_BEFORE = /\b(?:client|mandant|clnt)\s*(\d{3})\s+(?:of|on|in|at)\s+(?:the\s+)?(?:system\s+)?$/i;

/** "PRD client 100", "PRD/100", "PRD 100": the client right after a SID, and where it ends. */
function clientAfter(text: string, index: number): { client: string; end: number } | undefined {
  const found = CLIENT_AFTER.exec(text.slice(index, index + 40));
  return found?.[1] === undefined ? undefined : { client: found[1], end: index + found[0].length };
}

/** "client 800 of ERP": the client named before the SID (it stays outside the span). */
function clientBefore(text: string, index: number): string | undefined {
  return CLIENT_BEFORE.exec(text.slice(Math.max(0, index - 40), index))?.[1];
}

/**
 * After a context word, a token is a value if it looks like an ID (a digit, `. _ - *`, or typed in
 * capitals). A plain lower-case word counts only right after the context word and at the end of
 * the clause ("user ddic", "host sapapp."), so "user name", "logon attempts" and "the laptop is
 * slow" are not read as IDs.
 */
function standsAsValue(text: string, token: IdToken, contextWords: ReadonlySet<string>): boolean {
  const looksLikeId =
    /[\d._*-]/.test(token.text) || (token.text === token.text.toUpperCase() && /[A-Z]/.test(token.text));
  if (looksLikeId) return true;
  const adjacentWord = /([A-Za-z]+)[\s:=]*$/.exec(
    text.slice(Math.max(0, token.start - 30), token.start),
  )?.[1];
  const endsClause = /^\s*(?:[,;.!?]|$)/.test(text.slice(token.end, token.end + 4));
  return adjacentWord !== undefined && contextWords.has(adjacentWord.toLowerCase()) && endsClause;
}

const USER_VALUE_WORDS: ReadonlySet<string> = new Set([...USER_WORDS, 'as', 'with', 'under']);

/**
 * Candidates that only a context word reveals, in any case: "user ddic", "host sapapp",
 * "system s4h", "sid gts". The token must be the first thing after the context word (filler such
 * as "is", "the" and ":" skipped), stand as a value (see `standsAsValue`) and pass
 * `validateEntityValue`.
 *
 * @example
 *   contextCandidates('the user was j.doe', vocabulary) // → [{ entity: 'username', value: 'J.DOE', … }]
 */
export function contextCandidates(text: string, vocabulary: EntityVocabulary): EntityCandidate[] {
  const found: EntityCandidate[] = [];
  for (const token of idTokens(text)) {
    if (isNeverEntityWord(token.text) || isInsideAddress(text, token)) continue;
    if (hasUserContext(text, token.start) && standsAsValue(text, token, USER_VALUE_WORDS)) {
      const check = validateEntityValue('username', token.text, vocabulary.prioritySynonyms);
      if (check.ok && !TRANSACTION_CODE.test(token.text)) {
        found.push(candidate('username', token, text, check.value, 3));
      }
    }
    if (nearestWordIn(text, token.start, TERMINAL_WORDS) && standsAsValue(text, token, TERMINAL_WORDS)) {
      const check = validateEntityValue('terminal', token.text);
      // IPs are handled by the ip rule, which adds the terminal when the words say so.
      if (check.ok && !isIpAddress(token.text)) {
        found.push(candidate('terminal', token, text, check.value, 3));
      }
    }
    if (
      nearestWordIn(text, token.start, SYSTEM_WORDS) &&
      /^[A-Za-z][A-Za-z0-9]{2}$/.test(token.text) &&
      standsAsValue(text, token, SYSTEM_WORDS)
    ) {
      const system = RULES.system({ rule: 'system', start: token.start, end: token.end }, text, vocabulary);
      if (system && !Array.isArray(system)) found.push(system);
    }
  }
  return found;
}
