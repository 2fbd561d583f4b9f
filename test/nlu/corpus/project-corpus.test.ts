import path from 'node:path';
import { heldOutSet, loadCorpus, trainingSet } from '../../../src/nlu/corpus';
import { utteranceKey } from '../../../src/nlu/corpus/utterance-key';
import { ENTITY_TYPES, needsNoCorpusDefinition, NONE_INTENT } from '../../../src/nlu/types';

const CORPUS = path.resolve(__dirname, '../../../corpus');

/** What the dialogs and the accuracy floor rely on; lowering a number here needs a reason. */
const MINIMUM_COUNTS: Record<string, { utterances: number; tests: number }> = {
  alert: { utterances: 60, tests: 12 },
  initiator: { utterances: 60, tests: 12 },
  username: { utterances: 60, tests: 12 },
  system: { utterances: 60, tests: 12 },
  inform: { utterances: 60, tests: 12 },
  greeting: { utterances: 20, tests: 12 },
  thanks: { utterances: 20, tests: 12 },
  bye: { utterances: 20, tests: 12 },
  help: { utterances: 20, tests: 12 },
  cancel: { utterances: 20, tests: 12 },
  status: { utterances: 20, tests: 12 },
  explain_last: { utterances: 15, tests: 6 },
  // issue 13: the alert's lifecycle, its incident room and timeline (incident.en.json)
  alert_lookup: { utterances: 30, tests: 12 },
  alert_list: { utterances: 30, tests: 12 },
  alert_list_mine: { utterances: 30, tests: 12 },
  alert_list_urgent: { utterances: 30, tests: 12 },
  alert_take: { utterances: 30, tests: 12 },
  alert_assign: { utterances: 30, tests: 12 },
  alert_note: { utterances: 30, tests: 12 },
  alert_contain: { utterances: 30, tests: 12 },
  alert_close: { utterances: 30, tests: 12 },
  alert_reopen: { utterances: 30, tests: 12 },
  incident_investigate: { utterances: 30, tests: 12 },
  incident_timeline: { utterances: 30, tests: 12 },
  // issue 14: "what do we know about this indicator?" (soc.en.json)
  indicator_lookup: { utterances: 40, tests: 12 },
  // issue 16 step 5: "triage SOC-2026-0001", "what do you make of this one?" (triage.en.json)
  alert_triage: { utterances: 25, tests: 8 },
  // issue 17: "that one was a lost device", "recategorise SOC-2026-0012 as phishing" (mailbox.en.json)
  mail_recategorise: { utterances: 15, tests: 7 },
  [NONE_INTENT]: { utterances: 80, tests: 40 },
};

describe('the project corpus', () => {
  // strict: any validator issue throws, so loading at all means zero issues.
  const corpus = loadCorpus(CORPUS);

  it('loads strictly with zero issues', () => {
    expect(corpus.warnings).toEqual([]);
    expect(corpus.locale).toBe('en-US');
    expect(corpus.files.map((file) => path.basename(file))).toEqual([
      'entities.json',
      'explain.en.json',
      'incident.en.json',
      'mailbox.en.json',
      'out-of-scope.en.json',
      'smalltalk.en.json',
      'soc.en.json',
      'triage.en.json',
    ]);
  });

  it('has exactly the intents the dialogs use', () => {
    expect(corpus.intents.map((intent) => intent.intent).sort()).toEqual(Object.keys(MINIMUM_COUNTS).sort());
  });

  it.each(Object.entries(MINIMUM_COUNTS))('%s has enough training utterances and held-out tests', (name, minimum) => {
    const intent = corpus.intents.find((candidate) => candidate.intent === name);
    expect(intent?.utterances.length).toBeGreaterThanOrEqual(minimum.utterances);
    expect(intent?.tests.length).toBeGreaterThanOrEqual(minimum.tests);
  });

  it('keeps held-out tests out of training', () => {
    const trained = new Set(trainingSet(corpus).map((u) => utteranceKey(u.utterance)));
    expect(heldOutSet(corpus).filter((t) => trained.has(utteranceKey(t.utterance)))).toEqual([]);
  });

  it('has no held-out test that is a training phrase of its intent with one word changed', () => {
    const trivialRewordings = corpus.intents.flatMap(({ intent, utterances, tests }) =>
      tests.flatMap((test) =>
        utterances
          .filter((utterance) => isOneWordRewording(words(test), words(utterance)))
          .map((utterance) => `${intent}: "${test}" ~ "${utterance}"`),
      ),
    );
    expect(trivialRewordings).toEqual([]);
  });

  it('defines every entity type socbot extracts from the corpus (the lifecycle types and domain, url, hash are read in code)', () => {
    const fromCorpus = ENTITY_TYPES.filter((type) => !needsNoCorpusDefinition(type));
    expect(Object.keys(corpus.entities).sort()).toEqual([...fromCorpus].sort());
  });

  it('has the out-of-scope near-misses an analyst is likely to type', () => {
    const outOfScope = heldOutSet(corpus).filter((t) => t.intent === NONE_INTENT).map((t) => t.utterance);
    expect(outOfScope).toEqual(
      expect.arrayContaining(['my laptop is slow', 'book a meeting room', 'how many vacation days do I have']),
    );
  });

  it('holds out the lifecycle near-misses and the phrasings issue 13 names', () => {
    const heldOut = heldOutSet(corpus);
    const testsOf = (intent: string): string[] => heldOut.filter((t) => t.intent === intent).map((t) => t.utterance);
    expect(testsOf(NONE_INTENT)).toEqual(
      expect.arrayContaining([
        'close the window',
        'assign me a parking spot',
        "what's the status of my leave request",
        'take a break',
      ]),
    );
    expect(testsOf('alert_lookup')).toEqual(
      expect.arrayContaining(['status of SOC-2026-0001', 'what do we have on alert 4711?']),
    );
    expect(testsOf('alert_take')).toContain("I'll take it");
    expect(testsOf('alert_assign')).toContain('assign SOC-2026-0001 to Maria');
    expect(testsOf('alert_close')).toEqual(
      expect.arrayContaining(['close it as a false positive', 'SOC-2026-0001 was expected activity']),
    );
    expect(testsOf('incident_investigate')).toContain('Investigate SOC-2026-0001');
    expect(testsOf('incident_timeline')).toContain('timeline');
  });

  it('holds out the indicator phrasings issue 14 names, and "check" outside security', () => {
    const heldOut = heldOutSet(corpus);
    const testsOf = (intent: string): string[] => heldOut.filter((t) => t.intent === intent).map((t) => t.utterance);
    expect(testsOf('indicator_lookup')).toEqual(
      expect.arrayContaining([
        'vtip 8.8.8.8',
        'is 185.220.101[.]4 known bad?',
        'reputation of evil.com',
        'any intel on this ip',
        'enrich 1.2.3.4',
      ]),
    );
    expect(testsOf(NONE_INTENT)).toEqual(expect.arrayContaining(['check the weather in Berlin', 'any intel on the reorg']));
  });
});

function words(phrase: string): string[] {
  return phrase.toLowerCase().match(/[a-z0-9'*._-]+/g) ?? [];
}

/** One word inserted, deleted or replaced, with at least one word in common ("hi" → "hi again"). */
function isOneWordRewording(a: readonly string[], b: readonly string[]): boolean {
  if (!a.some((word) => b.includes(word))) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return (previous[b.length] ?? 0) <= 1;
}
