import { rm } from 'node:fs/promises';
import { seededRandom } from '../../src/nlu/seeded-random';
import { messageActivity } from '../helpers/activities';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { postActivity } from '../helpers/http-request';
import { trainProjectModel } from '../e2e/helpers/trained-model';
import { startSocbotUnderTest, type SocbotUnderTest } from '../app/helpers/socbot-under-test';

/**
 * Issue 12 item 8: with authentication off, from loopback, activities of the wrong shape reached the
 * turn and failed there (HTTP 200, no reply, "identity.trim is not a function … This is a bug").
 * The real socbot, as `serve` starts it, must refuse them at the edge with 400 naming the field.
 */
describe('the activity shape at the edge (real socbot, authentication off)', () => {
  let dir: string;
  let connector: ConnectorStandIn;
  let socbot: SocbotUnderTest;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    connector = await startConnectorStandIn();
    socbot = await startSocbotUnderTest({ dataDir: `${dir}/data`, modelPath: trained.modelPath });
  });

  afterAll(async () => {
    await socbot.server.stop();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  const activity = (id: string, text = 'help'): Record<string, unknown> =>
    messageActivity({ serviceUrl: connector.serviceUrl, conversationId: `conv-${id}`, id, text });

  /** Error-level (50) and fatal (60) lines of socbot's log. */
  const errorLines = (): Array<Record<string, unknown>> =>
    socbot
      .logText()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => typeof line.level === 'number' && line.level >= 50);

  it('answers a well-formed message (the baseline the cases below break)', async () => {
    const res = await postActivity(socbot.server.url, activity('ok-1'));
    expect(res.status).toBe(200);
    expect((await connector.waitForReply('conv-ok-1', 'ok-1')).activity.text).toEqual(expect.any(String));
  });

  it.each<[string, (a: Record<string, unknown>) => void, RegExp]>([
    ['a numeric from.id', (a) => (a.from = { id: 4711, name: 'x' }), /from\.id must be/],
    ['no from', (a) => delete a.from, /from is missing/],
    ['a non-string channelId', (a) => (a.channelId = { evil: true }), /channelId must be/],
    ['a non-string locale', (a) => (a.locale = 7), /locale must be a string/],
    [
      'a non-string recipient.name',
      (a) => (a.recipient = { id: 'bot', name: [1] }),
      /recipient\.name must be/,
    ],
    ['no recipient', (a) => delete a.recipient, /recipient is missing/],
    [
      'a conversation.id with a newline',
      (a) => (a.conversation = { id: 'conv-a\nforged log line' }),
      /conversation\.id must not contain/,
    ],
    [
      'a conversation.id with a lone surrogate',
      (a) => (a.conversation = { id: 'conv-\uD800' }),
      /conversation\.id must not contain/,
    ],
    [
      'a from.id with a control character',
      (a) => (a.from = { id: 'user\u0000' }),
      /from\.id must not contain/,
    ],
    ['an empty from.id', (a) => (a.from = { id: '' }), /from\.id must not be empty/],
  ])('refuses %s with 400 INPUT_INVALID naming the field', async (_what, breakIt, reason) => {
    const before = errorLines().length;
    const broken = activity('bad');
    breakIt(broken);
    const res = await postActivity(socbot.server.url, broken);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'INPUT_INVALID' });
    expect((res.json as { message: string }).message).toMatch(reason);
    expect(errorLines().slice(before)).toEqual([]);
  });

  it('answers 500 mutated activities (seeded) with 200 or 400, never 500, and logs no error', async () => {
    const random = seededRandom(12_008);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const statuses = new Map<number, number>();
    for (let n = 0; n < 500; n += 1) {
      const mutated = activity(`fuzz-${n}`, pick(TEXTS));
      const mutations = 1 + Math.floor(random() * 3);
      for (let m = 0; m < mutations; m += 1) mutate(mutated, pick(PATHS), pick(HOSTILE_VALUES));
      const res = await postActivity(socbot.server.url, mutated);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status !== 200 && res.status !== 400) {
        throw new Error(`mutated activity ${n} got ${res.status}: ${JSON.stringify(mutated)} → ${res.text}`);
      }
    }
    // Both outcomes occur: the fuzz reaches the turn as well as the edge.
    expect(statuses.get(200)).toBeGreaterThan(20);
    expect(statuses.get(400)).toBeGreaterThan(20);
    expect(errorLines()).toEqual([]);
  }, 120_000);
});

const TEXTS = ['help', 'register alert 4711 on PRD', 'constructor', 'cancel', 'status', 'hi'];

/** Where a mutation lands. serviceUrl only gets values that are not URLs (a real one would post elsewhere). */
const PATHS = [
  'type',
  'id',
  'channelId',
  'locale',
  'text',
  'from',
  'from.id',
  'from.name',
  'from.aadObjectId',
  'recipient',
  'recipient.id',
  'recipient.name',
  'conversation',
  'conversation.id',
  'conversation.tenantId',
  'conversation.isGroup',
  'channelData',
  'channelData.tenant.id',
  'value',
  'value.action',
  'attachments',
  'entities',
  'membersAdded',
  'membersRemoved',
  'replyToId',
  'timestamp',
  'name',
  'textFormat',
];

const DELETE = Symbol('delete');
const HOSTILE_VALUES: readonly unknown[] = [
  DELETE,
  null,
  0,
  -1.5,
  true,
  [],
  [null],
  [{ id: 7 }],
  {},
  { id: 5 },
  '',
  ' ',
  'line\nbreak',
  '\uD800',
  '\u0000',
  'constructor',
  '__proto__',
  'message',
  'conversationUpdate',
  'invoke',
  'x'.repeat(5000),
  JSON.parse('{"__proto__": {"polluted": true}}'),
];

/** Sets (or deletes) `path` in `target`, creating objects on the way where needed. */
function mutate(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (value === DELETE) delete node[last];
  else node[last] = value;
}
