import path from 'node:path';
import { isSocbotError } from '../../../src/errors';
import { loadCorpus } from '../../../src/nlu/corpus';
import { EntityExtractor, MAX_EXTRACTION_CHARS } from '../../../src/nlu/entities';
import type { Entity, EntityType } from '../../../src/nlu/types';

const corpus = loadCorpus(path.resolve(__dirname, '../../../corpus'));
const extractor = EntityExtractor.fromDefinitions(corpus.entities);

/**
 * [type, normalised value, text as typed (its offsets are looked up in the row's text), client,
 * indicator details (an IP's range, a hash's kind)].
 */
type Expected = [EntityType, string, string, string?, Pick<Entity, 'addressRange' | 'hashKind'>?];

/** Each row: a message as analysts type it and every entity the bot must report, in text order. */
const ROWS: Array<[string, Expected[]]> = [
  // alertId
  ['register alert 4711', [['alertId', '4711', '4711']]],
  ['ETD-2024-0815 fired', [['alertId', 'ETD-2024-0815', 'ETD-2024-0815']]],
  ['log alert-123 pls', [['alertId', 'ALERT-123', 'alert-123']]],
  ['create incident for alert #4711', [['alertId', '4711', '#4711']]],
  ['alert id 4711', [['alertId', '4711', '4711']]],
  ['please raise INC0012345', [['alertId', 'INC0012345', 'INC0012345']]],
  ['ETD alert no. 5521', [['alertId', '5521', '5521']]],
  ['call me at 4711', []],
  ['we have 300 users', []],
  // terminal
  ['his terminal was PC-0815', [['terminal', 'PC-0815', 'PC-0815']]],
  ['the attack came from WS-LDN-0042', [['terminal', 'WS-LDN-0042', 'WS-LDN-0042']]],
  [
    'source host fin-ws-119.corp.example.com',
    [['terminal', 'fin-ws-119.corp.example.com', 'fin-ws-119.corp.example.com']],
  ],
  ['DESKTOP-8F3K2LQ again', [['terminal', 'DESKTOP-8F3K2LQ', 'DESKTOP-8F3K2LQ']]],
  ['from host sapapp', [['terminal', 'sapapp', 'sapapp']]],
  ['WS-LDN-0042', [['terminal', 'WS-LDN-0042', 'WS-LDN-0042']]],
  ['see CVE-2024-1234 for details', []],
  ['please follow-up by e-mail', []],
  ['notify the basis on-call', []],
  ['my laptop is slow', []],
  ['the coffee machine is empty', []],
  // ip (and terminal when the words say it is the source)
  [
    'logged on from 10.20.30.40',
    [
      ['ip', '10.20.30.40', '10.20.30.40', undefined, { addressRange: 'private' }],
      ['terminal', '10.20.30.40', '10.20.30.40'],
    ],
  ],
  ['firewall off 10.9.9.9', [['ip', '10.9.9.9', '10.9.9.9', undefined, { addressRange: 'private' }]]],
  [
    'source address 2001:DB8::1',
    [
      ['ip', '2001:db8::1', '2001:DB8::1', undefined, { addressRange: 'documentation' }],
      ['terminal', '2001:db8::1', '2001:DB8::1'],
    ],
  ],
  ['999.1.1.1 is no address', []],
  ['meeting at 10:30:00', []],
  // username
  ['the user is DDIC', [['username', 'DDIC', 'DDIC']]],
  ['he logged on as SAP*', [['username', 'SAP*', 'SAP*']]],
  ['user j.doe did it', [['username', 'J.DOE', 'j.doe']]],
  ['FF_USER_07 ran SE16N', [['username', 'FF_USER_07', 'FF_USER_07']]],
  ['logged on with user bwremote', [['username', 'BWREMOTE', 'bwremote']]],
  ['the user was zz_admin', [['username', 'ZZ_ADMIN', 'zz_admin']]],
  ['user name = DDIC', [['username', 'DDIC', 'DDIC']]],
  ['the technical user WF-BATCH was used', [['username', 'WF-BATCH', 'WF-BATCH']]],
  ['PLEASE CHECK THIS NOW', []],
  ['assign SAP_ALL to nobody', []],
  ['alert', []],
  ['the logon attempts failed', []],
  ['the attacker used RFC destination TRUSTED_RFC', []],
  ['mail from user j.doe@example.com', []],
  // A URL is one indicator: nothing in its path is an entity of its own.
  [
    'see https://etd.example.com/alerts/PRD/4711',
    [['url', 'https://etd.example.com/alerts/PRD/4711', 'https://etd.example.com/alerts/PRD/4711']],
  ],
  // system
  ['it happened on PRD client 100', [['system', 'PRD', 'PRD client 100', '100']]],
  ['on PRD/100', [['system', 'PRD', 'PRD/100', '100']]],
  ['P01-800', [['system', 'P01', 'P01-800', '800']]],
  ['the sid is s4h', [['system', 'S4H', 's4h']]],
  ['client 800 of ERP', [['system', 'ERP', 'ERP', '800']]],
  ['it hit XYZ', [['system', 'XYZ', 'XYZ']]],
  ['seen on BW1', [['system', 'BW1', 'BW1']]],
  ['it is PRD, mandant 100', [['system', 'PRD', 'PRD, mandant 100', '100']]],
  ['target system hrp', [['system', 'HRP', 'hrp']]],
  ['prd client 300', [['system', 'PRD', 'prd client 300', '300']]],
  ['THE AND YES ON', []],
  ['ETD is on', []],
  ['ABC is broken', []],
  ['paid in USD', []],
  ['in SAP we trust', []],
  // priority
  ['raise a p1 alert', [['priority', 'P1', 'p1']]],
  ['prio 2', [['priority', 'P2', 'prio 2']]],
  ['severity: 3', [['priority', 'P3', 'severity: 3']]],
  ['priority high', [['priority', 'P2', 'high']]],
  ['low priority please', [['priority', 'P4', 'low']]],
  ['info alert', [['priority', 'P5', 'info']]],
  ['critcal alert', [['priority', 'P1', 'critcal']]],
  ['send me more info', []],
  ['the server load is high', []],
  ['prio 6', []],
  // several at once
  [
    'critical alert on PRD',
    [
      ['priority', 'P1', 'critical'],
      ['system', 'PRD', 'PRD'],
    ],
  ],
  [
    'ETD raised alert 4711 on PRD/100, user DDIC from terminal PC-0815, prio 1',
    [
      ['alertId', '4711', '4711'],
      ['system', 'PRD', 'PRD/100', '100'],
      ['username', 'DDIC', 'DDIC'],
      ['terminal', 'PC-0815', 'PC-0815'],
      ['priority', 'P1', 'prio 1'],
    ],
  ],
  [
    'ALERT 9921 PRD 100 DDIC PC-0815',
    [
      ['alertId', '9921', '9921'],
      ['system', 'PRD', 'PRD 100', '100'],
      ['username', 'DDIC', 'DDIC'],
      ['terminal', 'PC-0815', 'PC-0815'],
    ],
  ],
  [
    'alert ETD-2025-0001: SAP* from 10.1.2.3 on P01',
    [
      ['alertId', 'ETD-2025-0001', 'ETD-2025-0001'],
      ['username', 'SAP*', 'SAP*'],
      ['ip', '10.1.2.3', '10.1.2.3', undefined, { addressRange: 'private' }],
      ['terminal', '10.1.2.3', '10.1.2.3'],
      ['system', 'P01', 'P01'],
    ],
  ],
  ['', []],
  ['   ', []],
];

function expectedEntity(text: string, [entity, value, sourceText, client, details]: Expected): Entity {
  const start = text.indexOf(sourceText);
  if (start < 0) throw new Error(`test row is wrong: "${sourceText}" is not in "${text}"`);
  return {
    entity,
    value,
    sourceText,
    start,
    end: start + sourceText.length,
    ...(client && { client }),
    ...details,
  };
}

describe('EntityExtractor.extract on real-world formats', () => {
  it('has a table of at least 60 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(ROWS)('%j', async (text, expected) => {
    const entities = await extractor.extract(text);
    expect(entities).toEqual(expected.map((row) => expectedEntity(text, row)));
    for (const entity of entities) expect(text.slice(entity.start, entity.end)).toBe(entity.sourceText);
  });
});

describe('EntityExtractor offsets and bounds', () => {
  it('indexes into the original text when a value repeats', async () => {
    const text = 'alert 4711 on PRD, later again on PRD';
    const systems = (await extractor.extract(text)).filter((e) => e.entity === 'system');
    expect(systems.map((e) => [e.start, e.end])).toEqual([
      [14, 17],
      [34, 37],
    ]);
  });

  it(`ignores text past ${MAX_EXTRACTION_CHARS} characters, so a 1 MB message returns quickly`, async () => {
    const head = 'alert 4711 from PC-0815 ';
    const tail = 'user DDIC on PRD '.repeat(Math.ceil(1_000_000 / 17));
    const text = head + ' '.repeat(MAX_EXTRACTION_CHARS - head.length) + tail;
    const started = Date.now();
    const entities = await extractor.extract(text);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(entities.map((e) => e.entity)).toEqual(['alertId', 'terminal']);
  });

  it('stays fast on the worst text under the bound: 2,000 characters of one-letter words', async () => {
    // NLP.js compares every run of words with every synonym; unchunked this took ~1.5 s here.
    const started = Date.now();
    expect(await extractor.extract('a '.repeat(MAX_EXTRACTION_CHARS / 2))).toEqual([]);
    expect(Date.now() - started).toBeLessThan(750);
  });

  it('finds entities across the pieces NLP.js sees', async () => {
    const sentence = 'alert 4711 on PRD/100 from PC-0815, prio 1. ';
    const entities = await extractor.extract(sentence.repeat(10));
    expect(entities).toHaveLength(40); // alert, system, terminal, priority in each
    expect(entities.filter((e) => e.entity === 'priority').map((e) => e.start)).toEqual(
      Array.from({ length: 10 }, (_, i) => i * sentence.length + sentence.indexOf('prio 1')),
    );
  });

  it('finds entities right up to the bound', async () => {
    const text = `${' '.repeat(MAX_EXTRACTION_CHARS - 10)}user DDIC`;
    expect(await extractor.extract(text)).toEqual([
      expect.objectContaining({ entity: 'username', value: 'DDIC', start: MAX_EXTRACTION_CHARS - 5 }),
    ]);
  });
});

describe('EntityExtractor.fromDefinitions', () => {
  it('works from definitions alone and learns the landscape SIDs and synonyms from them', async () => {
    const small = EntityExtractor.fromDefinitions({
      system: { regex: ['/\\b[A-Z][A-Z0-9]{2}\\b/g'], options: { ABC: ['ABC'] } },
      priority: { options: { P1: ['sev one'] } },
    });
    expect(await small.extract('ABC is broken, sev one')).toEqual([
      expect.objectContaining({ entity: 'system', value: 'ABC' }),
      expect.objectContaining({ entity: 'priority', value: 'P1', sourceText: 'sev one' }),
    ]);
  });

  it.each([
    [{ planet: { options: { earth: ['earth'] } } }, 'Entity "planet" is not an entity type socbot knows'],
    [{ system: { regex: ['/[A-Z{3/g'] } }, 'Entity "system": regex /[A-Z{3/g does not compile'],
    [{ system: { regex: ['/x*/g'] } }, 'can match an empty string'],
  ])('rejects unusable definitions with CORPUS_INVALID: %j', (definitions, message) => {
    try {
      EntityExtractor.fromDefinitions(definitions);
      throw new Error('expected a throw');
    } catch (error) {
      expect(isSocbotError(error, 'CORPUS_INVALID')).toBe(true);
      expect((error as Error).message).toContain(message);
    }
  });
});
