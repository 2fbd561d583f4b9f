/**
 * A SCIM filter (RFC 7644 §3.4.2.2) matching one userName exactly. The compared value is a JSON
 * string literal, so JSON.stringify escapes quotes, backslashes and control characters: a value
 * cannot close the literal and add `or` clauses of its own.
 *
 * @example
 *   scimUserNameFilter('DDIC');        // 'userName eq "DDIC"'
 *   scimUserNameFilter('x" or "1"="1'); // 'userName eq "x\" or \"1\"=\"1"'
 */
export function scimUserNameFilter(userName: string): string {
  return `userName eq ${JSON.stringify(userName)}`;
}
