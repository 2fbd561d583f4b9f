import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../cli/run-cli';
import { appendSamples, auditKit } from './audit-test-kit';

describe('socbot audit', () => {
  let kit: Awaited<ReturnType<typeof auditKit>>;
  beforeEach(async () => {
    kit = await auditKit();
  });
  afterEach(async () => {
    await kit.cleanup();
  });

  it('verify: exit 0 and the entry count when the chain is intact', async () => {
    await appendSamples(kit.log);
    const run = await runCli(['audit', 'verify'], { env: { SOCBOT_DATA_DIR: kit.dir } });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^5 entries, chain intact \(head hash [0-9a-f]{64}\)\.\n$/);
  });

  it('verify: exit 1 naming the first broken entry and how to investigate', async () => {
    await appendSamples(kit.log);
    const lines = await kit.lines();
    lines[3] = (lines[3] as string).replace('INC0012345', 'INC0000000');
    await kit.writeLines(lines);

    const run = await runCli(['audit', 'verify', '--file', kit.file], { env: {} });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('the audit chain is broken at entry 4 (line 4, changed)');
    expect(run.stderr).toContain('Keep a copy of the file as evidence');
  });

  it('export: writes the Markdown timeline of one alert to a file', async () => {
    await appendSamples(kit.log);
    const out = path.join(kit.dir, 'timeline.md');
    const run = await runCli(['audit', 'export', '--alert', 'SOC-2026-0002', '--out', out], {
      env: { SOCBOT_DATA_DIR: kit.dir },
    });
    expect(run).toMatchObject({ code: 0, stdout: `Wrote the timeline of SOC-2026-0002 to ${out}.\n` });
    const markdown = await readFile(out, 'utf8');
    expect(markdown).toContain('# Timeline of alert SOC-2026-0002');
    expect(markdown).toContain('| 2026-03-01 10:00:02 | Leo (lead) | register alert 4712 |  |');
    expect(markdown).toContain('Exported 2026-01-02 03:04:05 UTC');
  });

  it('export: --alert is required', async () => {
    const run = await runCli(['audit', 'export'], { env: { SOCBOT_DATA_DIR: kit.dir } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--alert <ref>' not specified");
  });
});
