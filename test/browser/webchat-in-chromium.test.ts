import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/channels/start-server';
import { socbotServerOptions } from '../../src/cli/commands/serve';
import { defaultNluServices } from '../../src/cli/default-nlu-services';
import { loadConfig, type Config } from '../../src/config';
import { PROJECT_CORPUS, trainProjectModel } from '../e2e/helpers/trained-model';
import { alertsOnDisk } from '../helpers/alerts-on-disk';
import { createCapturedLogger } from '../helpers/captured-logger';

/** Debian's Chromium; the test never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/browser');
/** Bound on every wait for the page: a turn on this machine takes well under a second. */
const STEP_TIMEOUT_MS = 10_000;

/**
 * The Web Chat page served by socbot's real server (startServer with serve's options, the model
 * trained from corpus/, a temp data dir), driven in headless Chromium: botframework-webchat's own
 * bundle, the built-in Direct Line endpoint, Adaptive Card and suggested-action buttons clicked.
 */
describe('Web Chat in a real browser', () => {
  let workDir: string;
  let dataDir: string;
  let server: RunningServer;
  /** What the server was started with, to start it again on the same port and data directory. */
  let serverStart: { config: Config; options: () => StartServerOptions };
  let browser: BrowserContext;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing, so the browser test cannot run. Install Debian's Chromium: ` +
          '`apt-get update && apt-get install -y --no-install-recommends chromium` (.ci/run does this).',
      );
    }
    const trained = await trainProjectModel();
    workDir = trained.dir;
    dataDir = path.join(workDir, 'data');
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SOCBOT_DATA_DIR: dataDir,
      SOCBOT_MODEL: trained.modelPath,
      SOCBOT_CORPUS: PROJECT_CORPUS,
    });
    // Exactly what `socbot serve` starts: the Web Chat is part of every socbot server.
    serverStart = {
      config,
      options: () => socbotServerOptions(defaultNluServices(), createCapturedLogger().logger, { config }),
    };
    server = await startServer(serverStart.config, serverStart.options());
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
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  async function openChat(): Promise<{ page: Page; sendBox: Locator }> {
    const page = await browser.newPage();
    page.on('console', (message) => {
      // Web Chat reports misuse (e.g. a reserved user id) as console warnings: they count too.
      if (message.type() === 'error' || /web ?chat/i.test(message.text())) pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/webchat`);
    const sendBox = page.locator('[data-id="webchat-sendbox-input"]');
    await sendBox.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    return { page, sendBox };
  }

  /** Types a message as the analyst and waits for the bot's answer containing `expected`. */
  async function say(page: Page, sendBox: Locator, text: string, expected: string | RegExp): Promise<string> {
    await sendBox.fill(text);
    await sendBox.press('Enter');
    return botSays(page, expected);
  }

  async function botSays(page: Page, expected: string | RegExp): Promise<string> {
    const botBubbles = page.locator('.webchat__bubble:not(.webchat__bubble--from-user)');
    const message = botBubbles.filter({ hasText: expected }).last();
    try {
      await message.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    } catch (error) {
      // Say what the bot did answer: the failure then explains itself.
      const said = await botBubbles.allInnerTexts();
      throw new Error(`The bot never said ${String(expected)}; its messages were:\n${said.join('\n---\n')}`, {
        cause: error,
      });
    }
    return (await message.innerText()).trim();
  }

  /**
   * Sends the page's first message and prints how long, from navigation start, the page took to get
   * Web Chat's bundle, to show a usable send box, and to show the bot's first message (socbot
   * speaks when spoken to, so this includes typing the first message). Measured, not asserted.
   */
  async function firstExchange(
    page: Page,
    sendBox: Locator,
    text: string,
    expected: string,
    label: string,
  ): Promise<void> {
    const readyMs = await page.evaluate(() => performance.now());
    const bundleMs = await page.evaluate(() => {
      const entry = performance
        .getEntriesByType('resource')
        .find((e) => e.name.endsWith('/webchat/webchat.js'));
      return (entry as unknown as { responseEnd: number } | undefined)?.responseEnd ?? Number.NaN;
    });
    await sendBox.fill(text);
    await sendBox.press('Enter');
    await botSays(page, expected);
    const firstBotMessageMs = await page.evaluate(() => performance.now());
    process.stdout.write(
      `[browser timing, ${label}] page load → webchat.js received ${Math.round(bundleMs)} ms, ` +
        `→ Web Chat ready ${Math.round(readyMs)} ms, → first bot message ${Math.round(firstBotMessageMs)} ms\n`,
    );
  }

  async function registeredAlerts(): Promise<Array<{ alertId: string; ref: string }>> {
    // What is on disk, oldest first, not what the bot's register has in memory.
    return alertsOnDisk(dataDir);
  }

  it('registers an alert over several turns; Confirm on the card gives the SOC reference', async () => {
    const { page, sendBox } = await openChat();
    await botSays(page, /Hello, I am socbot.*register alert 4711 on PRD/); // a welcome: the page does not open empty
    await firstExchange(page, sendBox, 'register alert 4711 on PRD', 'From which terminal', 'cold cache');

    await say(page, sendBox, 'PC-0815', 'Which SAP user');
    await say(page, sendBox, 'DDIC', 'Which priority');
    await say(page, sendBox, 'P2', 'Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority P2?');
    const card = page.locator('.ac-adaptiveCard').last();
    await card.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await page.screenshot({ path: path.join(ARTIFACTS, '1-confirmation-card.png'), fullPage: true });

    await card.getByRole('button', { name: 'Confirm' }).click();
    const done = await botSays(page, /Registered alert 4711 as SOC-\d{4}-\d{4}/);
    await page.screenshot({ path: path.join(ARTIFACTS, '2-registered.png'), fullPage: true });
    const ref = /SOC-\d{4}-\d{4}/.exec(done)?.[0];
    expect(ref).toBeDefined();
    expect(await registeredAlerts()).toEqual([expect.objectContaining({ alertId: '4711', ref })]);

    // Web Chat leaves the card's buttons live: a second Confirm must not register the alert twice.
    await card.getByRole('button', { name: 'Confirm' }).click();
    await botSays(page, /nothing waiting for confirmation/);
    expect(await registeredAlerts()).toHaveLength(1);
    await page.close();
  });

  it('a cancel in the middle of the form registers nothing', async () => {
    const before = await registeredAlerts();
    const { page, sendBox } = await openChat();
    await firstExchange(page, sendBox, 'register alert 5150 on QAS', 'From which terminal', 'warm cache');
    await say(page, sendBox, 'fin-ws-119', 'Which SAP user');
    await say(page, sendBox, 'cancel', 'OK, cancelled');
    await page.screenshot({ path: path.join(ARTIFACTS, '3-cancelled.png'), fullPage: true });
    const after = await registeredAlerts();
    expect(after).toEqual(before);
    expect(after.map((alert) => alert.alertId)).not.toContain('5150');
    await page.close();
  });

  it('offers suggested actions when unsure, and a suggestion click starts that skill', async () => {
    const { page, sendBox } = await openChat();
    await say(page, sendBox, 'any good sushi places nearby', /I.m not sure/ /* Web Chat typesets ' as ’ */);
    const suggestion = page.getByRole('button', { name: 'Register an alert' });
    await suggestion.last().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await page.screenshot({ path: path.join(ARTIFACTS, '4-suggested-actions.png'), fullPage: true });
    await suggestion.last().click();
    await page
      .locator('.webchat__bubble--from-user')
      .filter({ hasText: 'register an alert' })
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await botSays(page, /alert ID/i);
    await page.close();
  });

  it('"what can you do?" shows the skills as a list, not one run-on paragraph', async () => {
    const { page, sendBox } = await openChat();
    // "I can:" — the welcome also says "everything I can do", and must not stand in for the answer.
    await say(page, sendBox, 'what can you do?', 'I can:');
    const bubble = page
      .locator('.webchat__bubble:not(.webchat__bubble--from-user)')
      .filter({ hasText: 'I can:' })
      .last();
    await page.screenshot({ path: path.join(ARTIFACTS, '6-capabilities.png'), fullPage: true });
    const items = await bubble.locator('ul > li').allInnerTexts();
    // One item per skill ("<title>: <description>"), however many skills are shipped.
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const item of items) expect(item).toMatch(/^[^:\n]+: [^\n]+$/);
    // The hint after the list is a paragraph of its own, not glued to the last item.
    expect(await bubble.locator('p').filter({ hasText: 'Tell me what happened' }).count()).toBe(1);
    await page.close();
  });

  it('a pasted megabyte of log gets the bot\'s answer in the conversation, not "Send failed"', async () => {
    const { page, sendBox } = await openChat();
    const paste = 'Dec  8 03:12:45 sapprd01 sapstart[4711]: dispatcher restarted | '.repeat(16_400);
    await say(page, sendBox, paste, /too long for me \(1,\d{3},\d{3} characters; my limit is 4,000\)/);
    // The analyst's bubble shows what the conversation kept of it, and says so.
    await page
      .locator('.webchat__bubble--from-user')
      .filter({ hasText: /\[socbot kept the first 1,000 of 1,\d{3},\d{3} characters\]/ })
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await page.screenshot({ path: path.join(ARTIFACTS, '7-pasted-megabyte.png'), fullPage: true });
    expect(await page.getByText(/Send failed/i).count()).toBe(0);
    await page.close();
  });

  it('a page open across a server restart goes on with the same form, without a reload', async () => {
    // Its own page and error list: while the server is down, Chromium logs the refused polls.
    const page = await browser.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    await page.goto(`${server.url}/webchat`);
    const sendBox = page.locator('[data-id="webchat-sendbox-input"]');
    await sendBox.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await say(page, sendBox, 'register alert 4812 on PRD', 'From which terminal');
    await say(page, sendBox, 'PC-4812', 'Which SAP user');

    // Same port, same data directory: a restart or a deploy.
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the page polls into a closed port
    server = await startServer(
      { ...serverStart.config, port: Number(new URL(server.url).port) },
      serverStart.options(),
    );

    await say(page, sendBox, 'SAPADM', 'Which priority');
    await say(page, sendBox, 'P1', 'Register alert 4812 on PRD: user SAPADM, terminal PC-4812, priority P1?');
    await page.screenshot({ path: path.join(ARTIFACTS, '5-after-restart.png'), fullPage: true });
    expect(await page.getByText(/Send failed/).count()).toBe(0);
    expect(await page.locator('#status').isHidden()).toBe(true);
    expect(scriptErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a page whose session the restarted server cannot accept says to reload', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/webchat`);
    const sendBox = page.locator('[data-id="webchat-sendbox-input"]');
    await sendBox.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await say(page, sendBox, 'register alert 4813 on PRD', 'From which terminal');

    // Another data directory: another token key, so the page's token is not valid there.
    await server.stop();
    server = await startServer(
      {
        ...serverStart.config,
        port: Number(new URL(server.url).port),
        dataDir: path.join(workDir, 'other-data'),
      },
      serverStart.options(),
    );
    const status = page.locator('#status');
    await status.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    expect(await status.innerText()).toMatch(/no longer accepts .* Reload the page\./);
    await page.screenshot({ path: path.join(ARTIFACTS, '7-reload-needed.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('ran without script errors, Web Chat warnings or Content-Security-Policy violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
