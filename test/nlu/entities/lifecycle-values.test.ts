import { findLifecycleValues, parseEntityAs, validateEntityValue } from '../../../src/nlu/entities';

describe('the classification entity', () => {
  it.each([
    ['close it as a false positive', 'false_positive'],
    ['close SOC-2026-0001, FP', 'false_positive'],
    ['that was a false alarm', 'false_positive'],
    ['close it, benign', 'false_positive'],
    ['it was not malicious', 'false_positive'],
    ['close it, not a real attack', 'false_positive'],
    ['close it as a true positive', 'true_positive'],
    ['it was a real attack', 'true_positive'],
    ['SOC-2026-0001 was expected activity', 'expected_activity'],
    ['close it, planned maintenance', 'expected_activity'],
    ['close it as confirmed activity', 'confirmed_activity'],
    ['the user confirmed it, legitimate', 'confirmed_activity'],
    ['close as false_positive', 'false_positive'],
  ])('"%s" → %s', (text, classification) => {
    expect(findLifecycleValues('classification', text).map((entity) => entity.value)).toEqual([
      classification,
    ]);
  });

  it.each(['close it', 'close it as a false positive or a true positive', 'the user is DDIC'])(
    '"%s" names no single classification',
    (text) => {
      expect(findLifecycleValues('classification', text)).toEqual([]);
    },
  );

  it('reads a bare answer with a few words around the phrase, and nothing else', () => {
    expect(parseEntityAs('classification', 'a false alarm')?.value).toBe('false_positive');
    expect(parseEntityAs('classification', "it's expected.")?.value).toBe('expected_activity');
    expect(parseEntityAs('classification', 'I think it was a false alarm but not sure')).toBeUndefined();
    expect(validateEntityValue('classification', 'TP')).toEqual({ ok: true, value: 'true_positive' });
    expect(validateEntityValue('classification', 'maybe')).toMatchObject({ ok: false });
  });
});

describe('the alertRef, person and note entities', () => {
  it('reads socbot references, upper-case', () => {
    expect(findLifecycleValues('alertRef', 'close soc-2026-0001 now').map((e) => e.value)).toEqual([
      'SOC-2026-0001',
    ]);
    expect(validateEntityValue('alertRef', '4711')).toMatchObject({ ok: false });
  });

  it('reads the person after "to", not a pronoun or a team', () => {
    expect(findLifecycleValues('person', 'assign SOC-2026-0001 to Maria').map((e) => e.value)).toEqual([
      'Maria',
    ]);
    expect(
      findLifecycleValues('person', 'hand it over to maria.rossi@corp.com.').map((e) => e.value),
    ).toEqual(['maria.rossi@corp.com']);
    expect(findLifecycleValues('person', 'assign it to me')).toEqual([]);
    expect(findLifecycleValues('person', 'talk to basis')).toEqual([]);
  });

  it('reads the note after a colon or "note that", and refuses a lone chat word or a pasted log', () => {
    expect(
      findLifecycleValues('note', 'add a note to SOC-2026-0001: called the user').map((e) => e.value),
    ).toEqual(['called the user']);
    expect(findLifecycleValues('note', 'note that the user confirmed it').map((e) => e.value)).toEqual([
      'the user confirmed it',
    ]);
    expect(findLifecycleValues('note', 'add a note')).toEqual([]);
    expect(parseEntityAs('note', 'cancel')).toBeUndefined();
    expect(parseEntityAs('note', 'called him, all fine.')?.value).toBe('called him, all fine.');
    expect(validateEntityValue('note', 'x'.repeat(1001))).toMatchObject({ ok: false });
  });
});
