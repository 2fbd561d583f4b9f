import { indicatorOfSlotValue } from '../../src/app/indicator-of-slot-value';

/** An `indicators` slot's values read by the extractor's rules. */
describe('indicatorOfSlotValue', () => {
  it.each([
    ['185.220.101.4', { kind: 'ip', value: '185.220.101.4' }],
    ['2001:DB8:0::1', { kind: 'ip', value: '2001:db8::1' }],
    ['44D88612FEA8A8F36DE82E1278ABB02F', { kind: 'hash', value: '44d88612fea8a8f36de82e1278abb02f' }],
    ['https://Evil.com/X', { kind: 'url', value: 'https://Evil.com/X' }],
    ['Evil.COM.', { kind: 'domain', value: 'evil.com' }],
    ['evil.com', { kind: 'domain', value: 'evil.com' }],
    ['not an indicator', undefined],
    ['4711', undefined],
  ] as const)('reads the slot value %s as %j', (value, indicator) => {
    expect(indicatorOfSlotValue(value)).toEqual(indicator);
  });
});
