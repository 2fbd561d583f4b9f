import { featureLabel, strongestContributions } from '../../src/nlu/explain-features';

describe('featureLabel', () => {
  it.each([
    ['w:phish', 'phish'],
    ['b:lost laptop', 'lost laptop'],
    ['b:<s> regist', 'regist (at the start)'],
    ['b:alert </s>', 'alert (at the end)'],
    ['c:<phi', '"phi…"'],
    ['c:ing>', '"…ing"'],
    ['c:ish', '"…ish…"'],
    ['c:<it>', 'it'],
    ['w:@url', 'an URL'],
    ['w:@alertId', 'an alert ID'],
    ['w:@alertid', 'an alert ID'],
    ['b:@alertid on', 'an alert ID on'],
    ['b:regist @alertId', 'regist an alert ID'],
    ['b:<s> @url', 'an URL (at the start)'],
    ['w:0000', '0000'],
  ])('%s → %s', (feature, label) => {
    expect(featureLabel(feature)).toBe(label);
  });
});

describe('strongestContributions', () => {
  const pulls = [
    { feature: 'w:close', weight: 1.5 },
    { feature: 'c:<clo', weight: 0.4 },
    { feature: 'w:reopen', weight: -2 },
    { feature: 'b:<s> close', weight: 0.9 },
    { feature: 'c:<it>', weight: -0.1 },
    { feature: 'w:the', weight: 0 },
  ];

  it('splits the pulls each way, strongest first, the runner-up side as positive weights', () => {
    const { forIntent, forRunnerUp } = strongestContributions(pulls, 5);
    expect(forIntent.map((c) => [c.label, c.weight])).toEqual([
      ['close', 1.5],
      ['close (at the start)', 0.9],
      ['"clo…"', 0.4],
    ]);
    expect(forRunnerUp.map((c) => [c.feature, c.label, c.weight])).toEqual([
      ['w:reopen', 'reopen', 2],
      ['c:<it>', 'it', 0.1],
    ]);
  });

  it('keeps the top N each way', () => {
    const { forIntent, forRunnerUp } = strongestContributions(pulls, 1);
    expect(forIntent.map((c) => c.label)).toEqual(['close']);
    expect(forRunnerUp.map((c) => c.label)).toEqual(['reopen']);
  });

  it('adds up features with the same label and names the strongest of them', () => {
    const { forIntent, forRunnerUp } = strongestContributions(
      [
        { feature: 'w:@url', weight: 0.2 },
        { feature: 'w:@url', weight: 0.5 },
        { feature: 'w:x', weight: 0.5 },
        { feature: 'w:@url', weight: -0.1 },
      ],
      5,
    );
    expect(forIntent).toEqual([
      { feature: 'w:@url', label: 'an URL', weight: 0.6 },
      { feature: 'w:x', label: 'x', weight: 0.5 },
    ]);
    expect(forRunnerUp).toEqual([]);
  });
});
