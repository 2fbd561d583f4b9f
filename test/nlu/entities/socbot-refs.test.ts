import path from 'node:path';
import { EntityExtractor, validateEntityValue } from '../../../src/nlu/entities';
import { loadCorpus } from '../../../src/nlu/corpus';
import type { EntityType } from '../../../src/nlu/types';

const extractor = EntityExtractor.fromDefinitions(
  loadCorpus(path.resolve(__dirname, '../../../corpus')).entities,
);

describe("socbot's own alert reference (SOC-2026-0001)", () => {
  it.each([
    ['tell basis about SOC-2026-0001', [['alertId', 'SOC-2026-0001']]],
    ['SOC-2026-0001', [['alertId', 'SOC-2026-0001']]],
    [
      'inform basis about soc-2026-0001, terminal PC-0815',
      [
        ['alertId', 'SOC-2026-0001'],
        ['terminal', 'PC-0815'],
      ],
    ],
  ])('is read as the alert it names, never as a terminal: %s', async (text, expected) => {
    const entities = await extractor.extract(text);
    expect(entities.map((entity) => [entity.entity, entity.value])).toEqual(expected);
  });

  it.each<EntityType>(['terminal', 'username', 'system', 'ip'])('is never a valid %s', (type) => {
    expect(validateEntityValue(type, 'SOC-2026-0001')).toMatchObject({ ok: false });
  });
});
