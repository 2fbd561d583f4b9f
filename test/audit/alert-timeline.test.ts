import { cell, exportAlertTimeline } from '../../src/audit/alert-timeline';
import { appendSamples, auditKit } from './audit-test-kit';

const exportedAt = (): Date => new Date('2026-03-02T08:00:00Z');

describe('exportAlertTimeline', () => {
  let kit: Awaited<ReturnType<typeof auditKit>>;
  beforeEach(async () => {
    kit = await auditKit();
  });
  afterEach(async () => {
    await kit.cleanup();
  });

  it('writes a title and a table of only that alert, oldest first', async () => {
    await appendSamples(kit.log);
    const markdown = await exportAlertTimeline(kit.log, 'soc-2026-0001', exportedAt);
    const lines = markdown.split('\n');

    expect(lines[0]).toBe('# Timeline of alert soc-2026-0001');
    expect(markdown).toContain('Audit chain: intact (5 entries');
    const rows = lines.filter((line) => line.startsWith('| 2026'));
    expect(rows).toEqual([
      '| 2026-03-01 10:00:00 | Ana (analyst) | register alert 4711 |  |',
      '| 2026-03-01 10:00:01 | Ana (analyst) | confirmation: confirmed: register alert |  |',
      '| 2026-03-01 10:00:03 | system | result: create ticket | ticket INC0012345 |',
      '| 2026-03-01 10:00:04 | Ana (analyst) | refusal: block terminal PC-0815 | refused: only leads may block |',
    ]);
    expect(markdown).not.toContain('4712');
  });

  it('escapes pipes, line breaks and HTML so a value cannot break the table', async () => {
    await kit.log.append({
      actor: { id: 'x', name: 'Eve | <script>' },
      action: 'command',
      summary: 'register alert a|b\nc',
      result: 'ok\\|',
      alertRef: 'SOC-2026-0009',
    });
    const markdown = await exportAlertTimeline(kit.log, 'SOC-2026-0009', exportedAt);
    const row = markdown.split('\n').find((line) => line.startsWith('| 2026'));
    expect(row).toBe('| 2026-03-01 10:00:00 | Eve \\| &lt;script&gt; | register alert a\\|b c | ok\\\\\\| |');
    // Every unescaped pipe is a column border: 5 of them for 4 columns.
    expect(row?.match(/(?<!\\)\|/g)).toHaveLength(5);
  });

  it('says so when the alert has no entries, and warns when the chain is broken', async () => {
    await appendSamples(kit.log);
    const lines = await kit.lines();
    lines.splice(0, 1);
    await kit.writeLines(lines);
    const markdown = await exportAlertTimeline(kit.log, 'SOC-2026-0404', exportedAt);
    expect(markdown).toContain('No audit entries for alert SOC-2026-0404.');
    expect(markdown).toContain('**broken at entry 1** (deleted)');
  });

  it('cell() leaves plain text alone', () => {
    expect(cell('block terminal PC-0815')).toBe('block terminal PC-0815');
  });
});
