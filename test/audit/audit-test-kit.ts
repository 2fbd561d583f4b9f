import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuditRecord } from '../../src/audit/audit-entry';
import { AuditLog, auditFilePath } from '../../src/audit/audit-log';

/** A data directory with an audit log whose clock ticks one second per entry from 2026-03-01 10:00:00Z. */
export async function auditKit(): Promise<{
  dir: string;
  file: string;
  log: AuditLog;
  lines(): Promise<string[]>;
  writeLines(lines: string[], options?: { finalNewline?: boolean }): Promise<void>;
  cleanup(): Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-audit-'));
  const file = auditFilePath(dir);
  let tick = 0;
  const log = new AuditLog(file, () => new Date(Date.UTC(2026, 2, 1, 10, 0, tick++)));
  return {
    dir,
    file,
    log,
    async lines() {
      return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    },
    async writeLines(lines, options = {}) {
      await writeFile(file, lines.join('\n') + (options.finalNewline === false ? '' : '\n'));
    },
    async cleanup() {
      await log.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const ana = { id: 'aad-ana', name: 'Ana', role: 'analyst' };
export const leo = { id: 'aad-leo', name: 'Leo', role: 'lead' };

/** Five entries over two alerts, the way a confirmed "register, inform Basis, block" would write them. */
export const SAMPLE_RECORDS: AuditRecord[] = [
  {
    actor: ana,
    action: 'command',
    summary: 'register alert 4711',
    alertRef: 'SOC-2026-0001',
    conversationId: 'c1',
  },
  {
    actor: ana,
    action: 'confirmation',
    summary: 'confirmed: register alert',
    alertRef: 'SOC-2026-0001',
    details: { system: 'PRD' },
  },
  { actor: leo, action: 'command', summary: 'register alert 4712', alertRef: 'SOC-2026-0002' },
  {
    actor: { id: 'system' },
    action: 'result',
    summary: 'create ticket',
    result: 'ticket INC0012345',
    alertRef: 'SOC-2026-0001',
  },
  {
    actor: ana,
    action: 'refusal',
    summary: 'block terminal PC-0815',
    result: 'refused: only leads may block',
    alertRef: 'SOC-2026-0001',
  },
];

/** Appends the sample records in order. */
export async function appendSamples(log: AuditLog): Promise<void> {
  for (const record of SAMPLE_RECORDS) await log.append(record);
}
