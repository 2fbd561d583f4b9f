import { createLogger } from '../src/logger';

const SECRET = 'sn-pass/word+0123456789';

describe('createLogger redacts configured credential values from every line', () => {
  function capture(secrets: readonly string[]) {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      secrets,
      destination: { write: (line: string) => void lines.push(line) },
    });
    return { logger, lines };
  }

  it.each([
    ['literal in the message', (l: ReturnType<typeof capture>['logger']) => l.info(`call failed ${SECRET}`)],
    [
      'URL-encoded in a field',
      (l: ReturnType<typeof capture>['logger']) => l.warn({ body: encodeURIComponent(SECRET) }, 'x'),
    ],
    [
      'base64 in a child logger',
      (l: ReturnType<typeof capture>['logger']) =>
        l.child({ service: 'servicenow' }).error(Buffer.from(`socbot:${SECRET}`).toString('base64')),
    ],
    [
      'in an error',
      (l: ReturnType<typeof capture>['logger']) =>
        l.error({ err: new Error(`refused ${JSON.stringify(SECRET)}`) }, 'failed'),
    ],
  ])('%s', (_name, log) => {
    const { logger, lines } = capture([SECRET]);
    log(logger);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(line).toContain('[redacted]');
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain(encodeURIComponent(SECRET));
    expect(line).not.toContain(Buffer.from(SECRET).toString('base64').slice(4, 20));
  });
});
