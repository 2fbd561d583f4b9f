import {
  findIndicatorList,
  readIndicatorList,
  splitIndicatorList,
} from '../../../src/nlu/entities/indicator-list';

/** An `indicators` slot's value: every indicator of a message as one list, what was left out said. */
describe('indicator lists', () => {
  it('takes every indicator of a sentence once, refanged, with its span as typed', () => {
    const text = 'check 1.2.3[.]4, evil[.]com and 1.2.3.4 again';
    expect(findIndicatorList(text)).toEqual({
      entity: 'indicators',
      value: '1.2.3.4 evil.com',
      sourceText: '1.2.3[.]4, evil[.]com and 1.2.3.4',
      start: 6,
      end: 39,
    });
    expect(findIndicatorList('close it as a false positive')).toBeUndefined();
  });

  it('takes ten and says how many more the message held; the count survives a second check', () => {
    const ips = Array.from({ length: 13 }, (_, i) => `185.220.101.${i + 1}`);
    const list = findIndicatorList(ips.join(' '))?.value ?? '';
    expect(list).toBe(`${ips.slice(0, 10).join(' ')} (+3 more)`);
    expect(readIndicatorList(list)).toBe(list);
    expect(splitIndicatorList(list)).toEqual({ values: ips.slice(0, 10), leftOut: 3 });
  });

  it('reads an answer token by token without context rules, and nothing from words', () => {
    expect(readIndicatorList('hxxps://evil[.]com/x, readme.md and 44D88612FEA8A8F36DE82E1278ABB02F')).toBe(
      'https://evil.com/x readme.md 44d88612fea8a8f36de82e1278abb02f',
    );
    expect(readIndicatorList('no idea')).toBeUndefined();
    expect(splitIndicatorList('evil.com')).toEqual({ values: ['evil.com'], leftOut: 0 });
  });
});
