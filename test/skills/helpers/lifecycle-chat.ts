import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf, type AccessConfig } from '../../../src/access/access-config';
import { createApp, type SocbotApp } from '../../../src/app/create-app';
import type { AuditRecord } from '../../../src/audit/audit-entry';
import { emptyMemory, type ConversationMemory } from '../../../src/conversation/conversation-memory';
import { runTurn } from '../../../src/conversation/run-turn';
import type { TurnInput, TurnSource } from '../../../src/conversation/turn-input';
import type { TurnResult } from '../../../src/conversation/turn-result';
import { createTurnServices } from '../../../src/conversation/turn-services';
import type { IntegrationConfig } from '../../../src/integrations/integration-config';
import { createLogger } from '../../../src/logger';
import { loadCorpus } from '../../../src/nlu/corpus/load-corpus';
import { trainModel } from '../../../src/nlu/train-model';
import type { Recognizer } from '../../../src/nlu/types';
import { loadSkillRegistry } from '../../../src/skills/skill-registry';
import type { AlertRecord, NewAlert } from '../../../src/store/alert-register';
import { testConfig } from '../../helpers/test-config';

/** Who talks to the bot in the lifecycle transcripts, by the identities SOCBOT_ROLES gives them. */
function person(id: string, name: string, email: string | undefined, roles: TurnSource['roles']): TurnSource {
  return {
    user: { id, name },
    actor: { id, name, ...(email ? { email } : {}) },
    roles,
    conversationId: `c-${id}`,
    conversationKey: `test/c-${id}`,
  };
}
export const LEA = person('29:lea', 'Lea', 'lea@corp.com', ['lead']);
export const ANA = person('29:ana', 'Ana', 'ana@corp.com', ['analyst']);
export const MARIA = person('29:maria', 'Maria', 'maria.rossi@corp.com', ['analyst']);
export const EVE = person('29:eve', 'Eve', 'eve@corp.com', []);
/** The local console or Web Chat user, who acts as analyst and lead while no roles are configured. */
export const LOCAL: TurnSource = {
  ...person('local', 'You', undefined, ['analyst', 'lead']),
  actor: { id: 'local', name: 'You', local: true },
};

/** The role configuration of the transcripts: Lea leads; Ana, Maria Rossi and Mario Verdi are analysts. */
export const ROLES = accessConfigOf({
  lead: ['lea@corp.com'],
  analyst: ['ana@corp.com', 'maria.rossi@corp.com', 'mario.verdi@corp.com'],
});

// Trained once per test file from the shipped corpus (a few seconds): what an analyst types is understood as in production.
let model: Promise<Recognizer> | undefined;
function shippedModel(): Promise<Recognizer> {
  model ??= trainModel(loadCorpus(path.resolve(__dirname, '../../../corpus')));
  return model;
}

/** A fresh app and data directory with the shipped skills and the shipped corpus's model. */
export interface LifecycleChat {
  app: SocbotApp;
  /** Every audit entry written, in order. */
  audited: Omit<AuditRecord, 'actor'>[];
  /** One message; each person has their own conversation memory unless one is given. */
  say(words: string, who?: TurnSource, memory?: ConversationMemory): Promise<string>;
  /** The whole result of one message. */
  turn(words: string, who?: TurnSource, memory?: ConversationMemory): Promise<TurnResult>;
  /** The whole result of one input of any kind (a button's press), in its sender's conversation. */
  input(input: TurnInput & { source: TurnSource }): Promise<TurnResult>;
  memoryOf(who: TurnSource): ConversationMemory;
  register(alert?: Partial<NewAlert>): Promise<AlertRecord>;
  dispose(): Promise<void>;
}

/**
 * `history` writes a data directory's files before the app starts on it (test/fixtures/next-steps/);
 * `integrations` lays parts of the integrations configuration over the defaults (stand-in URLs);
 * `access` replaces the transcripts' roles (ROLES).
 */
export async function startLifecycleChat(
  options: {
    history?: (dataDir: string) => Promise<void>;
    integrations?: Partial<IntegrationConfig>;
    access?: AccessConfig;
  } = {},
): Promise<LifecycleChat> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-lifecycle-'));
  await options.history?.(dataDir);
  const logger = createLogger({ level: 'silent' });
  const app = createApp({
    config: testConfig({
      dataDir,
      access: options.access ?? ROLES,
      integrations: options.integrations ?? {},
    }),
    logger,
  });
  await app.start();
  const audited: LifecycleChat['audited'] = [];
  const append = app.audit.append.bind(app.audit);
  app.audit.append = async (record) => {
    audited.push(record);
    return append(record);
  };
  const services = createTurnServices({
    wiring: app,
    skills: await loadSkillRegistry(),
    recognizer: await shippedModel(),
    logger,
  });
  const memories = new Map<string, ConversationMemory>();
  const memoryOf = (who: TurnSource): ConversationMemory => {
    const memory = memories.get(who.conversationKey) ?? emptyMemory();
    memories.set(who.conversationKey, memory);
    return memory;
  };
  const turn = (words: string, who: TurnSource = LEA, memory = memoryOf(who)) =>
    runTurn({ kind: 'text', text: words, source: who }, memory, services);
  return {
    app,
    audited,
    turn,
    input: (input) => runTurn(input, memoryOf(input.source), services),
    say: async (words, who, memory) =>
      (await turn(words, who, memory)).replies.map((reply) => reply.text).join(' '),
    memoryOf,
    register: (alert = {}) =>
      app.store.alerts.add({
        alertId: '4711',
        terminal: 'PC-0815',
        username: 'DDIC',
        system: 'PRD',
        priority: 'P2',
        createdBy: 'Lea',
        conversationId: 'c-lea',
        ...alert,
      }),
    dispose: async () => {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
