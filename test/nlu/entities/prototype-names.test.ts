import path from 'node:path';
import { loadCorpus } from '../../../src/nlu/corpus';
import { EntityExtractor, priorityLevel, validateEntityValue } from '../../../src/nlu/entities';
import { PROTOTYPE_NAMES } from '../../../src/nlu/prototype-names';
import { ENTITY_TYPES } from '../../../src/nlu/types';

const corpus = loadCorpus(path.resolve(__dirname, '../../../corpus'));
const extractor = EntityExtractor.fromDefinitions(corpus.entities);

/** Each name as typed, in lower and upper case (NLP.js lower-cases before its lookups). */
const WORDS = [...new Set(PROTOTYPE_NAMES.flatMap((name) => [name, name.toLowerCase(), name.toUpperCase()]))];

describe('prototype names in user text (issue 12 item 6)', () => {
  it('lists every name a plain object inherits', () => {
    expect([...PROTOTYPE_NAMES].sort()).toEqual(Object.getOwnPropertyNames(Object.prototype).sort());
  });

  it.each(WORDS)('"%s" in a message is a word like any other for the extractor', async (word) => {
    const entities = await extractor.extract(`ETD alert 4711 ${word} on PRD, prio 1 ${word}`);
    expect(entities.map((e) => [e.entity, e.value])).toEqual([
      ['alertId', '4711'],
      ['system', 'PRD'],
      ['priority', 'P1'],
    ]);
  });

  it.each(WORDS)('"%s" as a bare answer is no entity value', (word) => {
    for (const type of ENTITY_TYPES) {
      const parsed = extractor.parseAs(type, word);
      // A word may be a plausible user or host name; it is never a function or a prototype.
      if (parsed !== undefined) expect(typeof parsed.value).toBe('string');
    }
    expect(extractor.parseAs('priority', word)).toBeUndefined();
    expect(validateEntityValue('priority', word).ok).toBe(false);
    expect(priorityLevel(word)).toBeUndefined();
  });

  it('a corpus synonym named like a prototype member is matched as that synonym', async () => {
    const custom = EntityExtractor.fromDefinitions({
      priority: { options: { P1: ['constructor', 'tostring'] } },
    });
    const entities = await custom.extract('priority constructor, the other one priority tostring');
    expect(entities.map((e) => e.value)).toEqual(['P1', 'P1']);
  });
});
