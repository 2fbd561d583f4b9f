import { maskEntities } from '../../src/nlu/mask-entities';
import type { Entity } from '../../src/nlu/types';

const entity = (type: Entity['entity'], start: number, end: number, text: string): Entity => ({
  entity: type,
  value: text.slice(start, end),
  sourceText: text.slice(start, end),
  start,
  end,
});

describe('maskEntities', () => {
  it('replaces each entity span with its type', () => {
    const text = 'alert 4711 on PRD';
    expect(
      maskEntities(text, [entity('system', 14, 17, text), entity('alertId', 6, 10, text)])
        .replace(/\s+/g, ' ')
        .trim(),
    ).toBe('alert @alertId on @system');
  });

  it('masks overlapping spans once', () => {
    const text = 'from 10.0.0.1 now';
    const masked = maskEntities(text, [entity('terminal', 5, 13, text), entity('ip', 5, 13, text)]);
    expect(masked.match(/@/g)).toHaveLength(1);
    expect(masked).toContain('@terminal');
  });

  it('leaves a text without entities unchanged', () => {
    expect(maskEntities('hello there', [])).toBe('hello there');
  });
});
