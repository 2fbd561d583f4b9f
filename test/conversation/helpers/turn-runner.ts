import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../../src/app/create-app';
import type { AuditRecord } from '../../../src/audit/audit-entry';
import type { ConversationMemory } from '../../../src/conversation/conversation-memory';
import type { CardSubmitValue } from '../../../src/conversation/confirmation-card';
import { runTurn } from '../../../src/conversation/run-turn';
import type { TurnResult } from '../../../src/conversation/turn-result';
import type { TurnSource } from '../../../src/conversation/turn-input';
import { createTurnServices } from '../../../src/conversation/turn-services';
import { createLogger } from '../../../src/logger';
import type { SkillRegistry } from '../../../src/skills/skill-registry';
import { testConfig } from '../../helpers/test-config';
import { fakeRecognizer } from './fake-recognizer';

/** The local console user (may act in open local mode) and a Teams user with no role (may not). */
export const LOCAL_ANALYST: TurnSource = {
  user: { id: 'ana', name: 'Ana' },
  actor: { id: 'ana', name: 'Ana', local: true },
  roles: ['analyst', 'lead'],
  conversationId: 'c1',
  conversationKey: 'test/c1',
};
export const UNKNOWN_USER: TurnSource = {
  user: { id: 'eve', name: 'Eve' },
  actor: { id: 'eve', name: 'Eve', local: false },
  roles: [],
  conversationId: 'c1',
  conversationKey: 'test/c1',
};

/** runTurn on a fresh app and data directory, with the audit entries it wrote kept in order. */
export interface TurnRunner {
  app: SocbotApp;
  audited: Omit<AuditRecord, 'actor'>[];
  text(words: string, memory: ConversationMemory, source?: TurnSource): Promise<TurnResult>;
  submit(value: CardSubmitValue, memory: ConversationMemory, source?: TurnSource): Promise<TurnResult>;
  dispose(): Promise<void>;
}

/** Starts a runner on `registry` (the shipped skills or the engine fixtures). */
export async function startTurnRunner(registry: SkillRegistry): Promise<TurnRunner> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-turns-'));
  const logger = createLogger({ level: 'silent' });
  const app = createApp({ config: testConfig({ dataDir }), logger });
  await app.start();
  const audited: TurnRunner['audited'] = [];
  // Every entry, the conversation's and the action services' (refusals) alike.
  const append = app.audit.append.bind(app.audit);
  app.audit.append = async (record) => {
    audited.push(record);
    return append(record);
  };
  const services = createTurnServices({
    wiring: app,
    skills: registry,
    recognizer: fakeRecognizer(),
    logger,
  });
  return {
    app,
    audited,
    text: (words, memory, source = LOCAL_ANALYST) =>
      runTurn({ kind: 'text', text: words, source }, memory, services),
    submit: (value, memory, source = LOCAL_ANALYST) =>
      runTurn({ kind: 'card-submit', submit: value, source }, memory, services),
    dispose: async () => {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The replies' text as one string. */
export function textOf(result: TurnResult): string {
  return result.replies.map((reply) => reply.text).join(' ');
}

/** The Confirm button's data on the result's card (what Teams sends back when it is pressed). */
export function confirmButtonOf(result: TurnResult): CardSubmitValue {
  const card = result.replies.find((reply) => reply.card)?.card as
    { actions: { title: string; data: CardSubmitValue }[] } | undefined;
  const confirm = card?.actions.find((action) => action.title === 'Confirm');
  if (!confirm) throw new Error(`no Confirm button in: ${textOf(result)}`);
  return confirm.data;
}
