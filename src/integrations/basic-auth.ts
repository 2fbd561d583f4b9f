/**
 * An HTTP Basic `Authorization` header value (RFC 7617, UTF-8).
 *
 * @example
 *   basicAuth('admin', 'secret'); // 'Basic YWRtaW46c2VjcmV0'
 */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
