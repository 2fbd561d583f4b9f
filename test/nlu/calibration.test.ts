import { calibrateThreshold, stratifiedHoldOut, type HeldOutScore } from '../../src/nlu/calibration';
import { DEFAULT_MODEL_SETTINGS } from '../../src/nlu/model-settings';

const settings = {
  ...DEFAULT_MODEL_SETTINGS.calibration,
  inScopeRejectRate: 0.1,
  minThreshold: 0.05,
  maxThreshold: 0.6,
};
const inScope = (score: number, correct = true): HeldOutScore => ({ score, correct, outOfScope: false });
const outOfScope = (score: number, correct = false): HeldOutScore => ({ score, correct, outOfScope: true });

describe('stratifiedHoldOut', () => {
  const examples = [
    ...Array.from({ length: 20 }, (_, i) => ({ intent: 'a', utterance: `a${i}` })),
    ...Array.from({ length: 10 }, (_, i) => ({ intent: 'b', utterance: `b${i}` })),
    ...Array.from({ length: 3 }, (_, i) => ({ intent: 'tiny', utterance: `t${i}` })),
  ];

  it('holds out the share of every intent and none of an intent with under four examples', () => {
    const { fit, heldOut } = stratifiedHoldOut(examples, 0.2, 1);
    expect(heldOut.filter((e) => e.intent === 'a')).toHaveLength(4);
    expect(heldOut.filter((e) => e.intent === 'b')).toHaveLength(2);
    expect(heldOut.filter((e) => e.intent === 'tiny')).toHaveLength(0);
    expect(fit.length + heldOut.length).toBe(examples.length);
    const heldOutTexts = new Set(heldOut.map((e) => e.utterance));
    expect(fit.some((e) => heldOutTexts.has(e.utterance))).toBe(false);
  });

  it('is deterministic for a seed', () => {
    expect(stratifiedHoldOut(examples, 0.2, 9).heldOut).toEqual(stratifiedHoldOut(examples, 0.2, 9).heldOut);
  });
});

describe('calibrateThreshold', () => {
  it('without out-of-scope examples rejects the configured share of in-scope scores', () => {
    const scores = Array.from({ length: 20 }, (_, i) => inScope(0.1 + i * 0.02));
    expect(calibrateThreshold(scores, settings)).toBeCloseTo(0.14);
  });

  it('falls back to the minimum when there are too few held-out phrases for the quantile', () => {
    expect(calibrateThreshold([inScope(0.9), inScope(0.8)], settings)).toBe(0.05);
    expect(calibrateThreshold([], settings)).toBe(0.05);
  });

  it('with out-of-scope examples picks the most accurate threshold, the lowest of equals', () => {
    const heldOut = [
      inScope(0.9),
      inScope(0.7),
      inScope(0.45),
      outOfScope(0.3),
      outOfScope(0.2),
      inScope(0.25, false),
    ];
    // Anything in (0.3, 0.45] rejects both out-of-scope phrases and keeps the three right ones.
    const threshold = calibrateThreshold(heldOut, settings);
    expect(threshold).toBeGreaterThan(0.3);
    expect(threshold).toBeLessThan(0.31);
  });

  it('counts an out-of-scope phrase that the None class already caught as right at any threshold', () => {
    const heldOut = [inScope(0.5), inScope(0.4), outOfScope(0.9, true)];
    expect(calibrateThreshold(heldOut, settings)).toBe(0.05);
  });

  it('caps a quantile-only threshold lower than one learned from out-of-scope examples', () => {
    const high = Array.from({ length: 20 }, () => inScope(0.99));
    expect(calibrateThreshold(high, settings)).toBe(settings.maxQuantileThreshold);
    const learned = [...Array.from({ length: 5 }, () => inScope(0.99)), outOfScope(0.5), outOfScope(0.45)];
    expect(calibrateThreshold(learned, settings)).toBeCloseTo(0.5, 6);
    expect(settings.maxQuantileThreshold).toBeLessThan(0.5);
  });
});
