import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { testConfig } from '../helpers/test-config';
import { emptyMemory, type ConversationMemory } from '../../src/conversation/conversation-memory';
import { runTurn } from '../../src/conversation/run-turn';
import type { TurnInput, TurnSource } from '../../src/conversation/turn-input';
import { createTurnServices, type TurnServices } from '../../src/conversation/turn-services';
import { createLogger } from '../../src/logger';
import type { Recognizer } from '../../src/nlu/types';
import { loadSkillRegistry } from '../../src/skills/skill-registry';
import { fakeRecognizer } from './helpers/fake-recognizer';

/**
 * runTurn is a plain function: these tests call it with an input of each kind, a memory and the
 * services of the composition root, with no adapter and no botbuilder type in sight.
 */
describe('runTurn', () => {
  let dataDir: string;
  let app: SocbotApp;
  let services: TurnServices;
  /** The actions of the audit entries written, in order. */
  let audited: string[];
  const logger = createLogger({ level: 'silent' });
  const source: TurnSource = {
    user: { id: 'ana', name: 'Ana' },
    actor: { id: 'ana', name: 'Ana', local: true },
    roles: ['analyst', 'lead'],
    conversationId: 'c1',
    conversationKey: 'test/c1',
  };

  async function servicesWith(recognizer: Recognizer): Promise<TurnServices> {
    const audit = {
      append: async (record: Parameters<SocbotApp['audit']['append']>[0]) => {
        audited.push(record.action);
        return app.audit.append(record);
      },
    };
    const wiring = { ...app, audit };
    return createTurnServices({ wiring, skills: await loadSkillRegistry(), recognizer, logger });
  }

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-run-turn-'));
    app = createApp({ config: testConfig({ dataDir }), logger });
    audited = [];
    await app.start();
    services = await servicesWith(fakeRecognizer());
  });
  afterEach(async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const text = (words: string): TurnInput => ({ kind: 'text', text: words, source });

  it('text: starts a form, which waits for its first slot, and audits the command', async () => {
    const result = await runTurn(text('register alert 4711'), emptyMemory(), services);
    expect(result.status).toBe('waiting');
    expect(result.replies.map((reply) => reply.text).join(' ')).toContain('From which terminal');
    expect(result.memory?.form?.skill).toBe('register-alert');
    expect(audited).toEqual(['command']);
  });

  it('text: small talk completes without a form', async () => {
    const result = await runTurn(text('hello'), emptyMemory(), services);
    expect(result).toMatchObject({ status: 'complete', memory: { facts: {} } });
    expect(result.replies.length).toBeGreaterThan(0);
  });

  it('card-submit: Confirm on the card acts and completes the form', async () => {
    const memory = emptyMemory();
    const asked = await runTurn(
      text('register alert 4711 terminal PC-0815 user is DDIC on PRD P2'),
      memory,
      services,
    );
    expect(asked.status).toBe('waiting');
    expect(asked.replies.some((reply) => reply.card !== undefined)).toBe(true);
    const form = memory.form?.id;
    const confirmed = await runTurn(
      {
        kind: 'card-submit',
        submit: { action: 'confirm', skill: 'register-alert', ...(form ? { form } : {}) },
        source,
      },
      memory,
      services,
    );
    expect(confirmed.status).toBe('complete');
    expect(confirmed.memory?.form).toBeUndefined();
    expect((await app.store.alerts.list()).map((alert) => alert.alertId)).toEqual(['4711']);
  });

  it('card-submit: Cancel drops the open form (cancelled); without a form it completes', async () => {
    const memory = emptyMemory();
    await runTurn(text('register alert 4711 terminal PC-0815 user is DDIC on PRD P2'), memory, services);
    expect(memory.form?.awaiting.kind).toBe('confirm');
    const cancel: TurnInput = { kind: 'card-submit', submit: { action: 'cancel' }, source };
    const cancelled = await runTurn(cancel, memory, services);
    expect(cancelled.status).toBe('cancelled');
    expect(memory.form).toBeUndefined();
    const again = await runTurn(cancel, memory, services);
    expect(again.status).toBe('complete');
    expect(again.replies[0]?.text).toContain("There's nothing waiting for confirmation");
  });

  it('alert-decision: "Inform Basis" on a SIEM card opens the Basis form at its confirmation', async () => {
    const alert = await app.store.alerts.add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P3',
      createdBy: 'siem',
      conversationId: '',
      requestId: 'siem:4711',
    });
    const result = await runTurn(
      { kind: 'alert-decision', decision: { action: 'alert.inform', ref: alert.ref }, source },
      emptyMemory(),
      services,
    );
    expect(result.status).toBe('waiting');
    expect(result.memory?.form?.skill).toBe('talk-to-basis');
  });

  it('basis-ack: answered without reading or writing the memory', async () => {
    const result = await runTurn(
      { kind: 'basis-ack', ack: { action: 'basis.ack', ref: 'SOC-2026-9999' }, source },
      emptyMemory(),
      services,
    );
    expect(result).toMatchObject({ status: 'complete', memory: undefined });
    expect(result.replies[0]?.text).toContain('I have no Basis request about SOC-2026-9999');
  });

  it('channel-registration: registers the conversation for its audience, memory untouched', async () => {
    const result = await runTurn(
      {
        kind: 'channel-registration',
        command: { register: true, audience: 'basis' },
        text: 'register this channel for basis notifications',
        source,
      },
      emptyMemory(),
      services,
    );
    expect(result).toMatchObject({ status: 'complete', memory: undefined });
    expect(await app.directory.list('basis')).toEqual(['test/c1']);
  });

  it('conversation-start: a welcome with a hint of what to type, once per conversation', async () => {
    const memory = emptyMemory();
    const result = await runTurn({ kind: 'conversation-start' }, memory, services);
    expect(result).toMatchObject({ status: 'complete', memory: { welcomed: true } });
    expect(result.replies[0]?.text).toMatch(/register alert 4711 on PRD.*"help"/);
    const again = await runTurn({ kind: 'conversation-start' }, memory, services);
    expect(again).toMatchObject({ status: 'complete', replies: [], memory: undefined });
  });

  it('too-long and not-text: refused, nothing to save', async () => {
    const long = await runTurn({ kind: 'too-long', length: 4100, limit: 4000 }, emptyMemory(), services);
    expect(long).toMatchObject({ status: 'refused', memory: undefined });
    expect(long.replies[0]?.text).toContain('4,100 characters; my limit is 4,000');
    const notText = await runTurn({ kind: 'not-text' }, emptyMemory(), services);
    expect(notText).toMatchObject({ status: 'refused', memory: undefined });
    expect(notText.replies[0]?.text).toContain('I can only read text messages');
  });

  it('a failing turn is answered with its code and leaves nothing to save', async () => {
    const failing = await servicesWith({
      recognize: () => Promise.reject(new Error('model gone')),
    });
    const memory: ConversationMemory = { facts: { username: 'DDIC' } };
    const result = await runTurn(text('register alert 4711'), memory, failing);
    expect(result).toMatchObject({ status: 'failed', memory: undefined });
    expect(result.replies[0]?.text).toContain('something went wrong on my side (INTERNAL)');
  });

  it("does not finish before the command's audit entry is written", async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const audit: TurnServices['conversation']['audit'] = async (_turn, record) => {
      if (record.action === 'command') await gate;
      order.push(record.action);
    };
    const gated: TurnServices = { ...services, conversation: { ...services.conversation, audit } };
    const memory = emptyMemory();
    let finished = false;
    const turn = runTurn(text('register alert 4711'), memory, gated).then((result) => {
      finished = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(false);
    release();
    expect((await turn).status).toBe('waiting');
    expect(order).toEqual(['command']);
  });
});
