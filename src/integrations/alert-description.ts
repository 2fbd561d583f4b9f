import type { AlertFacts } from './alert-facts';
import { systemLabel } from './alert-facts';
import { multiLine, singleLine } from './bounded-text';

/**
 * The alert facts as `label: value` lines, each value bounded and on one line: the same facts in
 * every ticket, whatever the ticketing system.
 *
 * @example
 *   alertFactLines(alert); // [['socbot reference', 'SOC-2026-0001'], ['alert ID', '4711'], …]
 */
export function alertFactLines(alert: AlertFacts): Array<[label: string, value: string]> {
  const lines: Array<[string, string]> = [
    ['socbot reference', alert.ref],
    ['alert ID', alert.alertId],
    ['priority', alert.priority],
    ['terminal', alert.terminal],
    ['SAP user', alert.username],
    ['SAP system', systemLabel(alert)],
  ];
  if (alert.ip) lines.push(['IP address', alert.ip]);
  lines.push(['reported by', alert.requestedBy]);
  if (alert.summary) lines.push(['summary', alert.summary]);
  return lines.map(([label, value]) => [label, singleLine(value)]);
}

/**
 * A plain-text ticket description built from the fact lines.
 *
 * @example
 *   alertDescription(alert); // 'SAP security alert registered by socbot.\n\nsocbot reference: SOC-2026-0001\n…'
 */
export function alertDescription(alert: AlertFacts): string {
  const facts = alertFactLines(alert).map(([label, value]) => `${label}: ${value}`);
  return multiLine(['SAP security alert registered by socbot.', '', ...facts].join('\n'));
}

/**
 * A one-line ticket title.
 *
 * @example
 *   alertTitle(alert); // 'SAP alert 4711 on PRD/100: user DDIC from terminal PC-0815'
 */
export function alertTitle(alert: AlertFacts): string {
  return singleLine(
    `SAP alert ${singleLine(alert.alertId, 64)} on ${singleLine(systemLabel(alert), 32)}: user ${singleLine(alert.username, 64)} from terminal ${singleLine(alert.terminal, 64)}`,
    160,
  );
}

/**
 * The facts with every string bounded to one line, for JSON payloads (webhooks, TheHive).
 *
 * @example
 *   boundedAlertFacts({ ...alert, terminal: 'x'.repeat(100_000) }).terminal.length; // 256
 */
export function boundedAlertFacts(alert: AlertFacts): AlertFacts {
  return {
    ref: singleLine(alert.ref),
    alertId: singleLine(alert.alertId),
    priority: alert.priority,
    terminal: singleLine(alert.terminal),
    username: singleLine(alert.username),
    system: singleLine(alert.system),
    ...(alert.client ? { client: singleLine(alert.client) } : {}),
    ...(alert.ip ? { ip: singleLine(alert.ip) } : {}),
    requestedBy: singleLine(alert.requestedBy),
    ...(alert.summary ? { summary: singleLine(alert.summary) } : {}),
  };
}
