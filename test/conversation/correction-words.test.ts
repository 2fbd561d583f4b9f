import { Writable } from 'node:stream';
import { correctEarlier, pickedSuggestion } from '../../src/conversation/correction';
import { readCorrectionWords } from '../../src/conversation/correction-words';
import { emptyMemory } from '../../src/conversation/conversation-memory';
import type { ConversationServices, Turn } from '../../src/conversation/turn';
import { createLogger } from '../../src/logger';
import { loadSkillRegistry } from '../../src/skills/skill-registry';
import type { NewReviewItem } from '../../src/store/review-queue';

describe('readCorrectionWords', () => {
  it.each([
    ['no, I meant reopen it', 'reopen it'],
    ['no I meant reopen it', 'reopen it'],
    ['Nope - I meant show open alerts.', 'show open alerts'],
    ['I meant to reopen SOC-2026-0001', 'reopen SOC-2026-0001'],
    ['nope, I wanted to inform Basis', 'inform Basis'],
    ['no i meant to say list my alerts!', 'list my alerts'],
    ['not that, reopen it', 'reopen it'],
    ['wrong: mark it contained', 'mark it contained'],
    ['no, I meant PC-0816', 'PC-0816'],
  ])('"%s" means "%s"', (text, meant) => {
    expect(readCorrectionWords(text)).toEqual({ kind: 'meant', meant });
  });

  it.each([
    "no, that's wrong",
    'No, that’s wrong.',
    "that's not what I meant",
    'Nope — not what I wanted!',
    'wrong',
    'not that',
    'no, wrong',
    'that is not right',
  ])('"%s" says the reading was wrong without saying what was meant', (text) => {
    expect(readCorrectionWords(text)).toEqual({ kind: 'wrong' });
  });

  it.each(['no', 'no thanks', 'no, the terminal is PC-0816', 'wrong terminal', 'not that bad', 'I mean it'])(
    '"%s" is no correction',
    (text) => {
      expect(readCorrectionWords(text)).toBeUndefined();
    },
  );
});

describe('a correction in the log', () => {
  it('is logged at info with the conversation, source and intents, never the text', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const queued: NewReviewItem[] = [];
    const services: ConversationServices = {
      registry: await loadSkillRegistry(),
      skillServicesFor: () => {
        throw new Error('no skill acts here');
      },
      reviews: {
        add: async (item) => {
          queued.push(item);
          return { id: `r${queued.length}` };
        },
        propose: async () => false,
      },
      audit: async () => undefined,
      logger: createLogger({ level: 'info', destination }),
    };
    const turn: Turn = {
      text: 'show open alerts',
      user: { id: 'u1', name: 'Ana' },
      actor: { id: 'u1', name: 'Ana' },
      roles: ['analyst'],
      conversationId: 'conv-7',
      conversationKey: 'test/conv-7',
    };
    const memory = emptyMemory();
    const secretish = 'close the one Bob from payroll opened as false positive';
    const earlier = { message: { text: secretish, intent: 'alert_close', score: 0.97, alternatives: [] } };
    const meant = {
      text: 'show open alerts',
      intent: 'alert_list',
      score: 0.96,
      alternatives: [],
      entities: [],
    };
    await correctEarlier(earlier, meant, memory, turn, services);
    const offered = {
      ...earlier.message,
      options: [{ value: 'register an alert', intent: 'alert' }],
    };
    expect(await pickedSuggestion(offered, '  Register   an alert ', turn, services)).toBe(true);
    expect(await pickedSuggestion(offered, 'register an alert please', turn, services)).toBe(false);

    expect(queued.map((item) => [item.text, item.correctIntent, item.source])).toEqual([
      [secretish, 'alert_list', 'correction'],
      [secretish, 'alert', 'suggestion'],
    ]);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 30,
        conversationId: 'conv-7',
        source: 'correction',
        intent: 'alert_close',
        correctIntent: 'alert_list',
      }),
      expect.objectContaining({ level: 30, source: 'suggestion', correctIntent: 'alert' }),
    ]);
    expect(lines.join('')).not.toContain('payroll');
  });
});
