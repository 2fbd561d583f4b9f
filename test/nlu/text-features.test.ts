import { TextFeaturizer } from '../../src/nlu/text-features';

describe('TextFeaturizer', () => {
  const featurizer = new TextFeaturizer({ wordNgrams: 2, charNgramMin: 3, charNgramMax: 3 });

  it('stems words the way NLP.js does and adds stem bigrams with sentence bounds', () => {
    const { stems, features } = featurizer.analyze('Registering alerts');
    expect(stems).toEqual(['regist', 'alert']);
    expect(features).toEqual(
      expect.arrayContaining(['w:regist', 'w:alert', 'b:<s> regist', 'b:regist alert', 'b:alert </s>']),
    );
  });

  it('adds character n-grams with word boundaries, so a typo still shares most features', () => {
    const right = new Set(featurizer.features('terminal'));
    const typo = featurizer.features('termnal');
    expect(right.has('c:<te')).toBe(true);
    expect(right.has('c:al>')).toBe(true);
    const shared = typo.filter((f) => right.has(f)).length;
    expect(shared).toBeGreaterThanOrEqual(4);
  });

  it('maps digits to one shape so alert numbers generalise', () => {
    expect(featurizer.analyze('alert 4711').stems).toEqual(['alert', '0000']);
    expect(featurizer.features('alert 4711')).toEqual(featurizer.features('alert 9999'));
  });

  it('keeps entity placeholders whole and without character n-grams', () => {
    const features = featurizer.features('user @username');
    expect(features).toContain('w:@username');
    expect(features.some((f) => f.startsWith('c:') && f.includes('@'))).toBe(false);
  });

  it('lower-cases and strips accents before anything else', () => {
    expect(featurizer.features('CAFÉ')).toEqual(featurizer.features('cafe'));
  });

  it('emits no bigrams when word n-grams are 1', () => {
    const unigrams = new TextFeaturizer({ wordNgrams: 1, charNgramMin: 3, charNgramMax: 3 });
    expect(unigrams.features('block the host').some((f) => f.startsWith('b:'))).toBe(false);
  });
});
