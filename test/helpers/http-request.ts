import { request } from 'node:http';

/** A response as a test reads it. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * One HTTP request on a fresh connection, with full control of what is sent (raw bodies, lying
 * Content-Length, chunked uploads), which `fetch` does not allow. Rejects after `timeoutMs`.
 *
 * @example
 *   const res = await httpRequest(`${url}/api/messages`, { method: 'POST', body: '{}' });
 */
export function httpRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Send the body in chunks without a Content-Length. */
    chunked?: boolean;
    timeoutMs?: number;
  } = {},
): Promise<TestResponse> {
  const { method = 'GET', body, chunked = false, timeoutMs = 10_000 } = options;
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined && !chunked && headers['Content-Length'] === undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  return new Promise<TestResponse>((resolve, reject) => {
    const req = request(url, { method, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    // A server that answers before the whole body was sent may close the socket under our write:
    // the answer, if it arrived, is what the test is about.
    req.on('error', reject);
    if (body !== undefined) {
      if (chunked) {
        const data = Buffer.from(body);
        const step = 64 * 1024;
        for (let offset = 0; offset < data.length; offset += step)
          req.write(data.subarray(offset, offset + step));
      } else {
        req.write(body);
      }
    }
    req.end();
  });
}

/** POSTs an activity as JSON. */
export function postActivity(
  serverUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
  timeoutMs?: number,
): Promise<TestResponse> {
  return httpRequest(`${serverUrl}/api/messages`, {
    method: 'POST',
    timeoutMs,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}
