import path from 'node:path';
import { heldOutSet, loadCorpus } from '../../src/nlu/corpus';
import type { Corpus } from '../../src/nlu/corpus/types';
import { EntityExtractor } from '../../src/nlu/entities';
import { maskEntities } from '../../src/nlu/mask-entities';
import type { NluModel } from '../../src/nlu/nlu-model';
import { trainModel } from '../../src/nlu/train-model';
import { NONE_INTENT } from '../../src/nlu/types';

/**
 * "What do we know about this indicator?" (issue 14) on the model trained from the project corpus:
 * the classifier sees indicators masked as @ip, @domain, @url, @hash, and the lookup must not take
 * a register request that carries an IP, a lookup of a registered alert, or a "check" outside
 * security. The phrasings below are in no corpus file.
 */
describe('indicator_lookup on the model trained from the project corpus', () => {
  let corpus: Corpus;
  let model: NluModel;

  beforeAll(async () => {
    corpus = loadCorpus(path.resolve(__dirname, '../../corpus'));
    model = await trainModel(corpus);
  }, 120_000);

  it('masks indicators by their type, defanged or not', async () => {
    const extractor = EntityExtractor.fromDefinitions(corpus.entities);
    const masked = async (text: string): Promise<string> =>
      maskEntities(text, await extractor.extract(text))
        .replace(/\s+/g, ' ')
        .trim();
    expect(await masked('vtip 1.2.3[.]4 and evil[.]com')).toBe('vtip @ip and @domain');
    expect(await masked('vturl hxxps://evil[.]com/x or vthash 44d88612fea8a8f36de82e1278abb02f')).toBe(
      'vturl @url or vthash @hash',
    );
  });

  it('reads at least 90% of its held-out phrasings as indicator_lookup', async () => {
    const tests = heldOutSet(corpus).filter((t) => t.intent === 'indicator_lookup');
    let correct = 0;
    for (const test of tests)
      if ((await model.recognize(test.utterance)).intent === 'indicator_lookup') correct += 1;
    expect(tests.length).toBeGreaterThanOrEqual(12);
    expect(correct / tests.length).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['vt 203.0.113[.]77', 'indicator_lookup'],
    ['is payroll-update[.]info phishing?', 'indicator_lookup'],
    ['check 9e107d9d372bb6826bd81d3542a419d6 on virustotal', 'indicator_lookup'],
    ['register alert 4711: DDIC logged on to PRD from 185.220.101.4', 'alert'],
    ['status of SOC-2026-0042', 'alert_lookup'],
    ['check alert 5120 on PRD', 'alert_lookup'],
    ['check the traffic on my way home', NONE_INTENT],
  ])('%j → %s', async (text, intent) => {
    expect((await model.recognize(text)).intent).toBe(intent);
  });
});
