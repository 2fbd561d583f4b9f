import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBasisAcknowledgement } from '../../src/app/basis-acknowledgement';
import { createLogger } from '../../src/logger';
import { BasisRequestLog } from '../../src/store/basis-request-log';

describe('Basis acknowledgement', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-basis-ack-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('two acknowledgements at once tell the analyst once', async () => {
    const requests = new BasisRequestLog(dir);
    await requests.add({
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      alert: 'SOC-2026-0001',
      requestedBy: 'Ana',
      conversationId: 'c1',
    });
    const told: string[] = [];
    const results: string[] = [];
    const ack = createBasisAcknowledgement({
      requests,
      directory: { keyOfConversationId: async () => 'msteams/c1' } as never,
      delivery: {
        deliver: async (_key: string, message: { text: string }) => {
          told.push(message.text);
        },
      },
      audit: {
        append: async (entry: { result: string }) => {
          results.push(entry.result);
        },
      } as never,
      logger: createLogger({ level: 'silent' }),
    });

    const outcomes = await Promise.all([
      ack.acknowledge({ ref: 'SOC-2026-0001', by: { id: 'bob', name: 'Bob', role: 'basis' }, via: 'teams' }),
      ack.acknowledge({ ref: 'soc-2026-0001', by: { id: 'link', name: 'link', role: 'basis' }, via: 'link' }),
    ]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([
      'acknowledged',
      'already-acknowledged',
    ]);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('acknowledged your request BR-0001 about alert SOC-2026-0001');
    expect(results.sort()).toEqual(['acknowledged BR-0001', 'already acknowledged']);
    expect(
      await ack.acknowledge({ ref: 'SOC-2026-9999', by: { id: 'bob', role: 'basis' }, via: 'teams' }),
    ).toEqual({
      status: 'unknown-alert',
    });
  });
});
