import path from 'node:path';
import { loadCorpus } from '../../../src/nlu/corpus';
import {
  ADDRESS_RANGES,
  addressRangeOf,
  EntityExtractor,
  indicatorScope,
  limitIndicators,
  MAX_INDICATORS,
  parseEntityAs,
  readIndicator,
  validateEntityValue,
} from '../../../src/nlu/entities';
import type { Entity } from '../../../src/nlu/types';

const corpus = loadCorpus(path.resolve(__dirname, '../../../corpus'));
const extractor = EntityExtractor.fromDefinitions(corpus.entities);

/** The indicators of a message as [type, value, text as typed]; offsets are checked against the text. */
async function indicatorsIn(text: string): Promise<Array<[string, string, string]>> {
  const entities = await extractor.extract(text);
  for (const entity of entities) expect(text.slice(entity.start, entity.end)).toBe(entity.sourceText);
  return entities
    .filter((e) => ['ip', 'domain', 'url', 'hash'].includes(e.entity))
    .map((e) => [e.entity, e.value, e.sourceText]);
}

describe('indicators in free text, defanged or not', () => {
  const ROWS: Array<[string, Array<[string, string, string]>]> = [
    ['vtip 1.2.3[.]4', [['ip', '1.2.3.4', '1.2.3[.]4']]],
    ['is 185.220.101[.]4 known bad?', [['ip', '185.220.101.4', '185.220.101[.]4']]],
    ['1[.]2[.]3[.]4 again', [['ip', '1.2.3.4', '1[.]2[.]3[.]4']]],
    ['check evil[.]com', [['domain', 'evil.com', 'evil[.]com']]],
    ['check evil(.)com', [['domain', 'evil.com', 'evil(.)com']]],
    ['check evil[dot]com', [['domain', 'evil.com', 'evil[dot]com']]],
    ['check evil.com', [['domain', 'evil.com', 'evil.com']]],
    ['reputation of Evil.COM.', [['domain', 'evil.com', 'Evil.COM']]],
    ['vt (sub.evil.co.uk)', [['domain', 'sub.evil.co.uk', 'sub.evil.co.uk']]],
    ['vturl hxxps://evil[.]com/a?b=1', [['url', 'https://evil.com/a?b=1', 'hxxps://evil[.]com/a?b=1']]],
    ['vturl hxxp://evil.com/Login.PHP', [['url', 'http://evil.com/Login.PHP', 'hxxp://evil.com/Login.PHP']]],
    ['vturl HXXPS://evil.com/x', [['url', 'https://evil.com/x', 'HXXPS://evil.com/x']]],
    ['see http[:]//evil.com/p', [['url', 'http://evil.com/p', 'http[:]//evil.com/p']]],
    ['see hxxp[:]//x(.)com/p', [['url', 'http://x.com/p', 'hxxp[:]//x(.)com/p']]],
    ['see hxxps[://]evil.com/p', [['url', 'https://evil.com/p', 'hxxps[://]evil.com/p']]],
    [
      'see https://etd.example.com/alerts/PRD/4711',
      [['url', 'https://etd.example.com/alerts/PRD/4711', 'https://etd.example.com/alerts/PRD/4711']],
    ],
    ['ip 2001:db8[:]:1', [['ip', '2001:db8::1', '2001:db8[:]:1']]],
    [
      'vtip 2001:0DB8:0000:0000:0000:0000:0000:0001',
      [['ip', '2001:db8::1', '2001:0DB8:0000:0000:0000:0000:0000:0001']],
    ],
    ['vtip 2606:4700:4700::1111', [['ip', '2606:4700:4700::1111', '2606:4700:4700::1111']]],
    ['connect to 8.8.8.8:53 seen', [['ip', '8.8.8.8', '8.8.8.8']]],
    [
      'vthash D41D8CD98F00B204E9800998ECF8427E',
      [['hash', 'd41d8cd98f00b204e9800998ecf8427e', 'D41D8CD98F00B204E9800998ECF8427E']],
    ],
    [
      'sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 and sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      [
        ['hash', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
        [
          'hash',
          'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        ],
      ],
    ],
    [
      'pasted:\n1.2.3[.]4\nevil[.]com\nhxxps://bad[.]org/x\n44d88612fea8a8f36de82e1278abb02f',
      [
        ['ip', '1.2.3.4', '1.2.3[.]4'],
        ['domain', 'evil.com', 'evil[.]com'],
        ['url', 'https://bad.org/x', 'hxxps://bad[.]org/x'],
        ['hash', '44d88612fea8a8f36de82e1278abb02f', '44d88612fea8a8f36de82e1278abb02f'],
      ],
    ],
    [
      '1.2.3[.]4, evil[.]com; 5.6.7.8|bad[.]net',
      [
        ['ip', '1.2.3.4', '1.2.3[.]4'],
        ['domain', 'evil.com', 'evil[.]com'],
        ['ip', '5.6.7.8', '5.6.7.8'],
        ['domain', 'bad.net', 'bad[.]net'],
      ],
    ],
    // Not indicators.
    ['open report.pdf and notes.txt', []],
    ['see readme.md and setup.py', []],
    ['but evil[.]zip is a domain', [['domain', 'evil.zip', 'evil[.]zip']]],
    ['upgrade to version 1.2.3', []],
    ['a hash is 32 hex digits: abc123', []],
    ['mail j.doe@corp.example about it', []],
    ['the user is j.doe', []],
    ['meeting at 10:30:00', []],
  ];
  it.each(ROWS)('%j', async (text, expected) => {
    expect(await indicatorsIn(text)).toEqual(expected);
  });

  it('says which hash function a hash is by its length', async () => {
    const entities = await extractor.extract(
      'vthash 44d88612fea8a8f36de82e1278abb02f da39a3ee5e6b4b0d3255bfef95601890afd80709 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(entities.map((e) => e.hashKind)).toEqual(['md5', 'sha1', 'sha256']);
  });
});

describe('what existing entities stay', () => {
  const ROWS: Array<[string, Array<[string, string]>]> = [
    ['his terminal was PC-0815', [['terminal', 'PC-0815']]],
    ['the attack came from fin-ws-119', [['terminal', 'fin-ws-119']]],
    ['from pc-0815.corp.local', [['terminal', 'pc-0815.corp.local']]],
    // An FQDN with a public TLD after a terminal word is the attacker's terminal, not a domain.
    ['source host fin-ws-119.corp.example.com', [['terminal', 'fin-ws-119.corp.example.com']]],
    ['on PRD/100', [['system', 'PRD']]],
    ['alert ETD-2024-0815', [['alertId', 'ETD-2024-0815']]],
    ['status of SOC-2026-0001', [['alertId', 'SOC-2026-0001']]],
    [
      'logged on from 10.20.30.40',
      [
        ['ip', '10.20.30.40'],
        ['terminal', '10.20.30.40'],
      ],
    ],
    [
      'logged on from 10.20.30[.]41',
      [
        ['ip', '10.20.30.41'],
        ['terminal', '10.20.30.41'],
      ],
    ],
  ];
  it.each(ROWS)('%j', async (text, expected) => {
    const entities = await extractor.extract(text);
    expect(entities.map((e) => [e.entity, e.value])).toEqual(expected);
  });
});

describe('address ranges', () => {
  const ROWS: Array<[string, string | undefined]> = [
    ['8.8.8.8', undefined],
    ['2606:4700:4700::1111', undefined],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['172.32.0.1', undefined],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.10.20', 'link-local'],
    ['fe80::1', 'link-local'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.254', 'shared'],
    ['100.128.0.1', undefined],
    ['fd12:3456::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['0.1.2.3', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
  ];
  it.each(ROWS)('%s is %s', (ip, range) => {
    expect(addressRangeOf(ip)).toBe(range);
  });

  it('covers every range kind in the table', () => {
    expect(new Set(ROWS.map(([, range]) => range).filter(Boolean))).toEqual(new Set(ADDRESS_RANGES));
  });

  it('marks extracted IPs and tells the skill an internal address from a public one', async () => {
    const ips = (await extractor.extract('vtip 10.1.2[.]3, 2001:db8[:]:7 and 185.220.101.4')).filter(
      (e) => e.entity === 'ip',
    );
    expect(ips.map((ip) => [ip.value, ip.addressRange])).toEqual([
      ['10.1.2.3', 'private'],
      ['2001:db8::7', 'documentation'],
      ['185.220.101.4', undefined],
    ]);
    expect(ips.map(indicatorScope)).toEqual([
      { scope: 'internal', range: 'private' },
      { scope: 'internal', range: 'documentation' },
      { scope: 'public' },
    ]);
  });
});

describe('the bound on indicators per message', () => {
  const elevenIps = Array.from({ length: 11 }, (_, i) => `203.0.113.${i + 1}`).join(' ');

  it(`takes the first ${MAX_INDICATORS} and counts the rest as dropped`, async () => {
    const { entities, dropped } = await extractor.extractCounted(`check ${elevenIps} on PRD`);
    const ips = entities.filter((e) => e.entity === 'ip').map((e) => e.value);
    expect(MAX_INDICATORS).toBe(10);
    expect(ips).toHaveLength(10);
    expect(ips[0]).toBe('203.0.113.1');
    expect(ips[9]).toBe('203.0.113.10');
    expect(dropped).toBe(1);
    // Entities that are no indicators are kept whatever the count.
    expect(entities.some((e) => e.entity === 'system' && e.value === 'PRD')).toBe(true);
  });

  it('drops nothing at the bound and counts mixed kinds together', async () => {
    const ten = Array.from({ length: 5 }, (_, i) => `198.51.100.${i + 1} bad${i}[.]com`).join(' ');
    expect((await extractor.extractCounted(ten)).dropped).toBe(0);
    expect(
      (await extractor.extractCounted(`${ten} evil[.]org 44d88612fea8a8f36de82e1278abb02f`)).dropped,
    ).toBe(2);
  });

  it('limitIndicators keeps other entities and a smaller bound', () => {
    const entity = (type: Entity['entity'], start: number): Entity => ({
      entity: type,
      value: 'x',
      sourceText: 'x',
      start,
      end: start + 1,
    });
    const limited = limitIndicators(
      [entity('ip', 0), entity('terminal', 0), entity('domain', 2), entity('hash', 4)],
      2,
    );
    expect(limited.entities.map((e) => e.entity)).toEqual(['ip', 'terminal', 'domain']);
    expect(limited.dropped).toBe(1);
  });
});

describe('bare answers and validation of indicators', () => {
  it.each([
    ['domain', 'Evil[.]COM.', 'evil.com'],
    ['domain', 'it was evil(.)com', 'evil.com'],
    ['url', 'hxxps[:]//evil[.]com/x', 'https://evil.com/x'],
    ['hash', 'the hash is D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['ip', '1.2.3[.]4', '1.2.3.4'],
    ['ip', 'it came from 2001:DB8:0:0::1', '2001:db8::1'],
  ] as const)('parseEntityAs(%s, %j) → %s', (type, answer, value) => {
    expect(parseEntityAs(type, answer)?.value).toBe(value);
  });

  it('gives an answer its hash kind and address range', () => {
    expect(parseEntityAs('hash', 'da39a3ee5e6b4b0d3255bfef95601890afd80709')).toMatchObject({
      hashKind: 'sha1',
    });
    expect(parseEntityAs('ip', 'it was 192.168[.]0.1')).toMatchObject({
      value: '192.168.0.1',
      sourceText: '192.168[.]0.1',
      addressRange: 'private',
    });
  });

  it.each([
    ['domain', 'no idea'],
    ['domain', 'report.pdf'],
    ['url', 'evil.com'],
    ['hash', 'abc123'],
    ['ip', '1.2.3'],
  ] as const)('parseEntityAs(%s, %j) is no answer', (type, answer) => {
    expect(parseEntityAs(type, answer)).toBeUndefined();
  });

  it('validates a whole value and says how to fix a wrong one', () => {
    expect(validateEntityValue('domain', 'evil[.]com')).toEqual({ ok: true, value: 'evil.com' });
    expect(validateEntityValue('url', 'hxxp://evil.com/a')).toEqual({ ok: true, value: 'http://evil.com/a' });
    expect(validateEntityValue('hash', 'ABC')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('MD5'),
    });
    expect(validateEntityValue('url', 'evil.com')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('https://'),
    });
  });

  it('reads one token as the asked indicator type only', () => {
    expect(readIndicator('ip', 'evil.com')).toBeUndefined();
    expect(readIndicator('domain', '1.2.3.4')).toBeUndefined();
    expect(readIndicator('hash', '44d88612fea8a8f36de82e1278abb02f')).toEqual({
      value: '44d88612fea8a8f36de82e1278abb02f',
      hashKind: 'md5',
    });
  });
});
