import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ACTION_INTENTS_FILE_NAME, ActionIntentLog, type ActionIntent } from '../../src/store/action-intents';

function intent(requestId: string): ActionIntent {
  return {
    requestId,
    skill: 'register-alert',
    slots: { alertId: '4711', system: 'PRD' },
    user: { id: 'ana', name: 'Ana' },
    actor: { id: 'ana', name: 'Ana', local: false },
    conversationId: 'c1',
    conversationKey: 'msteams/c1',
    at: '2026-12-06T00:00:00.000Z',
  };
}

describe('the action-intent journal', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-intents-'));
    file = path.join(dir, ACTION_INTENTS_FILE_NAME);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives back the intents begun and not finished, in the order they were begun, from the file', async () => {
    const journal = new ActionIntentLog(dir);
    await Promise.all([journal.begin(intent('a')), journal.begin(intent('b')), journal.begin(intent('c'))]);
    await journal.finish(['b']);
    await journal.close();
    // A new process reads the file.
    expect((await new ActionIntentLog(dir).unfinished()).map((open) => open.requestId)).toEqual(['a', 'c']);
    expect(await new ActionIntentLog(dir).unfinished()).toEqual([intent('a'), intent('c')]);
  });

  it('skips a last line a crash cut short (its action never ran), and the next append cuts it off', async () => {
    const journal = new ActionIntentLog(dir);
    await journal.begin(intent('a'));
    await journal.close();
    await appendFile(file, '{"kind":"begin","intent":{"requestId":"cut');
    const after = new ActionIntentLog(dir);
    expect((await after.unfinished()).map((open) => open.requestId)).toEqual(['a']);
    await after.begin(intent('b'));
    await after.finish(['a']);
    await after.close();
    expect((await new ActionIntentLog(dir).unfinished()).map((open) => open.requestId)).toEqual(['b']);
    expect(await readFile(file, 'utf8')).not.toContain('cut');
  });

  it('refuses a line in the middle it cannot read, naming it and what to do', async () => {
    await writeFile(file, `not json\n${JSON.stringify({ kind: 'begin', intent: intent('a') })}\n`);
    await expect(new ActionIntentLog(dir).unfinished()).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      message: expect.stringMatching(/Line 1 of .*action-intents\.jsonl.*remove that line/),
    });
  });

  it('compacts to the unfinished intents, and goes on appending after it', async () => {
    const journal = new ActionIntentLog(dir);
    for (const id of ['a', 'b', 'c']) await journal.begin(intent(id));
    await journal.finish(['a', 'c']);
    await journal.compact();
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(1);
    await journal.begin(intent('d'));
    await journal.close();
    expect((await new ActionIntentLog(dir).unfinished()).map((open) => open.requestId)).toEqual(['b', 'd']);
  });
});
