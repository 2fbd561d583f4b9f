import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { STATE_FILE_NAME } from '../../src/store/lowdb-storage';
import { says, startBot } from './helpers/bot-harness';

/** One skill, `note-alert`, as two deployments ship it (test/fixtures/skills/versions/). */
const deployment = (name: string): string =>
  path.join(__dirname, '..', 'fixtures', 'skills', 'versions', name);

describe('a saved form and a changed skill manifest', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-form-version-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Sends `text` to a bot of `skills` on the shared data directory, as one deployment of it. */
  async function turnOn(skills: string, text: string, ...expected: string[]): Promise<void> {
    const harness = await startBot({ dataDir, skillsDir: deployment(skills) });
    await harness.adapter.send(text).assertReply(says(...expected));
    await harness.stop();
  }

  async function registered(): Promise<unknown[]> {
    const harness = await startBot({ dataDir, skillsDir: deployment('renamed-after') });
    const alerts = await harness.app.store.alerts.list();
    await harness.stop();
    return alerts;
  }

  it('never acts on a form waiting for a slot the new manifest no longer has; keeps what still fits', async () => {
    await turnOn(
      'renamed-before',
      'register alert 4711',
      "OK, let's note an alert. I have alert ID 4711.",
      'Which host?',
    );
    // The deployment renamed the slot `host` to `terminal`: "yes" must not confirm a half-filled form.
    await turnOn(
      'renamed-after',
      'yes',
      '"Note an alert" was changed since we started, so I did not act on your last message.',
      'I kept alert ID 4711.',
      'Which terminal?',
    );
    expect(await registered()).toEqual([]);
    await turnOn('renamed-after', 'PC-0815', 'Which user?');
    await turnOn('renamed-after', 'DDIC', 'Note alert 4711?');
    await turnOn('renamed-after', 'yes', 'Noted alert 4711 as SOC-');
    expect(await registered()).toEqual([
      expect.objectContaining({ alertId: '4711', terminal: 'PC-0815', username: 'DDIC' }),
    ]);
  });

  it('refuses to act while a required slot is open, even when the saved state waits for confirmation', async () => {
    // Both deployments declare version "1", but the second made the user required: the saved
    // form (user skipped, waiting for "yes") looks complete and is not.
    await turnOn('required-before', 'register alert 4711', 'Which user?');
    await turnOn('required-before', 'skip', 'Note alert 4711?');
    await turnOn(
      'required-after',
      'yes',
      "I can't note an alert yet: I have no valid user, so I did nothing.",
      'Which user?',
    );
    expect(await registered()).toEqual([]);
  });

  /** The saved form as a deployment before form versions wrote it: no `version`, no `slotTypes`. */
  async function unversionSavedForms(awaitedSlot?: string): Promise<void> {
    const file = path.join(dataDir, STATE_FILE_NAME);
    const state = JSON.parse(await readFile(file, 'utf8')) as {
      items: Record<string, { value: { form?: Record<string, unknown> } }>;
    };
    for (const item of Object.values(state.items)) {
      const form = item.value.form;
      if (!form) continue;
      delete form.version;
      delete form.slotTypes;
      if (awaitedSlot) form.awaiting = { kind: 'slot', slot: awaitedSlot, failures: 0 };
    }
    await writeFile(file, JSON.stringify(state));
  }

  it('takes a form saved before forms had versions as it is when it still fits the manifest', async () => {
    await turnOn('renamed-after', 'register alert 4711', 'Which terminal?');
    await unversionSavedForms();
    await turnOn('renamed-after', 'PC-0815', 'Which user?');
  });

  it('never acts on a form saved before forms had versions that waits for a slot the manifest lacks', async () => {
    await turnOn('renamed-after', 'register alert 4711', 'Which terminal?');
    await unversionSavedForms('host');
    await turnOn(
      'renamed-after',
      'yes',
      'was changed since we started',
      'I kept alert ID 4711.',
      'Which terminal?',
    );
    expect(await registered()).toEqual([]);
  });
});
