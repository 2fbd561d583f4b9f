import path from 'node:path';
import { loadCorpus } from '../../../src/nlu/corpus';
import { EntityExtractor, parseEntityAs } from '../../../src/nlu/entities';
import type { EntityType } from '../../../src/nlu/types';

/** A bare answer to "Which …?" and what it must be read as: [type, answer, value, text as typed, client]. */
const ANSWERS: Array<[EntityType, string, string, string, string?]> = [
  ['terminal', 'PC-0815', 'PC-0815', 'PC-0815'],
  ['terminal', 'it was fin-ws-119', 'fin-ws-119', 'fin-ws-119'],
  ['terminal', 'the terminal is WS-LDN-0042.', 'WS-LDN-0042', 'WS-LDN-0042'],
  ['terminal', 'sapapp', 'sapapp', 'sapapp'],
  ['terminal', '10.20.30.40', '10.20.30.40', '10.20.30.40'],
  ['terminal', 'host:PC-0815', 'PC-0815', 'PC-0815'],
  ['username', 'DDIC', 'DDIC', 'DDIC'],
  ['username', 'it was j.doe', 'J.DOE', 'j.doe'],
  ['username', 'sap*', 'SAP*', 'sap*'],
  ['username', 'the user is ff_user_07', 'FF_USER_07', 'ff_user_07'],
  ['system', 'PRD', 'PRD', 'PRD'],
  ['system', 'on prd client 100', 'PRD', 'prd client 100', '100'],
  ['system', 'P01/800', 'P01', 'P01/800', '800'],
  ['system', 'it was s4h', 'S4H', 's4h'],
  ['alertId', '4711', '4711', '4711'],
  ['alertId', 'the id is ETD-2024-0815', 'ETD-2024-0815', 'ETD-2024-0815'],
  ['alertId', '#42', '42', '#42'],
  ['ip', 'it came from 2001:db8::1', '2001:db8::1', '2001:db8::1'],
  ['priority', 'high', 'P2', 'high'],
  ['priority', 'prio 1 please', 'P1', 'prio 1'],
  ['priority', 'very low', 'P5', 'very low'],
];

const NON_ANSWERS: Array<[EntityType, string]> = [
  ['terminal', 'no idea'],
  ['terminal', 'the'],
  ['username', 'i dunno'],
  ['username', 'alert'],
  ['system', 'yes'],
  ['system', 'on the prod'],
  ['alertId', 'not sure'],
  ['ip', 'PC-0815'],
  ['priority', 'whenever'],
  ['terminal', ''],
  ['terminal', 'nope'],
  ['terminal', 'nah really'],
  ['username', 'idk'],
  ['terminal', 'whatever'],
  // Said to go on with a form, never a terminal or user (found by the new-user trial).
  ['terminal', 'continue'],
  ['terminal', 'go ahead'],
  ['username', 'proceed'],
];

describe('parseEntityAs reads a bare answer as the asked type first', () => {
  // Objects, not tuples: jest would take a missing fifth tuple element for the `done` callback.
  const answers = ANSWERS.map(([type, answer, value, sourceText, client]) => ({
    type,
    answer,
    value,
    sourceText,
    client,
  }));
  it.each(answers)('$type ← $answer', ({ type, answer, value, sourceText, client }) => {
    const start = answer.indexOf(sourceText);
    expect(parseEntityAs(type, answer)).toEqual({
      entity: type,
      value,
      sourceText,
      start,
      end: start + sourceText.length,
      ...(client && { client }),
      // 2001:db8::/32 is the documentation range (RFC 3849).
      ...(type === 'ip' && { addressRange: 'documentation' }),
    });
  });

  it.each(NON_ANSWERS)('%s ← %j is no answer', (type, answer) => {
    expect(parseEntityAs(type, answer)).toBeUndefined();
  });

  it('prefers the token that looks most like the type', () => {
    expect(parseEntityAs('terminal', 'terminal fin-ws-119 not sapapp')?.value).toBe('fin-ws-119');
    expect(parseEntityAs('username', 'developer J.DOE')?.value).toBe('J.DOE');
  });

  it('uses the corpus vocabulary through the extractor (synonyms from corpus/entities.json)', () => {
    const extractor = EntityExtractor.fromDefinitions(
      loadCorpus(path.resolve(__dirname, '../../../corpus')).entities,
    );
    expect(extractor.parseAs('priority', 'critcal')?.value).toBe('P1');
    expect(parseEntityAs('priority', 'critcal')).toBeUndefined();
  });
});
