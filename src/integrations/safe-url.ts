/**
 * A URL as it may appear in an error message or a log line: scheme, host, port and path only.
 * User name, password, query (which may carry an API key or signature) and fragment are dropped.
 *
 * @example
 *   safeUrl('https://admin:s3cret@example.service-now.com/api/now/table/incident?sysparm_limit=1');
 *   // 'https://example.service-now.com/api/now/table/incident'
 */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Joins a configured base URL (which may carry a path, e.g. a ServiceNow instance behind a proxy)
 * and an API path, without doubling or losing slashes.
 *
 * @example
 *   joinUrl('https://jira.example.com/', '/rest/api/2/issue'); // 'https://jira.example.com/rest/api/2/issue'
 *   joinUrl('https://hooks.example.com/x?sig=abc', '');       // unchanged
 */
export function joinUrl(base: string, path: string): string {
  // An empty path is the configured URL itself (a webhook), query string and all.
  if (path === '') return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
