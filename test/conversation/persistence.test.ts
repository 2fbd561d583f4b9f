import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Recognition, Recognizer } from '../../src/nlu/types';
import { AuditLog, auditFilePath } from '../../src/audit/audit-log';
import { STATE_FILE_NAME } from '../../src/store/lowdb-storage';
import { fakeRecognizer } from './helpers/fake-recognizer';
import { cardSubmit, confirms, says, startBot } from './helpers/bot-harness';
import { registeredAlerts } from '../helpers/alerts-on-disk';

/** Engine fixture skills (test/fixtures/skills/engine); the cases about the register use the shipped skills. */
const ENGINE_SKILLS = path.join(__dirname, '..', 'fixtures', 'skills', 'engine');

describe('conversation state across restarts and concurrent turns', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-persist-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('continues a form after a restart between any two turns', async () => {
    const turns: Array<[string, ...string[]]> = [
      ['the terminal is PC-0815', 'Noted: terminal PC-0815.'],
      [
        'register alert 4711',
        "OK, let's log an incident. I have alert ID 4711, terminal PC-0815.",
        'Which priority?',
      ],
      ['help', 'It is optional', 'Which priority?'],
      ['P2', 'Log incident 4711 from PC-0815 at priority P2?'],
      ['yes', 'Logged incident 4711 from PC-0815 at P2.'],
    ];
    for (const [userSays, ...botSays] of turns) {
      // A new bot (a new process, as far as state goes) on the same data directory for every turn.
      const harness = await startBot({ dataDir, skillsDir: ENGINE_SKILLS });
      await harness.adapter.send(userSays).assertReply(says(...botSays));
      await harness.stop();
    }
  });

  it('answers with an error and keeps no progress when the command cannot be audited', async () => {
    // A trail whose last line is cut off is never appended to (STORAGE_CORRUPT). Damaged while
    // the bot runs (start-up sets a cut-off line aside): a new file put in place of the old one.
    const harness = await startBot({ dataDir });
    await writeFile(`${auditFilePath(dataDir)}.new`, '{"seq":1,"hash":"ab');
    await rename(`${auditFilePath(dataDir)}.new`, auditFilePath(dataDir));
    await harness.adapter
      .send('register alert 4711')
      .assertReply(says('something went wrong on my side (STORAGE_CORRUPT)'));
    await harness.stop();
    await rm(auditFilePath(dataDir));
    // The form did not start: a terminal now is a fact noted, not the answer to "which terminal".
    const again = await startBot({ dataDir });
    await again.adapter.send('the terminal is PC-0815').assertReply(says('Noted: terminal PC-0815.'));
    await again.stop();
  });

  it('does not act on a turn whose command entry could not be audited, even when its confirmation could', async () => {
    // "yes" at the confirmation, also recognised as a command: the turn audits both.
    const recognizer = fakeRecognizer({ yes: { intent: 'alert', score: 0.9 } });
    const harness = await startBot({ dataDir, recognizer });
    await harness.adapter
      .send('register alert 4711 on PRD user is DDIC terminal is PC-0815 P2')
      .assertReply(confirms("OK, let's register an alert.", 'Register alert 4711 on PRD'));
    const realAppend = AuditLog.prototype.append;
    const failing = jest.spyOn(AuditLog.prototype, 'append').mockImplementation(function (
      this: AuditLog,
      record,
    ) {
      return record.action === 'command'
        ? Promise.reject(Object.assign(new Error('audit disk unavailable'), { code: 'EIO' }))
        : realAppend.call(this, record);
    });
    await harness.adapter.send('yes').assertReply(says('something went wrong on my side'));
    failing.mockRestore();
    expect(await harness.app.store.alerts.list()).toEqual([]);
    await harness.stop();
  });

  it('refuses the later of two turns of one conversation handled at once, instead of losing one', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inner = fakeRecognizer();
    const slow: Recognizer = {
      async recognize(text): Promise<Recognition> {
        if (text === 'the user is DDIC') await gate;
        return inner.recognize(text);
      },
    };
    const harness = await startBot({ dataDir, recognizer: slow });
    const first = harness.adapter.processActivity('the user is DDIC');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await harness.adapter.processActivity('it happened on PRD');
    release();
    await first;
    const texts = harness.adapter.activeQueue.map((activity) => activity.text);
    expect(texts).toEqual([
      'Noted: system PRD.',
      expect.stringContaining('Another message in this conversation was being handled at the same moment'),
    ]);
    harness.adapter.activeQueue.length = 0;
    await harness.adapter.send('status').assertReply('Nothing is in progress. I remember: system PRD.');
    await harness.stop();
  });

  it('registers once when the Confirm button arrives twice at the same moment', async () => {
    const harness = await startBot({ dataDir });
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms("OK, let's register", 'Register alert 4711'));
    await Promise.all([
      harness.adapter.processActivity(cardSubmit('confirm', 'register-alert')),
      harness.adapter.processActivity(cardSubmit('confirm', 'register-alert')),
    ]);
    const texts = harness.adapter.activeQueue.map((activity) => activity.text ?? '');
    expect(texts).toHaveLength(2);
    expect(texts.some((text) => text.startsWith('Registered alert 4711 as SOC-'))).toBe(true);
    expect(await registeredAlerts(dataDir)).toHaveLength(1);
    await harness.stop();
  });

  // Issue 12 item 4: it used to start and fail every turn; now the start refuses, naming the file.
  it('does not start on a corrupt state file, names it, and does not overwrite it', async () => {
    const file = path.join(dataDir, STATE_FILE_NAME);
    await writeFile(file, '{ not json');
    await expect(startBot({ dataDir })).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      message: expect.stringContaining(file),
    });
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });

  it('runs a skill added as a folder, with no code change', async () => {
    const skillsDir = path.join(dataDir, 'skills');
    await mkdir(path.join(skillsDir, 'block-terminal'), { recursive: true });
    await writeFile(
      path.join(skillsDir, 'block-terminal', 'manifest.json'),
      JSON.stringify({
        title: 'block a terminal',
        description: 'blocks a terminal',
        triggerIntents: ['alert'],
        examples: ['block a terminal'],
        slots: [
          {
            name: 'host',
            entity: 'terminal',
            label: 'terminal',
            prompt: 'Which terminal shall I block?',
            why: 'I block by terminal.',
            example: 'PC-0815',
          },
        ],
        confirmation: 'Block {host}?',
      }),
    );
    await writeFile(
      path.join(skillsDir, 'block-terminal', 'action.js'),
      "exports.act = async ({ slots }) => ({ text: 'Pretending to block ' + slots.host + '.' });\n",
    );
    const harness = await startBot({ dataDir: path.join(dataDir, 'data'), skillsDir });
    await harness.adapter
      .send('register an alert')
      .assertReply("OK, let's block a terminal.\n\nWhich terminal shall I block? (e.g. PC-0815)")
      .send('PC-0815')
      .assertReply(confirms('Block PC-0815?'))
      .send('yes')
      .assertReply('Pretending to block PC-0815.');
    await harness.dispose();
  });
});
