import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient } from '../../src/integrations/http-client';
import { IntegrationError } from '../../src/integrations/integration-error';
import { createCapturedLogger } from '../helpers/captured-logger';

const PASSWORD = 'echoed-secret-0123456789';

describe('a service error body is kept for the log, not put into the message people read', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: `bad value ${encodeURIComponent(PASSWORD)}`,
            detail: 'field short_description too long',
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('the message says what failed and what to do; serviceAnswer holds the scrubbed body', async () => {
    const log = createCapturedLogger();
    const client = createHttpClient({
      service: 'servicenow',
      baseUrl: url,
      timeoutMs: 2000,
      secrets: [PASSWORD],
      authFixHint: 'check SERVICENOW_USER and SERVICENOW_PASSWORD',
      logger: log.logger,
    });
    const failure = await client
      .request(
        { method: 'POST', path: '/api/now/table/incident', body: {} },
        { signal: new AbortController().signal },
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IntegrationError);
    const error = failure as IntegrationError;
    expect(error.message).toMatch(/servicenow rejected the request \(400\)/);
    expect(error.message).not.toMatch(/field short_description|bad value/);
    expect(error.serviceAnswer).toContain('field short_description too long');
    expect(error.serviceAnswer).toContain('[redacted]');
    expect(error.serviceAnswer).not.toContain(encodeURIComponent(PASSWORD));
    // Whatever serializes the error for a file or a person (outbox, audit, JSON) leaves the answer out.
    expect(JSON.stringify(error)).not.toContain('short_description');
    // The log keeps the answer for whoever fixes it, scrubbed.
    expect(log.text()).toContain('field short_description too long');
    expect(log.text()).not.toContain(encodeURIComponent(PASSWORD));
  });
});
