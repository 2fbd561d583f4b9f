import type { AuditEntry, AuditRecord } from '../../../src/audit/audit-entry';
import type { AuditTrail } from '../../../src/audit/audit-trail';
import { exportAlertTimeline } from '../../../src/audit/alert-timeline';
import { entryHash, GENESIS_HASH } from '../../../src/audit/entry-hash';

/** One audit trail under test, with the back door a tamperer would use. */
export interface AuditTrailUnderTest {
  /** Ticks one second per entry from 2026-03-01 10:00:00Z; `secrets` are the configured credential values. */
  trail: AuditTrail;
  /** A second trail on the same storage (a restarted process, another replica). */
  reopen(): AuditTrail;
  /** Rewrites the stored entry with this seq, as someone with write access to the storage could. */
  tamper(seq: number, change: (entry: AuditEntry) => AuditEntry): Promise<void>;
  cleanup(): Promise<void>;
}

/** The configured credential value every implementation is made with. */
export const CONTRACT_SECRET = 's3cr3t-Value-42';

const ana = { id: 'aad-ana', name: 'Ana', role: 'analyst' };
const leo = { id: 'aad-leo', name: 'Leo', role: 'lead' };

/** A confirmation written before the alert had its reference, tied to it by the request id. */
const samples: AuditRecord[] = [
  {
    actor: ana,
    action: 'confirmation',
    summary: 'register alert',
    result: 'confirmed',
    details: { requestId: 'r-1' },
  },
  {
    actor: ana,
    action: 'result',
    summary: 'register alert',
    result: 'done: SOC-2026-0001',
    alertRef: 'SOC-2026-0001',
    details: { requestId: 'r-1', skill: 'register-alert' },
  },
  {
    actor: leo,
    action: 'command',
    summary: 'close alert',
    alertRef: 'SOC-2026-0002',
    details: { requestId: 'r-2' },
  },
  {
    actor: { id: 'system', name: 'socbot outbox' },
    action: 'result',
    summary: 'ticket.create',
    result: 'succeeded',
    alertRef: 'soc-2026-0001',
    details: { jobId: 'job-1' },
  },
];

/**
 * The behaviour every `AuditTrail` promises, run against the file (`AuditLog`) and the database
 * (`PgAuditTrail`): the same entries, the same chain, the same verdicts.
 *
 * @example
 *   describeAuditTrailContract('AuditLog (audit.jsonl)', async () => fileTrail());
 */
export function describeAuditTrailContract(name: string, make: () => Promise<AuditTrailUnderTest>): void {
  describe(`AuditTrail contract: ${name}`, () => {
    let subject: AuditTrailUnderTest;
    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('numbers and chains entries like entry-hash.ts, and reads them back as written', async () => {
      const written: AuditEntry[] = [];
      for (const record of samples) written.push(await subject.trail.append(record));
      expect(written.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
      expect(written[0]?.prevHash).toBe(GENESIS_HASH);
      for (const [index, entry] of written.entries()) {
        const { hash, ...content } = entry;
        expect(hash).toBe(entryHash(content));
        if (index > 0) expect(entry.prevHash).toBe(written[index - 1]?.hash);
      }
      expect(written[0]).toMatchObject({
        at: '2026-03-01T10:00:00.000Z',
        actor: ana,
        action: 'confirmation',
      });
      expect(await subject.trail.entries()).toEqual(written);
      expect(await subject.trail.head()).toEqual({ seq: 4, hash: written[3]?.hash });
      expect(await subject.reopen().head()).toEqual({ seq: 4, hash: written[3]?.hash });
      expect(await subject.trail.verify()).toMatchObject({
        intact: true,
        entries: 4,
        exists: true,
        headHash: written[3]?.hash,
      });
    });

    it('reads on from a seq: what was appended since, also what another instance appended', async () => {
      expect(await subject.trail.entriesAfter(0)).toEqual([]);
      const written: AuditEntry[] = [];
      for (const record of samples) written.push(await subject.trail.append(record));
      expect(await subject.trail.entriesAfter(0)).toEqual(written);
      expect(await subject.trail.entriesAfter(2)).toEqual(written.slice(2));
      expect(await subject.trail.entriesAfter(4)).toEqual([]);
      await subject.trail.close();
      // Another replica (or the same process after a restart) appends; the first reader goes on.
      const other = subject.reopen();
      const fifth = await other.append({ actor: leo, action: 'command', summary: 'from the other one' });
      await other.close();
      expect(await subject.trail.entriesAfter(4)).toEqual([fifth]);
      expect(await subject.trail.entriesAfter(5)).toEqual([]);
      // Back to an earlier seq than the last read: still every entry after it.
      expect(await subject.trail.entriesAfter(1)).toEqual([...written.slice(1), fifth]);
    });

    it('verifies an empty trail as intact with no entries', async () => {
      expect(await subject.trail.entries()).toEqual([]);
      expect(await subject.trail.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
      expect(await subject.trail.verify()).toMatchObject({
        intact: true,
        entries: 0,
        headHash: GENESIS_HASH,
      });
    });

    it('redacts secrets by key name, by shape and by the configured values before hashing', async () => {
      const entry = await subject.trail.append({
        actor: ana,
        action: 'call',
        summary: `queued with ${CONTRACT_SECRET}`,
        details: {
          password: 'hunter2',
          url: 'https://u:pw@example.test/x',
          echoed: `key=${encodeURIComponent(CONTRACT_SECRET)}`,
        },
      });
      const [stored] = await subject.trail.entries();
      const text = JSON.stringify(stored);
      expect(stored).toEqual(entry);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(':pw@');
      expect(text).not.toContain(CONTRACT_SECRET);
      expect(stored?.details.password).toBe('[redacted]');
      expect((await subject.trail.verify()).intact).toBe(true);
    });

    it("gives one alert's timeline: its entries (any case) and those of the same request, oldest first", async () => {
      for (const record of samples) await subject.trail.append(record);
      const timeline = await subject.trail.entriesOfAlert(' SOC-2026-0001 ');
      expect(timeline.map((entry) => entry.seq)).toEqual([1, 2, 4]);
      expect((await subject.trail.entriesOfAlert('SOC-2026-0002')).map((entry) => entry.seq)).toEqual([3]);
      expect(await subject.trail.entriesOfAlert('SOC-2026-0404')).toEqual([]);

      const markdown = await exportAlertTimeline(
        subject.trail,
        'SOC-2026-0001',
        () => new Date('2026-03-02T00:00:00Z'),
      );
      expect(markdown).toContain(`from \`${subject.trail.location}\``);
      expect(markdown).toContain('Audit chain: intact (4 entries');
      expect(markdown).toContain('3 entries.');
    });

    it("gives the entries of the requests asked for, oldest first, and nothing of another's", async () => {
      for (const record of samples) await subject.trail.append(record);
      const ofRequests = async (ids: string[]): Promise<number[]> =>
        (await subject.trail.entriesOfRequests(ids)).map((entry) => entry.seq);
      expect(await ofRequests(['r-2', 'r-1'])).toEqual([1, 2, 3]);
      expect(await ofRequests(['r-1'])).toEqual([1, 2]);
      // Exactly: no other case, no entry without a request id.
      expect(await ofRequests(['R-1', 'job-1', 'r-9'])).toEqual([]);
      expect(await ofRequests([])).toEqual([]);
    });

    it('chains appends made at once without gaps, and continues the chain in a second instance', async () => {
      const together = await Promise.all(
        Array.from({ length: 25 }, (_, index) =>
          subject.trail.append({ actor: ana, action: 'command', summary: `command ${index}` }),
        ),
      );
      expect(together.map((entry) => entry.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 25 }, (_, index) => index + 1),
      );
      await subject.trail.close();
      const second = subject.reopen();
      const next = await second.append({ actor: leo, action: 'command', summary: 'after a restart' });
      expect(next.seq).toBe(26);
      expect(next.prevHash).toBe((await second.entries())[24]?.hash);
      await second.close();
      expect(await subject.trail.verify()).toMatchObject({ intact: true, entries: 26 });
    });

    it('names the entry whose content was changed after it was written', async () => {
      for (const record of samples) await subject.trail.append(record);
      await subject.tamper(2, (entry) => ({ ...entry, result: 'done: SOC-2026-0099' }));
      const check = await subject.trail.verify();
      expect(check).toMatchObject({ intact: false, firstBadSeq: 2, problem: 'changed', entries: 1 });
      expect(!check.intact && check.message).toMatch(
        /^Entry 2 \((line|row) 2\) was changed after it was written/,
      );
    });

    it('names the entry after one that was changed and re-hashed (the chain no longer follows)', async () => {
      for (const record of samples) await subject.trail.append(record);
      await subject.tamper(2, (entry) => {
        const { hash: _old, ...content } = { ...entry, summary: 'rewritten' };
        return { ...content, hash: entryHash(content) };
      });
      expect(await subject.trail.verify()).toMatchObject({
        intact: false,
        firstBadSeq: 3,
        problem: 'chain_broken',
      });
    });
  });
}
