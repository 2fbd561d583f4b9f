import { canonicalParts } from '../../src/audit/canonical-parts';
import { entryContent, type EntryContent } from '../../src/audit/chained-entry';
import { GENESIS_HASH } from '../../src/audit/entry-hash';
import { canonicalJson } from '../../src/nlu/corpus/canonical-json';

/** What migration 0710's SQL does with the parts: the chain's two values spliced in. */
function spliced(content: EntryContent, seq: number, prevHash: string): string {
  const parts = canonicalParts(content);
  return (
    parts.beforePrevHash +
    '"prevHash":' +
    JSON.stringify(prevHash) +
    parts.betweenPrevHashAndSeq +
    '"seq":' +
    String(seq) +
    parts.afterSeq
  );
}

const at = new Date('2026-12-07T04:00:00.000Z');
const ana = { id: 'aad-ana', name: 'Ana', role: 'analyst' };
const prev = 'ab'.repeat(32);

const contents: [string, EntryContent][] = [
  [
    'the fewest keys (no result, alertRef, conversationId)',
    entryContent({ actor: ana, action: 'command', summary: 'help' }, at, []),
  ],
  [
    'every optional key',
    entryContent(
      {
        actor: ana,
        action: 'result',
        summary: 'ticket created',
        result: 'done: INC0012345',
        alertRef: 'SOC-2026-0001',
        conversationId: 'conv-1',
        details: { ticket: 'INC0012345' },
      },
      at,
      [],
    ),
  ],
  [
    'a result but no alertRef',
    entryContent(
      { actor: { id: 'system' }, action: 'refusal', summary: 'refused', result: 'not a lead' },
      at,
      [],
    ),
  ],
  [
    'nested seq and prevHash keys in details',
    entryContent(
      {
        actor: ana,
        action: 'call',
        summary: 'block PC-0815',
        details: {
          seq: 99,
          prevHash: 'x',
          hash: 'y',
          nested: { seq: [1, { seq: 2 }], '"seq":': '"prevHash":' },
        },
      },
      at,
      [],
    ),
  ],
  [
    'non-ASCII text, emoji, quotes, backslashes and control characters',
    entryContent(
      {
        actor: { id: 'aad-ü', name: 'Zoë Ørsted 🛡️' },
        action: 'command',
        summary: 'Überprüfe „Alarm“ 🚨 — 日本語 "quoted" back\\slash',
        result: 'tab\there\nnewline \u2028',
        conversationId: 'a:b/c',
        details: { emoji: '👩‍💻🔥', 'key with "quotes"': '\\u0000 typed', ä: ['ß', 'é'], empty: {} },
      },
      at,
      [],
    ),
  ],
];

describe('canonicalParts', () => {
  it.each(contents)(
    'splices seq and prevHash into the canonical JSON of the whole entry: %s',
    (_, content) => {
      for (const [seq, prevHash] of [
        [1, GENESIS_HASH],
        [4711, prev],
        [2 ** 40, prev],
      ] as const) {
        expect(spliced(content, seq, prevHash)).toBe(canonicalJson({ ...content, seq, prevHash }));
      }
    },
  );

  it('leaves out top-level keys whose value is undefined, as canonicalJson does', () => {
    const content = {
      ...entryContent({ actor: ana, action: 'command', summary: 's' }, at, []),
      result: undefined,
    };
    expect(spliced(content, 3, prev)).toBe(canonicalJson({ ...content, seq: 3, prevHash: prev }));
    expect(canonicalParts(content).betweenPrevHashAndSeq).toBe(',');
  });

  it('refuses content that holds a key the chain sets', () => {
    const content = entryContent({ actor: ana, action: 'command', summary: 's' }, at, []);
    expect(() => canonicalParts({ ...content, seq: 1 } as EntryContent)).toThrow(/must not hold "seq"/);
    expect(() => canonicalParts({ ...content, hash: 'h' } as EntryContent)).toThrow(/must not hold "hash"/);
  });
});
