import { IntegrationError } from '../../src/integrations/integration-error';
import { toJobFailure, withoutSecrets } from '../../src/outbox/job-failure';

describe('toJobFailure', () => {
  it('reads code, retryable and retryAfterMs of a coded integration error', () => {
    const error = Object.assign(new Error('HTTP 429 from ServiceNow'), {
      code: 'RATE_LIMITED',
      retryable: true,
      retryAfterMs: 2000,
    });
    expect(toJobFailure(error)).toEqual({
      code: 'RATE_LIMITED',
      message: 'HTTP 429 from ServiceNow',
      retryable: true,
      retryAfterMs: 2000,
    });
  });

  it('understands the IntegrationError of src/integrations, kind and service included', () => {
    const error = new IntegrationError('ServiceNow answered 429 Too Many Requests.', {
      service: 'servicenow',
      kind: 'rate-limited',
      retryable: true,
      status: 429,
      retryAfterMs: 1500,
    });
    expect(toJobFailure(error)).toEqual({
      code: 'INTEGRATION_FAILED',
      kind: 'rate-limited',
      service: 'servicenow',
      message: 'ServiceNow answered 429 Too Many Requests.',
      retryable: true,
      retryAfterMs: 1500,
    });
    const auth = new IntegrationError('401', { service: 'scim', kind: 'auth', retryable: false });
    expect(toJobFailure(auth)).toMatchObject({ retryable: false, kind: 'auth' });
    expect(toJobFailure(auth)).not.toHaveProperty('retryAfterMs');
  });

  it('fails at once only on retryable: false', () => {
    expect(
      toJobFailure(Object.assign(new Error('401'), { code: 'UNAUTHORIZED', retryable: false })),
    ).toMatchObject({
      retryable: false,
    });
  });

  it('retries an uncoded error, and a thrown non-error', () => {
    expect(toJobFailure(new TypeError('socket hang up'))).toEqual({
      code: 'UNEXPECTED_ERROR',
      message: 'socket hang up',
      retryable: true,
    });
    expect(toJobFailure('boom')).toMatchObject({
      code: 'UNEXPECTED_ERROR',
      message: 'boom',
      retryable: true,
    });
  });
});

describe('withoutSecrets', () => {
  it.each([
    [
      'GET https://admin:hunter2@sn.example/api failed',
      'GET https://[redacted]@sn.example/api failed',
      'hunter2',
    ],
    [
      '401 with Authorization: Bearer eyJhbGciOi.abc.def',
      '401 with Authorization: Bearer [redacted]',
      'eyJhbGciOi',
    ],
    ['POST /hook?token=abc123&x=1 failed', 'POST /hook?token=[redacted]&x=1 failed', 'abc123'],
    ['body {"password":"s3cr3t"}', 'body {"password":"[redacted]"}', 's3cr3t'],
  ])('removes the secret from %j', (message, expected, secret) => {
    const cleaned = withoutSecrets(message);
    expect(cleaned).toBe(expected);
    expect(cleaned).not.toContain(secret);
  });

  it('bounds the length of a message', () => {
    expect(withoutSecrets('x'.repeat(5000))).toHaveLength(500);
  });
});
