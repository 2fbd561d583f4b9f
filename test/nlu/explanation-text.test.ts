import type { Explanation } from '../../src/nlu/explanation';
import { explanationText } from '../../src/nlu/explanation-text';

const decided: Explanation = {
  text: 'close SOC-2026-0001 as false positive',
  intent: 'alert_close',
  score: 0.9134,
  runnerUp: { intent: 'alert_reopen', score: 0.0412 },
  threshold: 0.42,
  decided: true,
  forIntent: [
    { feature: 'w:close', label: 'close', weight: 1.2 },
    { feature: 'c:<clos', label: '"clos…"', weight: 0.5 },
    { feature: 'b:<s> as', label: 'as (at the start)', weight: 0.1 },
  ],
  forRunnerUp: [{ feature: 'w:reopen', label: 'reopen', weight: 0.3 }],
  networkShare: 0,
};

describe('explanationText', () => {
  it('says the choice, the score, the threshold, the runner-up and the features each way', () => {
    expect(explanationText(decided, 'intent')).toBe(
      'I read it as **alert_close** (0.91; threshold 0.42) rather than **alert_reopen** (0.04), ' +
        'mostly because of: close, "clos…", as (at the start). Against it: reopen.',
    );
  });

  it('says when NLP.js network has a share in the score', () => {
    expect(explanationText({ ...decided, networkShare: 0.3 }, 'intent')).toMatch(
      /\n\nThese are the linear model's weights; NLP\.js's network adds 30% to the score\.$/,
    );
  });

  it('says it was not sure when the score is under the threshold, with the noun given', () => {
    const text = explanationText(
      { ...decided, score: 0.31, decided: false, forRunnerUp: [], runnerUp: undefined },
      'category',
    );
    expect(text).toBe(
      'I wasn\'t sure: the nearest category was **alert_close** (0.31), under the threshold 0.42, mostly because of: close, "clos…", as (at the start).',
    );
  });

  it('does not call a score over the threshold "under" it when the message read more like something out of scope', () => {
    const text = explanationText(
      {
        ...decided,
        intent: 'bye',
        score: 0.08,
        threshold: 0.05,
        decided: false,
        outweighedByNone: true,
        forRunnerUp: [],
        runnerUp: undefined,
      },
      'intent',
    );
    expect(text).toMatch(
      /^I wasn't sure: the nearest intent was \*\*bye\*\* \(0\.08\), not under the threshold 0\.05, but the message read even more like something I don't handle, mostly because of: /,
    );
  });

  it('says so when no feature spoke for the choice', () => {
    expect(explanationText({ ...decided, forIntent: [], forRunnerUp: [] }, 'intent')).toMatch(
      /\(0\.04\)\. No word of it weighed much either way\.$/,
    );
  });

  it("escapes markdown in labels, which come from the analyst's words", () => {
    const text = explanationText(
      { ...decided, forIntent: [{ feature: 'w:*bold*', label: '*bold*_[x](y)', weight: 1 }] },
      'intent',
    );
    expect(text).toContain('mostly because of: \\*bold\\*\\_\\[x\\](y).');
  });
});
