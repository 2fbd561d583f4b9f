import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { AuditLog, auditFilePath } from '../../src/audit/audit-log';
import { readAuditFile } from '../../src/audit/read-audit-file';
import { verifyAudit } from '../../src/audit/verify-audit';
import { isSocbotError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { DATA_DIR_LOCK_FILE_NAME } from '../../src/store/data-dir-lock';
import { testConfig } from '../helpers/test-config';

/**
 * Issue 12 item 4: a damaged data file used to let the server start (and /healthz say ok) while
 * every turn failed with STORAGE_CORRUPT. Start-up now reads every data file once: what cannot be
 * read stops it with the remedy; a crash's cut-off last line is set aside, audited and reported.
 */
describe('start-up reads every data file once', () => {
  let dir: string;
  let dataDir: string;
  let app: SocbotApp | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-data-dir-check-'));
    dataDir = path.join(dir, 'data');
    await mkdir(dataDir, { recursive: true });
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const newApp = (): SocbotApp =>
    (app = createApp({
      config: testConfig({ dataDir, host: '127.0.0.1', port: 0 }),
      logger: createLogger({ level: 'silent' }),
    }));
  const refusal = async (): Promise<Error> => {
    const error: unknown = await newApp()
      .start()
      .catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    // A refused start leaves the directory to the next one.
    expect(existsSync(path.join(dataDir, DATA_DIR_LOCK_FILE_NAME))).toBe(false);
    app = undefined;
    return error as Error;
  };
  const change = (key: string, step: number): string =>
    `${JSON.stringify({ key, eTag: `e${step}`, value: { step } })}\n`;

  it('refuses to start on a state.json it cannot read, naming the file and how to move it aside', async () => {
    const file = path.join(dataDir, 'state.json');
    await writeFile(file, '{"items":{"conv":');
    const message = (await refusal()).message;
    expect(message).toContain(file);
    expect(message).toContain(`mv "${file}" "${file}.corrupt"`);
  });

  it('refuses to start on a state journal whose middle line is not a change', async () => {
    const file = path.join(dataDir, 'state.journal.jsonl');
    await writeFile(file, `${change('a', 1)}not json at all\n${change('a', 2)}`);
    const message = (await refusal()).message;
    expect(message).toContain(file);
    expect(message).toContain('line 2');
  });

  it('refuses to start on a conversations.json it cannot read', async () => {
    const file = path.join(dataDir, 'conversations.json');
    await writeFile(file, '{"references": [');
    const message = (await refusal()).message;
    expect(message).toContain(file);
    expect(message).toContain('mv');
  });

  it('refuses to start on an incident-rooms.json it cannot read, naming it and the remedy', async () => {
    const file = path.join(dataDir, 'incident-rooms.json');
    await writeFile(file, '{"rooms": {"SOC-2026-0001": ');
    const message = (await refusal()).message;
    expect(message).toContain(file);
    expect(message).toContain('mv');
    expect(await readFile(file, 'utf8')).toBe('{"rooms": {"SOC-2026-0001": ');
  });

  it('sets a cut-off last audit line aside, audits the repair, reports it and keeps the chain intact', async () => {
    const file = auditFilePath(dataDir);
    const earlier = new AuditLog(file);
    await earlier.append({ actor: { id: 'aad-ana' }, action: 'command', summary: 'register alert 4711' });
    await earlier.close();
    const torn = '{"seq":2,"at":"2026-12-06T02:00:00.000Z","actor":{"id":"sys';
    await writeFile(file, (await readFile(file, 'utf8')) + torn);

    const started = newApp();
    await started.start();

    const aside = (await readdir(dataDir)).filter((name) => name.startsWith('audit.jsonl.torn'));
    expect(aside).toHaveLength(1);
    expect(await readFile(path.join(dataDir, aside[0] ?? ''), 'utf8')).toBe(torn);
    expect(started.repairs).toEqual([
      expect.objectContaining({ file, movedTo: path.join(dataDir, aside[0] ?? ''), bytes: torn.length }),
    ]);
    await started.audit.flush();
    const { lines } = await readAuditFile(file);
    const repair = lines.map((line) => line.entry).find((entry) => entry?.action === 'repair');
    expect(repair).toMatchObject({
      seq: 2,
      details: { file, bytes: torn.length, movedTo: path.join(dataDir, aside[0] ?? '') },
    });
    expect((await verifyAudit(file)).intact).toBe(true);
  });

  it('sets a cut-off last state journal line aside instead of dropping it unseen', async () => {
    const file = path.join(dataDir, 'state.journal.jsonl');
    const torn = '{"key":"b","eTag":"e9","value":{"st';
    await writeFile(file, change('a', 1) + torn);

    const started = newApp();
    await started.start();

    expect(started.repairs).toEqual([expect.objectContaining({ file, bytes: torn.length })]);
    expect(await readFile(started.repairs[0]?.movedTo ?? '', 'utf8')).toBe(torn);
    expect(await readFile(file, 'utf8')).toBe(change('a', 1));
    expect(await started.store.storage.read(['a'])).toEqual({ a: { step: 1, eTag: 'e1' } });
  });

  it('starts with no repairs on intact files', async () => {
    const started = newApp();
    await started.start();
    expect(started.repairs).toEqual([]);
  });
});
