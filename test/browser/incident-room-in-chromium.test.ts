import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startSocbotUnderTest, type SocbotUnderTest } from '../app/helpers/socbot-under-test';
import { trainProjectModel } from '../e2e/helpers/trained-model';

/** Debian's Chromium; the test never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/browser');
/** Bound on every wait for the page: a turn on this machine takes well under a second. */
const STEP_TIMEOUT_MS = 10_000;

/**
 * An incident's shared Web Chat page in headless Chromium (socbot's real server, the model trained
 * from corpus/, loopback without roles: the person at the machine is analyst and lead): two viewers
 * open /incidents/REF, one asks for the timeline, and the other sees the command and the bot's
 * answer appear, as everyone in a war room does.
 */
describe('an incident room page in a real browser', () => {
  let workDir: string;
  let socbot: SocbotUnderTest;
  let browser: BrowserContext;
  let ref: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing, so the browser test cannot run. Install Debian's Chromium: ` +
          '`apt-get update && apt-get install -y --no-install-recommends chromium` (.ci/run does this).',
      );
    }
    const trained = await trainProjectModel();
    workDir = trained.dir;
    socbot = await startSocbotUnderTest({
      dataDir: path.join(workDir, 'data'),
      modelPath: trained.modelPath,
    });
    ({ ref } = await socbot.app.store.alerts.add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'Ana',
      conversationId: 'c0',
    }));
    // Something on record: the timeline shows it, and the lead in its header.
    await socbot.app.alertLifecycle.takeLead({
      actor: { id: 'maria', name: 'Maria', local: true },
      ref,
      requestId: 'take-1',
    });
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launchPersistentContext(await mkdtemp(path.join(tmpdir(), 'socbot-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
      viewport: { width: 900, height: 1000 },
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await socbot?.server.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  async function openRoom(): Promise<{ page: Page; sendBox: Locator }> {
    const page = await browser.newPage();
    await page.goto(`${socbot.server.url}/incidents/${ref}`);
    const sendBox = page.locator('[data-id="webchat-sendbox-input"]');
    await sendBox.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    return { page, sendBox };
  }

  /** A bubble that is not the viewer's own with `text`: the bot's, or another analyst's. */
  async function seen(page: Page, text: string | RegExp): Promise<string> {
    const others = page.locator('.webchat__bubble:not(.webchat__bubble--from-user)');
    const bubble = others.filter({ hasText: text }).last();
    try {
      await bubble.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    } catch (error) {
      const shown = await others.allInnerTexts();
      throw new Error(`The page never showed ${String(text)}; it showed:\n${shown.join('\n---\n')}`, {
        cause: error,
      });
    }
    return (await bubble.innerText()).trim();
  }

  it("one viewer's command and the bot's answer appear on the other viewer's page", async () => {
    const first = await openRoom();
    const second = await openRoom();
    expect(await first.page.locator('body > header').innerText()).toBe(`socbot · incident room ${ref}`);
    // The room says what it is, once: the second viewer joins the same stream, not a new welcome.
    await seen(first.page, `This is the investigation room of ${ref}`);
    await seen(second.page, `This is the investigation room of ${ref}`);

    await first.sendBox.fill('show the timeline');
    await first.sendBox.press('Enter');
    // In the room the command is about its incident, and a read answers at once.
    // Case-sensitive: the typed "show the timeline" must not count as the answer.
    const answer = new RegExp(`Timeline of ${ref} \\(investigating; lead: Maria\\)`);
    await seen(first.page, answer);

    // The other viewer sees who typed what, and the bot's answers, without doing anything.
    await seen(second.page, /analyst_[\w-]+: show the timeline/);
    const timeline = await seen(second.page, answer);
    expect(timeline).toMatch(
      /Maria \(analyst\+lead\): assign SOC-\d{4}-\d{4} to Maria → registered → investigating/,
    );
    await second.page.screenshot({
      path: path.join(ARTIFACTS, 'incident-room-second-viewer.png'),
      fullPage: true,
    });

    // And the other way round: the second viewer's words reach the first page.
    await second.sendBox.fill('what can you do?');
    await second.sendBox.press('Enter');
    await seen(first.page, /analyst_[\w-]+: what can you do\?/);
    await seen(first.page, 'I can:');

    expect(
      await second.page
        .locator('.webchat__bubble:not(.webchat__bubble--from-user)')
        .filter({ hasText: 'This is the investigation room' })
        .count(),
    ).toBe(1);
    const room = await socbot.app.rooms.get(ref);
    expect(room?.webchat?.conversationId).toMatch(/^dl_/);
    await first.page.close();
    await second.page.close();
  }, 60_000);
});
