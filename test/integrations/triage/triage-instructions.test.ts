import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSocbotError } from '../../../src/errors';
import {
  loadTriageInstructions,
  MAX_INSTRUCTION_BYTES,
  slugOf,
} from '../../../src/integrations/triage/triage-instructions';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-triage-instructions-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(relative: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await writeFile(path.join(dir, relative), text);
}

async function refusal(): Promise<{ message: string; file: unknown }> {
  const error = await loadTriageInstructions(dir).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isSocbotError(error, 'CONFIG_INVALID'))
    throw new Error(`expected CONFIG_INVALID, got ${String(error)}`);
  return { message: error.message, file: error.details.file };
}

describe('triage instruction files', () => {
  it('the most specific file wins: pattern, then the log type default, then default.md', async () => {
    await write('default.md', 'general');
    await write('sap-etd/default.md', 'etd');
    await write('sap-etd/debugging-in-production.md', 'debugging');
    await write('README.md', 'for people');
    const instructions = await loadTriageInstructions(dir);
    expect(instructions.forAlert({ source: 'sap-etd', title: 'Debugging in production' })).toEqual({
      file: 'sap-etd/debugging-in-production.md',
      text: 'debugging',
    });
    expect(instructions.forAlert({ source: 'SAP ETD', title: 'Brute force' }).file).toBe(
      'sap-etd/default.md',
    );
    expect(instructions.forAlert({ source: 'splunk', title: 'Debugging in production' }).file).toBe(
      'default.md',
    );
    expect(instructions.forAlert({}).text).toBe('general');
    expect(instructions.files()).toEqual([
      'default.md',
      'sap-etd/debugging-in-production.md',
      'sap-etd/default.md',
    ]);
  });

  it('a title cannot reach outside the folder', async () => {
    await write('default.md', 'general');
    const instructions = await loadTriageInstructions(dir);
    expect(instructions.forAlert({ source: '../..', title: '../../etc/passwd' }).file).toBe('default.md');
    expect(slugOf('../../etc/passwd')).toBe('etc-passwd');
  });

  it('refuses a folder without default.md, naming the file', async () => {
    await write('sap-etd/default.md', 'etd');
    const { message, file } = await refusal();
    expect(file).toBe(path.join(dir, 'default.md'));
    expect(message).toMatch(/default instruction file is missing/);
  });

  it('refuses an empty file, naming it', async () => {
    await write('default.md', 'general');
    await write('sap-etd/brute-force.md', '  \n');
    const { message, file } = await refusal();
    expect(file).toBe(path.join(dir, 'sap-etd/brute-force.md'));
    expect(message).toMatch(/is empty/);
  });

  it('refuses a file over the size bound', async () => {
    await write('default.md', 'x'.repeat(MAX_INSTRUCTION_BYTES + 1));
    expect((await refusal()).message).toMatch(/keep it under 16384/);
  });

  it('refuses badly named files and deeper folders', async () => {
    await write('default.md', 'general');
    await write('sap-etd/Brute Force.txt', 'x');
    expect((await refusal()).message).toMatch(/named <pattern-slug>\.md/);
    await rm(path.join(dir, 'sap-etd'), { recursive: true });
    await write('sap-etd/deeper/x.md', 'x');
    expect((await refusal()).message).toMatch(/only one folder level/);
  });

  it('refuses a missing folder and says how to switch triage off', async () => {
    await rm(dir, { recursive: true });
    expect((await refusal()).message).toMatch(/unset LLM_BASE_URL/);
  });

  it('the shipped folder is valid', async () => {
    const shipped = await loadTriageInstructions();
    expect(shipped.files()).toEqual(['default.md', 'sap-etd/debugging-in-production.md']);
  });
});
