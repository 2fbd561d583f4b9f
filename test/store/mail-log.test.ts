import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MailPredictionEntry } from '../../src/mail/mail-log-entry';
import { MAIL_LOG_FILE_NAME, MailLog } from '../../src/store/mail-log';

const prediction = (messageId: string, category: string): MailPredictionEntry => ({
  kind: 'prediction',
  at: '2026-11-03T08:00:00.000Z',
  messageId,
  textHash: `hash-of-${messageId}`,
  text: 'Subject: Your mailbox is full\nClick here to keep your mail',
  sender: 'it-support@evil.example',
  subject: 'Your mailbox is full',
  category,
  via: 'model',
  score: 0.93,
  modelCategory: category,
  threshold: 0.8,
  ref: 'SOC-2026-0001',
});

describe('MailLog (mail.jsonl)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-mail-log-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads back what it appended, and a mail has its latest correction as its category', async () => {
    const log = new MailLog(dataDir);
    await log.append(prediction('<a@x>', 'phishing'));
    await log.append({
      kind: 'correction',
      at: '2026-11-03T09:00:00.000Z',
      messageId: '<a@x>',
      textHash: 'hash-of-<a@x>',
      ref: 'SOC-2026-0001',
      from: 'phishing',
      to: 'lost-device',
      by: { id: 'u1', name: 'Maria' },
      source: 'card',
    });
    const again = new MailLog(dataDir);
    expect((await again.read()).entries.map((entry) => entry.kind)).toEqual(['prediction', 'correction']);
    expect(await again.categoryOf('<a@x>')).toBe('lost-device');
    expect((await again.predictionFor('<a@x>'))?.category).toBe('phishing');
    expect(await again.categoryOf('<unknown@x>')).toBeUndefined();
  });

  it('skips and counts a damaged line, and the next append starts on a fresh line', async () => {
    const log = new MailLog(dataDir);
    await log.append(prediction('<a@x>', 'phishing'));
    await appendFile(path.join(dataDir, MAIL_LOG_FILE_NAME), '{"kind":"prediction","at":"2026-11');
    await log.append(prediction('<b@x>', 'other'));
    const { entries, skippedLines } = await log.read();
    expect(entries.map((entry) => entry.messageId)).toEqual(['<a@x>', '<b@x>']);
    expect(skippedLines).toBe(1);
    expect((await readFile(log.file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('refuses to write an entry that is not one', async () => {
    const log = new MailLog(dataDir);
    const bad = { ...prediction('<a@x>', 'phishing'), via: 'guess' } as unknown as MailPredictionEntry;
    expect(() => log.append(bad)).toThrow();
    expect((await log.read()).entries).toEqual([]);
  });
});
