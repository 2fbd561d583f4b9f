import { DirectLineConversations } from '../../src/channels/directline/directline-conversations';
import { createDirectLineTokens } from '../../src/channels/directline/directline-token';
import { isSocbotError } from '../../src/errors';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

describe('DirectLineConversations', () => {
  it('forgets the conversation idle longest when the count bound is reached', () => {
    const clock = manualClock();
    const conversations = new DirectLineConversations(
      {
        maxConversations: 2,
        maxActivitiesPerConversation: 10,
        idleTimeoutMs: 60_000,
        maxRememberedPostsPerConversation: 10,
      },
      clock.now,
    );
    const first = conversations.create('u1');
    clock.advance(10);
    const second = conversations.create('u2');
    clock.advance(10);
    conversations.append(first.id, { type: 'message', text: 'keeps the first one fresh' });
    clock.advance(10);
    const third = conversations.create('u3');
    expect(conversations.size).toBe(2);
    expect(conversations.get(second.id)).toBeUndefined();
    expect(conversations.get(first.id)).toBeDefined();
    expect(conversations.get(third.id)).toBeDefined();
  });

  it('forgets a conversation nobody used for the idle timeout', () => {
    const clock = manualClock();
    const conversations = new DirectLineConversations(
      {
        maxConversations: 10,
        maxActivitiesPerConversation: 10,
        idleTimeoutMs: 60_000,
        maxRememberedPostsPerConversation: 10,
      },
      clock.now,
    );
    const conversation = conversations.create('u1');
    clock.advance(59_000);
    expect(conversations.since(conversation.id, 0)).toEqual({ activities: [], watermark: '0' });
    clock.advance(60_001);
    expect(conversations.since(conversation.id, 0)).toBeUndefined();
    expect(conversations.append(conversation.id, { type: 'message' })).toBeUndefined();
  });

  it('numbers activities by watermark and replaces one in place (updateActivity)', () => {
    const conversations = new DirectLineConversations();
    const conversation = conversations.create('u1');
    const stored = conversations.append(conversation.id, { type: 'message', text: 'draft' });
    expect(stored?.id).toBe(`${conversation.id}|0000000`);
    expect(conversations.replace(conversation.id, { id: stored?.id ?? '', text: 'final' })).toBe(true);
    expect(conversations.since(conversation.id, 0)?.activities.map((activity) => activity.text)).toEqual([
      'final',
    ]);
    expect(conversations.replace(conversation.id, { id: 'unknown', text: 'x' })).toBe(false);
  });
});

describe('Direct Line tokens', () => {
  const tokens = createDirectLineTokens({ key: 'k'.repeat(32), ttlMs: 60_000 });

  function refusal(token: string): string | undefined {
    try {
      tokens.verify(token);
      return undefined;
    } catch (error) {
      return isSocbotError(error) ? `${error.code}:${String(error.details.reason)}` : 'other';
    }
  }

  it('round-trips its grant', () => {
    const { token } = tokens.issue({ conversationId: 'dl_a', userId: 'analyst_1', userName: 'Jane' });
    expect(tokens.verify(token)).toMatchObject({
      conversationId: 'dl_a',
      userId: 'analyst_1',
      userName: 'Jane',
    });
  });

  it('cannot be re-pointed at another conversation: the payload is signed', () => {
    const { token } = tokens.issue({ conversationId: 'dl_a', userId: 'analyst_1' });
    const [version, payload, signature] = token.split('.');
    const grant = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const tampered = Buffer.from(JSON.stringify({ ...grant, c: 'dl_b' })).toString('base64url');
    expect(refusal(`${version}.${tampered}.${signature}`)).toBe('UNAUTHORIZED:signature');
  });

  it.each([
    ['', 'UNAUTHORIZED:malformed'],
    ['v1.only-two', 'UNAUTHORIZED:malformed'],
    ['v2.a.b', 'UNAUTHORIZED:malformed'],
    ['v1.a.b.c', 'UNAUTHORIZED:malformed'],
    ['v1.e30.c2ln', 'UNAUTHORIZED:signature'],
  ])('refuses %j', (token, expected) => {
    expect(refusal(token)).toBe(expected);
  });

  it('expires after its lifetime with FORBIDDEN (Web Chat reads 403 as an expired token)', () => {
    const clock = manualClock();
    const shortLived = createDirectLineTokens({ key: 'k'.repeat(32), ttlMs: 1000, now: clock.now });
    const { token } = shortLived.issue({ conversationId: 'dl_a', userId: 'analyst_1' });
    clock.advance(999);
    expect(() => shortLived.verify(token)).not.toThrow();
    clock.advance(1);
    expect(() => shortLived.verify(token)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});
