import path from 'node:path';
import { heldOutSet, loadCorpus } from '../../src/nlu/corpus';
import type { Corpus } from '../../src/nlu/corpus/types';
import type { NluModel } from '../../src/nlu/nlu-model';
import { trainModel } from '../../src/nlu/train-model';
import { PROTOTYPE_NAMES } from '../../src/nlu/prototype-names';
import { NONE_INTENT } from '../../src/nlu/types';

const SOC_INTENTS = new Set(['alert', 'initiator', 'username', 'system', 'inform']);

describe('NluModel trained on the project corpus', () => {
  let corpus: Corpus;
  let model: NluModel;

  beforeAll(async () => {
    corpus = loadCorpus(path.resolve(__dirname, '../../corpus'));
    model = await trainModel(corpus);
  });

  it('meets the accuracy floor on the held-out test phrases', async () => {
    const tests = heldOutSet(corpus);
    let correct = 0;
    for (const test of tests)
      if ((await model.recognize(test.utterance)).intent === test.intent) correct += 1;
    expect(tests.length).toBeGreaterThan(100);
    expect(correct / tests.length).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects held-out out-of-scope phrases without firing a SOC intent', async () => {
    const outOfScope = heldOutSet(corpus).filter((t) => t.intent === NONE_INTENT);
    expect(outOfScope.length).toBeGreaterThanOrEqual(30);
    const answers = await Promise.all(outOfScope.map((t) => model.recognize(t.utterance)));
    const rejected = answers.filter((a) => a.intent === NONE_INTENT).length;
    expect(rejected / outOfScope.length).toBeGreaterThanOrEqual(0.95);
    expect(answers.filter((a) => SOC_INTENTS.has(a.intent)).map((a) => a.text)).toEqual([]);
  });

  it('recognizes an analyst message with its entities and their offsets', async () => {
    const text = 'ETD raised alert 4711 on PRD, user DDIC from terminal PC-0815';
    const result = await model.recognize(text);
    expect(result.intent).toBe('alert');
    const byType = Object.fromEntries(result.entities.map((e) => [e.entity, e]));
    expect(byType.alertId?.value).toBe('4711');
    expect(byType.system?.value).toBe('PRD');
    expect(byType.username?.value).toBe('DDIC');
    expect(byType.terminal?.value).toBe('PC-0815');
    for (const e of result.entities) expect(text.slice(e.start, e.end)).toBe(e.sourceText);
  });

  it.each([
    ['alert 9', '9'],
    ['register alert 9 on PRD', '9'],
    ['ETD raised alert 7, user DDIC', '7'],
  ])('takes a one-digit alert ID in "%s" (it used to be dropped silently)', async (text, alertId) => {
    const result = await model.recognize(text);
    expect(result.intent).toBe('alert');
    expect(result.entities.filter((e) => e.entity === 'alertId').map((e) => e.value)).toEqual([alertId]);
  });

  it.each([
    ['status of SOC-2026-0001', 'alert_lookup'],
    ['what do we have on alert 4711?', 'alert_lookup'],
    ["I'll take it", 'alert_take'],
    ['assign SOC-2026-0001 to Maria', 'alert_assign'],
    ['close it as a false positive', 'alert_close'],
    ['SOC-2026-0001 was expected activity', 'alert_close'],
    ['Investigate SOC-2026-0001', 'incident_investigate'],
    ['timeline', 'incident_timeline'],
  ])('understands issue 13\'s own phrasing "%s" as %s', async (text, intent) => {
    expect((await model.recognize(text)).intent).toBe(intent);
  });

  it.each([
    ['4711', NONE_INTENT],
    ['1234567', NONE_INTENT],
    ['alert 4711', 'alert'],
    ['ETD raised alert 4711 on PRD', 'alert'],
  ])(
    'keeps "%s" apart from the lifecycle intents (%s): a bare number is no command to take an alert',
    async (text, intent) => {
      expect((await model.recognize(text)).intent).toBe(intent);
    },
  );

  it.each([
    ['raise an alert with prio 2 on PRD client 100', 'P2'],
    ['sev 3 alert on QAS', 'P3'],
  ])('does not take the digit of a priority or a client in "%s" as an alert ID', async (text, priority) => {
    const result = await model.recognize(text);
    expect(result.entities.filter((e) => e.entity === 'alertId')).toEqual([]);
    expect(result.entities.find((e) => e.entity === 'priority')?.value).toBe(priority);
  });

  it('answers None for gibberish and still lists the nearest in-scope intents, best first', async () => {
    const result = await model.recognize('qwzx plorf vrrb');
    expect(result.intent).toBe(NONE_INTENT);
    expect(result.alternatives.length).toBeGreaterThan(0);
    expect(result.alternatives.some((a) => a.intent === NONE_INTENT)).toBe(false);
    const scores = result.alternatives.map((a) => a.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('records how it was made: corpus hash, settings, threshold, intents', () => {
    expect(model.meta.corpusHash).toBe(corpus.hash);
    expect(model.meta.intents).toEqual(
      expect.arrayContaining(['alert', 'initiator', 'username', 'system', 'inform']),
    );
    expect(model.meta.threshold).toBeGreaterThanOrEqual(model.meta.settings.calibration.minThreshold);
    expect(model.meta.threshold).toBeLessThanOrEqual(model.meta.settings.calibration.maxThreshold);
    expect(model.meta.trainingUtterances).toBe(corpus.intents.reduce((n, i) => n + i.utterances.length, 0));
    expect(model.meta.nlpjsNetwork).toBe('used');
  });

  it('answers a 1 MB message from its first part instead of failing', async () => {
    const huge = `register alert 4711 on PRD ${'x'.repeat(1024 * 1024)}`;
    const result = await model.recognize(huge);
    expect(result.intent).toBe('alert');
    expect(result.entities.every((e) => e.end <= 2000)).toBe(true);
  });

  it('recognizes messages made of prototype names (issue 12 item 6: "constructor" crashed it)', async () => {
    for (const name of PROTOTYPE_NAMES) {
      const recognition = await model.recognize(`register alert 4711 ${name} on PRD ${name}`);
      expect(recognition.entities.map((e) => e.value)).toEqual(['4711', 'PRD']);
      expect((await model.recognize(name)).entities).toEqual([]);
    }
  });

  it('is deterministic: the same corpus trains the same answers', async () => {
    const again = await trainModel(corpus);
    const text = 'pls tell basis to block WS-LDN-0042';
    expect(await again.recognize(text)).toEqual(await model.recognize(text));
  });
});
