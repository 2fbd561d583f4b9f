import type { IntegrationConfig } from './integration-config';

/**
 * Every credential value of the integrations: passwords, tokens, API keys (enrichment sources too), signing secrets, the
 * Basic `user:password` pairs, and the password and query values of configured URLs (a Workflows
 * `sig`, SMTP_URL's password). The logger scrubs them from every line.
 *
 * @example
 *   integrationCredentials(config.integrations); // ['servicenow-pass', 'socbot:servicenow-pass', …]
 */
export function integrationCredentials(config: IntegrationConfig): string[] {
  const values: string[] = [config.basisAckSecret, config.ack?.secret ?? ''];
  const t = config.ticketing;
  if (t.provider === 'servicenow')
    values.push(t.password, `${t.user}:${t.password}`, ...urlCredentials(t.url));
  if (t.provider === 'jira') values.push(t.token, `${t.user}:${t.token}`, ...urlCredentials(t.url));
  if (t.provider === 'thehive') values.push(t.apiKey, ...urlCredentials(t.url));
  if (t.provider === 'webhook') values.push(t.secret, ...urlCredentials(t.url));
  for (const block of config.blocking) {
    values.push(block.provider === 'scim' ? block.token : block.secret, ...urlCredentials(block.url));
  }
  for (const targets of [config.basis, config.leads, config.exec]) {
    if (targets.webhook) values.push(...urlCredentials(targets.webhook.url));
  }
  if (config.twilio) {
    const { accountSid, authToken, apiUrl } = config.twilio;
    values.push(authToken, `${accountSid}:${authToken}`, ...urlCredentials(apiUrl));
  }
  if (config.smtp) values.push(...urlCredentials(config.smtp.url));
  // Enrichment API keys (Shodan's travels in the query string) and any credentials in their URLs.
  for (const source of Object.values(config.enrichment.sources)) {
    values.push(source.apiKey, ...urlCredentials(source.url));
  }
  if (config.triage.enabled) values.push(config.triage.apiKey, ...urlCredentials(config.triage.baseUrl));
  return values.filter((value) => value !== '');
}

/** A URL's password (as written and decoded), `user:password`, and its query values. */
function urlCredentials(url: string): string[] {
  try {
    const parsed = new URL(url);
    const password = decodeURIComponent(parsed.password);
    const user = decodeURIComponent(parsed.username);
    return [password, ...(password ? [`${user}:${password}`] : []), ...parsed.searchParams.values()];
  } catch {
    return [];
  }
}
