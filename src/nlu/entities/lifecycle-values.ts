import type { Entity, LifecycleEntityType } from '../types';
import { findIndicatorList, readIndicatorList } from './indicator-list';
import type { EntityValueCheck } from './validate-entity-value';
import { SOCBOT_ALERT_REF, SOCBOT_ALERT_REF_IN_TEXT } from './entity-shapes';
import { isNeverEntityWord } from './never-entity-words';
import { findMailCategory, MAIL_CATEGORY_EXAMPLE } from './mail-category-words';

/**
 * The values of an alert's lifecycle commands: socbot's reference (`alertRef`), a close's
 * `classification`, the `person` an alert is assigned to and a `note`'s text. They are read for the
 * skill a message is for (the conversation asks for them only where a skill has such a slot), after
 * the classifier has decided the intent, so the trained model is the same with or without them.
 */

/** The classifications of a closed alert (the same names as src/store/alert-change.ts, repeated so src/nlu imports no store). */
export const CLASSIFICATIONS = [
  'true_positive',
  'false_positive',
  'expected_activity',
  'confirmed_activity',
] as const;
type Classification = (typeof CLASSIFICATIONS)[number];

/**
 * How analysts say each classification. Matched as whole words, case, hyphens and underscores
 * ignored; the longest phrase wins ("not malicious" is a false positive, not "malicious").
 */
const CLASSIFICATION_PHRASES: Readonly<Record<Classification, readonly string[]>> = {
  false_positive: [
    'false positive',
    'false positives',
    'fp',
    'false alarm',
    'false alert',
    'benign',
    'harmless',
    'not malicious',
    'nothing malicious',
    'no threat',
    'not an attack',
    'not a real attack',
    'noise',
  ],
  true_positive: [
    'true positive',
    'tp',
    'real attack',
    'an attack',
    'a real incident',
    'malicious',
    'genuine attack',
    'compromise',
    'compromised',
  ],
  expected_activity: [
    'expected activity',
    'expected',
    'planned activity',
    'planned',
    'planned change',
    'scheduled maintenance',
    'maintenance',
    'known activity',
  ],
  confirmed_activity: [
    'confirmed activity',
    'confirmed by the user',
    'the user confirmed',
    'user confirmed',
    'confirmed legitimate',
    'legitimate',
    'legit',
    'authorized activity',
    'authorised activity',
  ],
};

/** How a value of each type is shown in a re-prompt. */
export const LIFECYCLE_EXAMPLES: Readonly<Record<LifecycleEntityType, string>> = {
  alertRef: 'SOC-2026-0001, or the alert ID such as 4711',
  classification: 'false positive, true positive, expected activity or confirmed activity',
  person: 'maria.rossi@corp.com, or a first name such as Maria',
  note: 'called the user, he confirms the logon',
  indicators: '185.220.101[.]4, evil[.]com, a URL or a file hash (MD5, SHA-1, SHA-256)',
  mailCategory: MAIL_CATEGORY_EXAMPLE,
};

/** Words before a classification in an answer to "What was it?": "it was a", "just", "an". */
const CLASSIFICATION_ANSWER_LEAD =
  /^(?:(?:it|this|that)(?:'s|\s+was|\s+is)\s+)?(?:(?:just|only|clearly)\s+)?(?:(?:a|an)\s+)?/i;

/** A note is a few sentences; a pasted log belongs in the ticket, not in the register's line. */
export const MAX_NOTE_CHARS = 1000;

/** An identity (e-mail, Entra object id, channel id) or a first name: one token, no spaces. */
const PERSON = /^[A-Za-z0-9][\w.+'-]*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?$/;
/** "to Maria", "over to maria.rossi@corp.com": the person follows "to". */
const PERSON_IN_TEXT = /\bto\s+([A-Za-z0-9][\w.+'-]*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/gi;
/** "note on it: …", "add a note to SOC-2026-0001: …", "note that …": the text after the colon or "that". */
const NOTE_IN_TEXT = [/\bnotes?\b[^:\n]{0,80}:\s*(\S[\s\S]*)$/i, /\bnote\s+that\s+(\S[\s\S]*)$/i];

/**
 * Checks a value of a lifecycle type and normalises it (a reference upper-case, a classification
 * to its name, a note trimmed).
 *
 * @example
 *   validateLifecycleValue('classification', 'False alarm') // → { ok: true, value: 'false_positive' }
 *   validateLifecycleValue('alertRef', 'soc-2026-0001')     // → { ok: true, value: 'SOC-2026-0001' }
 */
export function validateLifecycleValue(type: LifecycleEntityType, value: string): EntityValueCheck {
  const example = LIFECYCLE_EXAMPLES[type];
  const fail = (reason: string): EntityValueCheck => ({ ok: false, reason, example });
  const text = value.trim();
  if (text === '') return fail('the answer is empty');
  const word = text.replace(/[.!?]+$/, '');
  switch (type) {
    case 'alertRef':
      if (SOCBOT_ALERT_REF.test(word)) return { ok: true, value: word.toUpperCase() };
      return fail(`"${word}" is not socbot's reference of an alert`);
    case 'classification': {
      const found = classificationsIn(word);
      const names = new Set(found.map((match) => match.value));
      const [only] = names;
      if (names.size === 1 && only !== undefined) return { ok: true, value: only };
      return fail(
        names.size > 1 ? `"${word}" names more than one classification` : `"${word}" is not a classification`,
      );
    }
    case 'person':
      if (PERSON.test(word) && word.length <= 254 && !isNeverEntityWord(word))
        return { ok: true, value: word };
      return fail(`"${word}" is not a person's e-mail, id or first name`);
    case 'note':
      if (text.length > MAX_NOTE_CHARS) {
        return fail(`the note has ${text.length} characters; keep it under ${MAX_NOTE_CHARS}`);
      }
      // A lone "cancel", "help" or "ok" is the analyst talking to the bot, not a note.
      if (!/\s/.test(word) && isNeverEntityWord(word)) return fail(`"${word}" is not a note`);
      return { ok: true, value: text };
    case 'indicators': {
      const list = readIndicatorList(text);
      if (list === undefined) return fail(`"${word}" holds no IP address, domain, URL or file hash`);
      return { ok: true, value: list };
    }
    case 'mailCategory': {
      const found = findMailCategory(text);
      return found ? { ok: true, value: found.value } : fail(`"${word}" is not one mail category`);
    }
  }
}

/**
 * The lifecycle values of `type` in a sentence ("close it as a false alarm", "assign it to Maria",
 * "note: called the user"). At most one per type; none when the sentence is ambiguous (two
 * classifications).
 *
 * @example
 *   findLifecycleValues('classification', 'close it as a false alarm') // → [{ entity: 'classification', value: 'false_positive', … }]
 */
export function findLifecycleValues(type: LifecycleEntityType, text: string): Entity[] {
  switch (type) {
    case 'alertRef':
      return [...text.matchAll(SOCBOT_ALERT_REF_IN_TEXT)].map((match) =>
        entityAt('alertRef', match[0].toUpperCase(), match[0], match.index),
      );
    case 'classification': {
      const found = classificationsIn(text);
      return new Set(found.map((match) => match.value)).size === 1 ? found.slice(0, 1) : [];
    }
    case 'person': {
      const people = [...text.matchAll(PERSON_IN_TEXT)]
        .map((match) => ({ match, value: (match[1] ?? '').replace(/\.$/, '') }))
        .filter(({ value }) => validateLifecycleValue('person', value).ok);
      const last = people.at(-1);
      return last
        ? [
            entityAt(
              'person',
              last.value,
              last.value,
              last.match.index + last.match[0].lastIndexOf(last.value),
            ),
          ]
        : [];
    }
    case 'indicators': {
      const list = findIndicatorList(text);
      return list ? [list] : [];
    }
    case 'mailCategory': {
      const found = findMailCategory(text);
      return found ? [entityAt('mailCategory', found.value, found.sourceText, found.start)] : [];
    }
    case 'note':
      for (const pattern of NOTE_IN_TEXT) {
        const match = pattern.exec(text);
        const said = match?.[1]?.trim();
        if (match && said && validateLifecycleValue('note', said).ok) {
          return [entityAt('note', said, said, match.index + match[0].lastIndexOf(said))];
        }
      }
      return [];
  }
}

/**
 * A whole answer to "Which alert?", "Who should lead it?" & co. read as `type`, or undefined. A
 * classification may be said in other words ("a false alarm"); the span is the phrase found.
 */
export function parseLifecycleAnswer(type: LifecycleEntityType, text: string): Entity | undefined {
  const trimmed = text.trim();
  if (type === 'classification') {
    // "a false alarm", "it was expected": the phrase with a few words around it is the whole answer.
    const core = trimmed.replace(/[.!?]+$/, '').replace(CLASSIFICATION_ANSWER_LEAD, '');
    const [found] = findLifecycleValues('classification', core);
    return found && found.sourceText.length === core.length
      ? { ...found, sourceText: trimmed, start: 0, end: trimmed.length }
      : undefined;
  }
  const checked = validateLifecycleValue(type, trimmed);
  if (!checked.ok) return undefined;
  const sourceText = type === 'note' ? trimmed : trimmed.replace(/[.!?]+$/, '');
  return entityAt(type, checked.value, sourceText, text.indexOf(sourceText));
}

interface ClassificationMatch extends Entity {
  value: Classification;
}

/** Every classification phrase in `text`, longest first where they overlap, in text order. */
function classificationsIn(text: string): ClassificationMatch[] {
  const lower = text.toLowerCase().replace(/[-_]/g, ' ');
  const matches: ClassificationMatch[] = [];
  for (const name of CLASSIFICATIONS) {
    for (const phrase of [name.replace('_', ' '), ...CLASSIFICATION_PHRASES[name]]) {
      const pattern = new RegExp(String.raw`\b${phrase.replace(/ /g, String.raw`\s+`)}\b`, 'g');
      for (const match of lower.matchAll(pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        matches.push({ ...entityAt('classification', name, text.slice(start, end), start), value: name });
      }
    }
  }
  const longestFirst = matches.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: ClassificationMatch[] = [];
  for (const match of longestFirst) {
    if (kept.every((other) => match.end <= other.start || other.end <= match.start)) kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function entityAt(entity: LifecycleEntityType, value: string, sourceText: string, start: number): Entity {
  return { entity, value, sourceText, start, end: start + sourceText.length };
}
