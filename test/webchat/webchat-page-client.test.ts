import { webcrypto } from 'node:crypto';
import vm from 'node:vm';
import { WEBCHAT_PAGE_SCRIPT } from '../../src/channels/webchat/webchat-page';
import { createRecordingBot, startWebChatServer, type WebChatServer } from '../directline/helpers';

/** The little of botframework-directlinejs's DirectLine that the page script hands to Web Chat. */
interface PageDirectLine {
  connectionStatus$: { subscribe(next: (status: number) => void): unknown };
  activity$: { subscribe(next: (activity: unknown) => void): unknown };
  postActivity(activity: Record<string, unknown>): {
    subscribe(next: (id: string) => void, error: (error: Error) => void): unknown;
  };
  end(): void;
}

const ONLINE = 2;

/**
 * Runs the page script in a bare context (no browser): its fetch goes to a real socbot on
 * 127.0.0.1 through `proxy`, which may answer in socbot's place, as a reverse proxy does.
 */
function runPageScript(
  server: WebChatServer,
  timers: Set<NodeJS.Timeout>,
  proxy: (url: string, init: RequestInit, forward: () => Promise<Response>) => Promise<Response>,
): Promise<PageDirectLine> {
  return new Promise((resolve, reject) => {
    const statusBox = { hidden: true, textContent: '' };
    const context = {
      fetch: (url: string, init: RequestInit = {}) => {
        const absolute = url.startsWith('/') ? `${server.url}${url}` : url;
        return proxy(absolute, init, () => fetch(absolute, init));
      },
      location: { origin: server.url, hash: '', pathname: '/webchat', search: '' },
      history: { replaceState: () => undefined },
      document: { getElementById: (id: string) => (id === 'status' ? statusBox : {}) },
      crypto: webcrypto,
      URLSearchParams,
      atob,
      // Tracked, so the test clears them: the token refresh alone waits minutes.
      setTimeout: (run: () => void, ms: number) => {
        const timer = setTimeout(run, ms);
        timers.add(timer);
        return timer;
      },
      WebChat: {
        renderWebChat: (options: { directLine: PageDirectLine }) => resolve(options.directLine),
      },
    };
    (context as Record<string, unknown>).window = context;
    vm.runInNewContext(WEBCHAT_PAGE_SCRIPT, context);
    timers.add(
      setTimeout(() => reject(new Error(`the page did not render: ${statusBox.textContent}`)), 5000),
    );
  });
}

describe('the page’s Direct Line client', () => {
  it('retries a post answered 504 with the same client activity id, and socbot handles it once', async () => {
    const bot = createRecordingBot();
    const server = await startWebChatServer({ bot });
    const postedBodies: Array<{ channelData?: { clientActivityID?: string } }> = [];
    const timers = new Set<NodeJS.Timeout>();
    let directLine: PageDirectLine | undefined;
    try {
      directLine = await runPageScript(server, timers, async (url, init, forward) => {
        if (init.method !== 'POST' || !url.endsWith('/activities')) return forward();
        postedBodies.push(JSON.parse(String(init.body)) as (typeof postedBodies)[number]);
        const answer = await forward();
        // The first time, a proxy in front gave up waiting: socbot ran the turn, the page got a 504.
        return postedBodies.length === 1 ? new Response('{}', { status: 504 }) : answer;
      });
      const online = new Promise<void>((resolve) =>
        directLine?.connectionStatus$.subscribe((status) => status === ONLINE && resolve()),
      );
      directLine.activity$.subscribe(() => undefined);
      await online;
      const id = await new Promise<string>((resolve, reject) =>
        directLine?.postActivity({ type: 'message', text: 'isolate host' }).subscribe(resolve, reject),
      );
      expect(postedBodies).toHaveLength(2);
      const [first, retry] = postedBodies.map((body) => body.channelData?.clientActivityID);
      expect(first).toMatch(/^[\w-]{16,}$/);
      expect(retry).toBe(first);
      expect(id).toMatch(/\|0000000$/);
      expect(bot.seen.filter((type) => type === 'message')).toHaveLength(1);
    } finally {
      directLine?.end();
      timers.forEach((timer) => clearTimeout(timer));
      await server.close();
    }
  });
});
