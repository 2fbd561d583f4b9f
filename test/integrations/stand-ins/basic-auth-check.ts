import type { RecordedRequest, StandInAnswer } from './stand-in-server';

/** 401 unless the request carries exactly `Basic base64(user:password)`, as the real APIs do. */
export function requireBasicAuth(
  request: RecordedRequest,
  user: string,
  password: string,
  body: unknown = { error: { message: 'User Not Authenticated' } },
): StandInAnswer | undefined {
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return request.headers.authorization === expected
    ? undefined
    : { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="stand-in"' }, body };
}

/** 401 unless the request carries exactly `Bearer <token>`. */
export function requireBearer(
  request: RecordedRequest,
  token: string,
  body: unknown = { message: 'unauthorized' },
) {
  return request.headers.authorization === `Bearer ${token}` ? undefined : { status: 401, body };
}
