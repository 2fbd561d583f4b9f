import type { AuditEntry } from './audit-entry';
import type { AuditTrail } from './audit-trail';

/**
 * The timeline of one alert as Markdown for a SOC manager: a title, whether the audit chain is
 * intact, and a table of time, who, what and result, oldest first. Only entries of that alert
 * (matched case-insensitively), and the entries of the same request (`details.requestId`) as one
 * of them, such as the chat confirmation written before the alert had its reference; every cell is escaped so a value cannot break the table or inject
 * HTML.
 *
 * @example
 *   const markdown = await exportAlertTimeline(app.audit, 'SOC-2026-0001');
 *   // # Timeline of alert SOC-2026-0001
 *   // | Time (UTC) | Who | What | Result |
 *   // | 2026-03-01 10:00:01 | Ana (analyst) | register alert | registered |
 */
export async function exportAlertTimeline(
  trail: Pick<AuditTrail, 'location' | 'entriesOfAlert' | 'verify'>,
  alertRef: string,
  now: () => Date = () => new Date(),
): Promise<string> {
  const entries = await trail.entriesOfAlert(alertRef);
  const check = await trail.verify();
  const chain = check.intact
    ? `intact (${check.entries} entries, head hash \`${check.headHash.slice(0, 16)}…\`)`
    : `**broken at entry ${check.firstBadSeq}** (${check.problem}): entries from there on may not be what was recorded. Run \`socbot audit verify\`.`;

  const out = [
    `# Timeline of alert ${cell(alertRef.trim())}`,
    '',
    `Exported ${timestamp(now().toISOString())} UTC from \`${trail.location}\`. Audit chain: ${chain}`,
    '',
  ];
  if (entries.length === 0) {
    out.push(`No audit entries for alert ${cell(alertRef.trim())}.`);
    return `${out.join('\n')}\n`;
  }
  out.push('| Time (UTC) | Who | What | Result |', '|---|---|---|---|');
  for (const entry of entries) {
    out.push(
      `| ${[timestamp(entry.at), timelineWho(entry), timelineWhat(entry), entry.result ?? ''].map(cell).join(' | ')} |`,
    );
  }
  out.push('', `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}.`);
  return `${out.join('\n')}\n`;
}

/**
 * The entries of one alert's timeline among `entries`, oldest first: those that name the alert
 * (case-insensitively) and those of the same request (`details.requestId`) as one of them. What
 * `socbot audit export --alert REF` tables and the chat's "timeline" shows (`AuditTrail.entriesOfAlert`).
 *
 * @example
 *   const entries = timelineOf(await audit.entries(), 'SOC-2026-0001');
 *   entries.map(timelineWhat); // ['register alert', 'call: create the ticket for SOC-2026-0001', …]
 */
export function timelineOf(all: readonly AuditEntry[], alertRef: string): AuditEntry[] {
  const wanted = alertRef.trim().toLowerCase();
  const ofAlert = (entry: AuditEntry): boolean => entry.alertRef?.toLowerCase() === wanted;
  // A chat confirmation is written before its action, when the reference is not known yet: it
  // belongs to the alert through the request id the action's entry shares with it.
  const requests = new Set(
    all
      .filter(ofAlert)
      .map(requestIdOf)
      .filter((id) => id !== undefined),
  );
  return all
    .filter((entry) => ofAlert(entry) || requests.has(requestIdOf(entry) ?? ''))
    .sort((a, b) => a.seq - b.seq);
}

function requestIdOf(entry: AuditEntry): string | undefined {
  const id = entry.details.requestId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Who did it, as a timeline shows: the name, and the role they acted in. */
export function timelineWho(entry: AuditEntry): string {
  const name = entry.actor.name ?? entry.actor.id;
  return entry.actor.role ? `${name} (${entry.actor.role})` : name;
}

/** What was done, as a timeline shows: a command's words, else the kind of entry and its summary. */
export function timelineWhat(entry: AuditEntry): string {
  return entry.action === 'command' ? entry.summary : `${entry.action}: ${entry.summary}`;
}

function timestamp(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}

/** A value made safe for one Markdown table cell. */
export function cell(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');
}
