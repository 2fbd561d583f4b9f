import type { Corpus } from '../../src/nlu/corpus/types';
import { IntentClassifier } from '../../src/nlu/intent-classifier';
import { MAX_CLASSIFIED_CHARS, NluModel } from '../../src/nlu/nlu-model';
import { TextFeaturizer } from '../../src/nlu/text-features';
import { trainModel } from '../../src/nlu/train-model';

/** Two lifecycle intents that share most words and differ in the verb, and a greeting. */
const corpus: Corpus = {
  name: 'explain-fixture',
  locale: 'en',
  entities: {},
  files: [],
  hash: 'explain-fixture',
  intents: [
    {
      intent: 'alert_close',
      utterances: [
        'close the alert',
        'close it',
        'close this one as a false positive',
        'please close the alert now',
        'we can close that alert',
        'close the alert, it was a test',
      ],
      tests: [],
      file: '',
    },
    {
      intent: 'alert_reopen',
      utterances: [
        'reopen the alert',
        'reopen it',
        'reopen this one, it is real',
        'please reopen the alert now',
        'we must reopen that alert',
        'reopen the alert, it came back',
      ],
      tests: [],
      file: '',
    },
    {
      intent: 'greeting',
      utterances: ['hello', 'hi there', 'good morning', 'hey socbot'],
      tests: [],
      file: '',
    },
  ],
};

/** The features of one word: what "because of <word>" may name. */
function featuresOfWord(word: string): Set<string> {
  return new Set(new TextFeaturizer().features(word).filter((f) => !f.startsWith('b:')));
}

describe('NluModel.explain', () => {
  let model: NluModel;
  let linearOnly: NluModel;
  beforeAll(async () => {
    model = await trainModel(corpus);
    linearOnly = await trainModel(corpus, { settings: { nlpjs: { weight: 0 } } });
  });

  it('names the word only the chosen intent has as its strongest feature, and the runner-up', async () => {
    const why = await model.explain('please reopen the alert');
    expect(why.intent).toBe('alert_reopen');
    expect(why.runnerUp?.intent).toBe('alert_close');
    expect(why.score).toBeGreaterThan(why.runnerUp?.score ?? 1);
    expect(featuresOfWord('reopen').has(why.forIntent[0]?.feature ?? '')).toBe(true);
    expect(why.forIntent.length).toBeGreaterThan(0);
    expect(why.forIntent.length).toBeLessThanOrEqual(5);
    for (const list of [why.forIntent, why.forRunnerUp]) {
      for (const c of list) expect(c.weight).toBeGreaterThan(0);
      expect(list.map((c) => c.weight)).toEqual([...list.map((c) => c.weight)].sort((a, b) => b - a));
    }
  });

  it('names what spoke for the runner-up', async () => {
    const why = await model.explain('close the alert, do not reopen it');
    const against = why.intent === 'alert_close' ? 'reopen' : 'close';
    expect(why.forRunnerUp.some((c) => featuresOfWord(against).has(c.feature))).toBe(true);
  });

  it('labels features for people and lists each label once', async () => {
    const why = await model.explain('reopen it', { top: 50 });
    const labels = [...why.forIntent, ...why.forRunnerUp].map((c) => c.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toContain('reopen');
    expect(labels.some((l) => /^"reo/.test(l))).toBe(true);
    expect(labels).toContain('reopen (at the start)');
  });

  it('honours top and threshold, and reports the model threshold by default', async () => {
    const why = await model.explain('please reopen the alert', { top: 2 });
    expect(why.forIntent).toHaveLength(2);
    expect(why.threshold).toBe(model.meta.threshold);
    expect(why.decided).toBe(true);
    const strict = await model.explain('please reopen the alert', { threshold: 0.9999 });
    expect(strict.threshold).toBe(0.9999);
    expect(strict.decided).toBe(false);
  });

  it('says when the out-of-scope evidence, not the threshold, left an intent unchosen', async () => {
    const withNone = await trainModel({
      ...corpus,
      intents: [
        ...corpus.intents,
        {
          intent: 'None',
          utterances: ['what is the weather', 'book a table for two', 'play some music', 'tell me a joke'],
          tests: [],
          file: '',
        },
      ],
    });
    const outOfScope = await withNone.explain('play me some music about the weather', { threshold: 0 });
    expect(outOfScope.decided).toBe(false);
    expect(outOfScope.outweighedByNone).toBe(true);
    const underThreshold = await withNone.explain('please reopen the alert', { threshold: 0.9999 });
    expect(underThreshold.decided).toBe(false);
    expect(underThreshold.outweighedByNone).toBeUndefined();
    expect((await withNone.explain('please reopen the alert')).outweighedByNone).toBeUndefined();
  });

  it('says how much of the score comes from NLP.js network', async () => {
    expect((await model.explain('hello')).networkShare).toBe(model.meta.settings.nlpjs.weight);
    expect(model.meta.settings.nlpjs.weight).toBeGreaterThan(0);
    expect((await linearOnly.explain('hello')).networkShare).toBe(0);
  });

  it('is deterministic, also for the same model loaded from its JSON', async () => {
    const text = 'we should close this one as false positive';
    const first = await model.explain(text);
    expect(await model.explain(text)).toEqual(first);
    const reloaded = NluModel.fromJSON(model.toJSON());
    expect(await reloaded.explain(text)).toEqual(first);
  });

  it('reads at most MAX_CLASSIFIED_CHARS, like recognize', async () => {
    const head = 'close the alert '.repeat(MAX_CLASSIFIED_CHARS / 16);
    const cut = await model.explain(head.slice(0, MAX_CLASSIFIED_CHARS));
    const long = await model.explain(`${head}${'reopen '.repeat(500)}`);
    expect(long).toEqual(cut);
    expect(long.text).toHaveLength(MAX_CLASSIFIED_CHARS);
  });
});

describe('IntentClassifier.explain: the pulls are the real weights', () => {
  it.each([
    'please reopen the alert',
    'close this alert as false positive',
    'hello, close it',
    'completely unrelated words',
  ])('adds up to the logit margin minus the bias margin for "%s"', async (text) => {
    const model = await trainModel(corpus, { settings: { nlpjs: { weight: 0 } } });
    const classifier = IntentClassifier.fromJSON(model.toJSON().classifier, model.meta.settings);
    const chosen = classifier.classes.indexOf('alert_close');
    const other = classifier.classes.indexOf('alert_reopen');
    const linear = classifier.explain(text, chosen, other);
    const sum = linear.pulls.reduce((total, pull) => total + pull.weight, 0);
    expect(sum).toBeCloseTo(linear.logitMargin - linear.biasMargin, 5);
    // Without NLP.js the probabilities are the softmax of the logits: their log ratio is the margin.
    const { probabilities } = classifier.score(text);
    expect(Math.log(probabilities[chosen]! / probabilities[other]!)).toBeCloseTo(linear.logitMargin, 4);
    expect(linear.biasMargin).not.toBe(0);
  });

  it('lists every known feature of the text once, by name', async () => {
    const model = await trainModel(corpus, { settings: { nlpjs: { weight: 0 } } });
    const classifier = IntentClassifier.fromJSON(model.toJSON().classifier, model.meta.settings);
    const linear = classifier.explain('reopen it', 0, 1);
    const features = linear.pulls.map((p) => p.feature);
    expect(new Set(features).size).toBe(features.length);
    expect(features).toEqual(expect.arrayContaining(['w:reopen', 'w:it', 'b:<s> reopen', 'c:<reo']));
  });
});

describe('NluModel.explain sums: merged contributions keep the whole margin', () => {
  it('forIntent minus forRunnerUp equals the linear margin minus the bias margin', async () => {
    const model = await trainModel(corpus, { settings: { nlpjs: { weight: 0 } } });
    const classifier = IntentClassifier.fromJSON(model.toJSON().classifier, model.meta.settings);
    const text = 'please reopen the alert now';
    const why = await model.explain(text, { top: 10_000 });
    const linear = classifier.explain(
      text,
      classifier.classes.indexOf(why.intent),
      classifier.classes.indexOf(why.runnerUp?.intent ?? ''),
    );
    const net =
      why.forIntent.reduce((t, c) => t + c.weight, 0) - why.forRunnerUp.reduce((t, c) => t + c.weight, 0);
    expect(net).toBeCloseTo(linear.logitMargin - linear.biasMargin, 2);
  });
});
