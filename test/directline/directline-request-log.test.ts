import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { logEachRequest } from '../../src/channels/request-log';
import { mountWebChat } from '../../src/channels/webchat/mount-webchat';
import { createCapturedLogger } from '../helpers/captured-logger';
import { createRecordingBot, openConversation, poll, pollPause } from './helpers';

/** pino's numeric levels. */
const DEBUG = 20;
const INFO = 30;

/**
 * The request log next to Web Chat: an open page polls about three times a second, and each poll
 * used to be an info line (issue 11). Answered polls go to debug; everything else stays visible.
 */
describe('request log lines of the Direct Line endpoint', () => {
  it('logs answered polls at debug, and posts and refused polls at info', async () => {
    const captured = createCapturedLogger('debug');
    const server = restify.createServer({ name: 'request-log-test', handleUncaughtExceptions: false });
    server.pre(logEachRequest(captured.logger));
    mountWebChat(server, { bot: createRecordingBot(), logger: captured.logger });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const chat = await openConversation(url);
      await chat.post({ type: 'message', text: 'hello' });
      for (let i = 0; i < 3; i += 1) {
        await pollPause();
        expect((await chat.poll()).status).toBe(200);
      }
      expect((await poll(url, 'forged', chat.conversationId)).status).toBe(401);
      await new Promise((resolve) => setImmediate(resolve)); // lines are written when the response closes

      const requests = captured.lines().filter((line) => line.msg === 'request');
      const polls = requests.filter(
        (line) => line.method === 'GET' && String(line.path).endsWith('/activities'),
      );
      expect(polls.filter((line) => line.status === 200).map((line) => line.level)).toEqual([
        DEBUG,
        DEBUG,
        DEBUG,
      ]);
      expect(polls.filter((line) => line.status === 401).map((line) => line.level)).toEqual([INFO]);
      const post = requests.find(
        (line) => line.method === 'POST' && String(line.path).endsWith('/activities'),
      );
      expect(post).toMatchObject({ level: INFO, status: 200, conversationId: chat.conversationId });
    } finally {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
