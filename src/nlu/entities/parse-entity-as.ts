import { isIndicatorEntityType, isLifecycleEntityType, type Entity, type EntityType } from '../types';
import { isIpAddress, isSelfEvidentAlertId, looksLikeMachineName } from './entity-shapes';
import { DEFAULT_VOCABULARY, type EntityVocabulary } from './entity-vocabulary';
import { idTokens, type IdToken } from './id-tokens';
import { indicatorTokens, readIndicator } from './indicators';
import { parseLifecycleAnswer } from './lifecycle-values';
import { isNeverEntityWord } from './never-entity-words';
import { validateEntityValue } from './validate-entity-value';

/** The same bound as extraction: an answer is a few words; a pasted log is not parsed whole. */
const MAX_ANSWER_CHARS = 2000;

/** Multi-word spans that are one value: "PRD client 100", "PRD / 100", "prio 1", "very high". */
const MULTI_WORD_SPANS: Partial<Record<EntityType, RegExp>> = {
  system: /\b[A-Za-z][A-Za-z0-9]{2}(?:\s*[/-]\s*|\s+(?:client|mandant|clnt)\s*[:=]?\s*|\s+)\d{3}\b/gi,
  priority: /\b(?:very\s+(?:high|low)|(?:p|prio|priority|sev|severity)\s*[:=]?\s*[1-5])\b/gi,
};

/**
 * Parses a bare answer to a slot prompt as `type` first, without needing context words:
 * "PC-0815" or "it was fin-ws-119" to "Which terminal?", "ddic" to "Which user?", "prd 100" to
 * "Which system?". Filler words are skipped; among several candidates the one that looks most
 * like the type wins (a host with digits over a plain word), then the longest, then the first.
 * Returns undefined when nothing in the answer can be that type.
 *
 * @example
 *   parseEntityAs('terminal', 'it was fin-ws-119') // → { entity: 'terminal', value: 'fin-ws-119', start: 7, end: 17, … }
 *   parseEntityAs('system', 'on prd client 100')   // → { entity: 'system', value: 'PRD', client: '100', … }
 *   parseEntityAs('username', 'no idea')           // → undefined
 */
export function parseEntityAs(
  type: EntityType,
  text: string,
  vocabulary: EntityVocabulary = DEFAULT_VOCABULARY,
): Entity | undefined {
  // A reference, classification, person or note is read as a whole answer, not as ID tokens.
  if (isLifecycleEntityType(type)) return parseLifecycleAnswer(type, text);
  const bounded = text.slice(0, MAX_ANSWER_CHARS);
  let best: { entity: Entity; rank: number } | undefined;
  for (const span of candidateSpans(type, bounded)) {
    if (type !== 'priority' && type !== 'alertId' && isNeverEntityWord(span.text)) continue;
    const check = validateEntityValue(type, span.text, vocabulary.prioritySynonyms);
    if (!check.ok) continue;
    const rank = shapeRank(type, span.text, vocabulary);
    const length = span.end - span.start;
    if (
      best === undefined ||
      rank > best.rank ||
      (rank === best.rank && length > best.entity.end - best.entity.start)
    ) {
      best = {
        rank,
        entity: {
          entity: type,
          value: check.value,
          sourceText: span.text,
          start: span.start,
          end: span.end,
          ...(check.client !== undefined && { client: check.client }),
          ...indicatorDetails(type, span.text),
        },
      };
    }
  }
  return best?.entity;
}

/** A hash's kind and an IP's range, for an indicator answer. */
function indicatorDetails(type: EntityType, text: string): Pick<Entity, 'hashKind' | 'addressRange'> {
  if (!isIndicatorEntityType(type)) return {};
  const read = readIndicator(type, text);
  return {
    ...(read?.hashKind && { hashKind: read.hashKind }),
    ...(read?.addressRange && { addressRange: read.addressRange }),
  };
}

function candidateSpans(type: EntityType, text: string): IdToken[] {
  // Indicators may be defanged ("evil[.]com"), which ID tokens would cut at the brackets.
  if (isIndicatorEntityType(type)) return [...indicatorTokens(text), ...idTokens(text)];
  const spans = idTokens(text);
  const multiWord = MULTI_WORD_SPANS[type];
  if (multiWord) {
    for (const match of text.matchAll(multiWord)) {
      spans.push({ text: match[0], start: match.index, end: match.index + match[0].length });
    }
  }
  return spans;
}

/** How much a valid span looks like the type: 3 unmistakable, 2 likely, 1 a plain word. */
function shapeRank(type: EntityType, text: string, vocabulary: EntityVocabulary): number {
  switch (type) {
    case 'terminal':
      return isIpAddress(text) || looksLikeMachineName(text) ? 3 : /\d/.test(text) ? 2 : 1;
    case 'username':
      return vocabulary.knownUsers.has(text.toUpperCase()) ? 3 : /[\d_.*]/.test(text) ? 2 : 1;
    case 'system':
      return /\d{3}$/.test(text) && text.length > 3
        ? 3
        : vocabulary.knownSids.has(text.toUpperCase()) || /\d/.test(text)
          ? 2
          : 1;
    case 'alertId':
      return isSelfEvidentAlertId(text) ? 3 : 2;
    default:
      return 3;
  }
}
