import fsPromises, { readFile, rename, type FileHandle } from 'node:fs/promises';
import type { AuditEntry } from '../../src/audit/audit-entry';
import { AuditLog } from '../../src/audit/audit-log';
import { entryHash, GENESIS_HASH } from '../../src/audit/entry-hash';
import { verifyAudit } from '../../src/audit/verify-audit';
import { ana, appendSamples, auditKit } from './audit-test-kit';

describe('AuditLog and verifyAudit', () => {
  let kit: Awaited<ReturnType<typeof auditKit>>;
  beforeEach(async () => {
    kit = await auditKit();
  });
  afterEach(async () => {
    await kit.cleanup();
  });

  it('appends numbered, hash-chained JSON lines and verifies them intact', async () => {
    await appendSamples(kit.log);
    const lines = await kit.lines();
    const entries = lines.map((line) => JSON.parse(line) as AuditEntry);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    const { hash, ...withoutHash } = entries[0] as AuditEntry;
    expect(hash).toBe(entryHash(withoutHash));

    expect(await verifyAudit(kit.file)).toEqual({
      intact: true,
      entries: 5,
      file: kit.file,
      exists: true,
      headHash: entries[4]?.hash,
    });
  });

  it('continues the chain in a new process (a new AuditLog on the same file)', async () => {
    await kit.log.append({ actor: ana, action: 'command', summary: 'first' });
    const restarted = new AuditLog(kit.file);
    const second = await restarted.append({ actor: ana, action: 'command', summary: 'second' });
    expect(second.seq).toBe(2);
    expect(await verifyAudit(kit.file)).toMatchObject({ intact: true, entries: 2 });
    await restarted.close();
  });

  it('starts a new trail when the file is moved aside while it runs, and leaves the moved file as it was', async () => {
    await kit.log.append({ actor: ana, action: 'command', summary: 'before' });
    const moved = `${kit.file}.broken`;
    await rename(kit.file, moved);
    const movedText = await readFile(moved, 'utf8');
    const after = await kit.log.append({ actor: ana, action: 'command', summary: 'after' });
    expect(after).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(await readFile(moved, 'utf8')).toBe(movedText);
    expect(await verifyAudit(kit.file)).toMatchObject({ intact: true, entries: 1 });
  });

  it('reads on from where the last entriesAfter ended, not from the start of the file', async () => {
    const first = await kit.log.append({ actor: ana, action: 'command', summary: 'first' });
    expect(await kit.log.entriesAfter(0)).toEqual([first]);
    const second = await kit.log.append({ actor: ana, action: 'command', summary: 'second' });
    // The first line rewritten in place (same length) to look like entry 7: only a read of the
    // whole file would find it again.
    const [firstLine = '', secondLine = ''] = await kit.lines();
    const rewritten = firstLine.replace('"seq":1,', '"seq":7,');
    expect(rewritten).not.toBe(firstLine);
    await kit.writeLines([rewritten, secondLine]);
    expect(await kit.log.entriesAfter(1)).toEqual([second]);
    // Asked for less than it read last, it reads from the start.
    expect((await kit.log.entriesAfter(0)).map((entry) => entry.seq)).toEqual([7, 2]);
  });

  it('gives a line being written once it is whole, and reads a replaced file from its start', async () => {
    await appendSamples(kit.log);
    const lines = await kit.lines();
    expect((await kit.log.entriesAfter(0)).map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    // A sixth line half written (another process's write in progress).
    const sixth = JSON.stringify({ ...(JSON.parse(lines[4] ?? '') as AuditEntry), seq: 6 });
    await fsPromises.appendFile(kit.file, sixth.slice(0, 30));
    expect(await kit.log.entriesAfter(5)).toEqual([]);
    await fsPromises.appendFile(kit.file, `${sixth.slice(30)}\n`);
    expect((await kit.log.entriesAfter(5)).map((entry) => entry.seq)).toEqual([6]);
    // Moved aside and a new trail begun: the new file is read from its start.
    await rename(kit.file, `${kit.file}.old`);
    const fresh = new AuditLog(kit.file);
    const restarted = await fresh.append({ actor: ana, action: 'command', summary: 'new trail' });
    await fresh.close();
    expect(await kit.log.entriesAfter(0)).toEqual([restarted]);
  });

  it('reads a file rewritten in place (a longer backup copied over it) from its start', async () => {
    await appendSamples(kit.log);
    expect(await kit.log.entriesAfter(0)).toHaveLength(5);
    const other = new AuditLog(`${kit.file}.other`, () => new Date('2026-04-01T00:00:00Z'));
    for (let i = 0; i < 7; i += 1)
      await other.append({ actor: ana, action: 'command', summary: `other ${i}` });
    await other.close();
    const otherEntries = await other.entriesAfter(0);
    await fsPromises.writeFile(kit.file, await readFile(`${kit.file}.other`));
    expect(await kit.log.entriesAfter(5)).toEqual(otherEntries.slice(5));
  });

  it('opens the file again after a failed write instead of keeping a broken handle', async () => {
    await kit.log.append({ actor: ana, action: 'command', summary: 'first' });
    const probe = await fsPromises.open(kit.file, 'r');
    const prototype = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const realWrite = prototype.write;
    // From now on the handle the log holds fails every write, as a stale network-file-system handle does.
    const broken = new WeakSet<FileHandle>();
    let marked = false;
    const write = jest.spyOn(prototype, 'write').mockImplementation(function (
      this: FileHandle,
      ...args: unknown[]
    ) {
      if (!marked) {
        broken.add(this);
        marked = true;
      }
      if (broken.has(this))
        return Promise.reject(Object.assign(new Error('stale file handle'), { code: 'ESTALE' }));
      return (realWrite as (...a: unknown[]) => ReturnType<FileHandle['write']>).apply(this, args);
    } as FileHandle['write']);
    await expect(kit.log.append({ actor: ana, action: 'command', summary: 'lost' })).rejects.toThrow('stale');
    const after = await kit.log.append({ actor: ana, action: 'command', summary: 'second' });
    write.mockRestore();
    expect(after.seq).toBe(2);
    expect(await verifyAudit(kit.file)).toMatchObject({ intact: true, entries: 2 });
  });

  it('appends again after close, continuing the chain', async () => {
    await kit.log.append({ actor: ana, action: 'command', summary: 'first' });
    await kit.log.close();
    const second = await kit.log.append({ actor: ana, action: 'command', summary: 'second' });
    expect(second.seq).toBe(2);
    expect(await verifyAudit(kit.file)).toMatchObject({ intact: true, entries: 2 });
  });

  it('numbers concurrent appends without gaps or duplicates, in the order they were made', async () => {
    const entries = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        kit.log.append({ actor: ana, action: 'call', summary: `call ${i}` }),
      ),
    );
    expect(await verifyAudit(kit.file)).toMatchObject({ intact: true, entries: 25 });
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const lines = (await readFile(kit.file, 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as AuditEntry).summary)).toEqual(
      entries.map((e) => e.summary),
    );
  });

  it('redacts secret-named keys in details at any depth', async () => {
    const entry = await kit.log.append({
      actor: ana,
      action: 'call',
      summary: 'create ticket',
      details: {
        url: 'https://sn.example/api',
        password: 'hunter2',
        headers: { Authorization: 'Basic abc', 'X-Api-Key': 'k' },
        calls: [{ access_token: 't0k3n', status: 201 }],
        webhookSecret: 's',
        compass: 'not a secret',
      },
    });
    expect(entry.details).toEqual({
      url: 'https://sn.example/api',
      password: '[redacted]',
      headers: { Authorization: '[redacted]', 'X-Api-Key': '[redacted]' },
      calls: [{ access_token: '[redacted]', status: 201 }],
      webhookSecret: '[redacted]',
      compass: 'not a secret',
    });
    const text = (await kit.lines()).join('\n');
    for (const secret of ['hunter2', 'Basic abc', 't0k3n']) expect(text).not.toContain(secret);
  });

  it('detects an edited field at that entry', async () => {
    await appendSamples(kit.log);
    const lines = await kit.lines();
    lines[2] = (lines[2] as string).replace('register alert 4712', 'register alert 9999');
    await kit.writeLines(lines);

    expect(await verifyAudit(kit.file)).toMatchObject({
      intact: false,
      entries: 2,
      firstBadSeq: 3,
      lineNo: 3,
      problem: 'changed',
    });
  });

  it('detects an edited entry whose hash was recomputed, at the entry after it', async () => {
    await appendSamples(kit.log);
    const lines = await kit.lines();
    const forged = JSON.parse(lines[1] as string) as Record<string, unknown>;
    forged.summary = 'declined';
    delete forged.hash;
    forged.hash = entryHash(forged as Omit<AuditEntry, 'hash'>);
    lines[1] = JSON.stringify(forged);
    await kit.writeLines(lines);

    expect(await verifyAudit(kit.file)).toMatchObject({
      intact: false,
      firstBadSeq: 3,
      problem: 'chain_broken',
    });
  });

  it('detects a deleted line', async () => {
    await appendSamples(kit.log);
    const lines = await kit.lines();
    lines.splice(1, 1);
    await kit.writeLines(lines);

    const check = await verifyAudit(kit.file);
    expect(check).toMatchObject({ intact: false, entries: 1, firstBadSeq: 2, lineNo: 2, problem: 'deleted' });
    expect(check.intact ? '' : check.message).toContain('Entry 2 is missing');
  });

  it('detects a cut-off last line, and refuses to append after it', async () => {
    await appendSamples(kit.log);
    const lines = await kit.lines();
    lines[4] = (lines[4] as string).slice(0, 40);
    await kit.writeLines(lines, { finalNewline: false });

    expect(await verifyAudit(kit.file)).toMatchObject({
      intact: false,
      entries: 4,
      firstBadSeq: 5,
      lineNo: 5,
      problem: 'truncated',
    });
    await expect(
      new AuditLog(kit.file).append({ actor: ana, action: 'command', summary: 'x' }),
    ).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
    });
  });

  it('detects a swapped pair of entries', async () => {
    await appendSamples(kit.log);
    const lines = await kit.lines();
    [lines[2], lines[3]] = [lines[3] as string, lines[2] as string];
    await kit.writeLines(lines);

    const check = await verifyAudit(kit.file);
    expect(check).toMatchObject({
      intact: false,
      entries: 2,
      firstBadSeq: 3,
      lineNo: 3,
      problem: 'reordered',
    });
    expect(check.intact ? '' : check.message).toContain('entry 3 comes later, at line 4');
  });

  it('detects a line that is not an entry', async () => {
    await appendSamples(kit.log);
    const lines = await kit.lines();
    lines.splice(2, 0, '{"hello":"world"}');
    await kit.writeLines(lines);
    expect(await verifyAudit(kit.file)).toMatchObject({
      intact: false,
      firstBadSeq: 3,
      problem: 'not_an_entry',
    });
  });

  it('reports a missing file as an empty trail', async () => {
    expect(await verifyAudit(kit.file)).toMatchObject({ intact: true, entries: 0, exists: false });
  });
});
