import { recordJobOutcomes } from '../../src/audit/job-outcome-audit';
import { exportAlertTimeline } from '../../src/audit/alert-timeline';
import { verifyAudit } from '../../src/audit/verify-audit';
import { eventually, integrationError, outboxKit } from '../outbox/outbox-test-kit';
import { AuditLog, auditFilePath } from '../../src/audit/audit-log';
import { readAuditFile } from '../../src/audit/read-audit-file';

describe('recordJobOutcomes', () => {
  it('audits the outcome of every settled outbox job, chained with the rest', async () => {
    const kit = await outboxKit();
    const audit = new AuditLog(auditFilePath(kit.dir));
    try {
      const outbox = kit.open();
      outbox.register('ticket.create', async () => ({ number: 'INC0012345' }));
      outbox.register('block.terminal', async () => {
        throw integrationError('FORBIDDEN', false);
      });
      recordJobOutcomes(outbox, audit);
      await outbox.start();
      await outbox.enqueue({
        type: 'ticket.create',
        idempotencyKey: 't1',
        payload: null,
        origin: { alertRef: 'SOC-2026-0001' },
      });
      await outbox.enqueue({
        type: 'block.terminal',
        idempotencyKey: 'b1',
        payload: null,
        origin: { alertRef: 'SOC-2026-0001' },
      });
      await eventually(async () => (await readAuditFile(audit.file)).lines.length === 2);
      await audit.flush();

      const entries = (await readAuditFile(audit.file)).lines.map((line) => line.entry);
      expect(entries.map((e) => [e?.summary, e?.result]).sort()).toEqual([
        ['block.terminal', 'failed: FORBIDDEN'],
        ['ticket.create', 'succeeded'],
      ]);
      expect(await verifyAudit(audit.file)).toMatchObject({ intact: true, entries: 2 });
      expect(await exportAlertTimeline(audit, 'SOC-2026-0001')).toContain(
        '| socbot outbox | result: ticket.create | succeeded |',
      );
    } finally {
      await kit.cleanup();
      await audit.close();
    }
  });
});
