import type { AlertView, LifecycleAnswer, SkillReply } from '../../src/skills/types';

/**
 * How the lifecycle skills put alerts and outcomes into words (shared by the skills of the alert's
 * lifecycle, which import it from here). Text from the SIEM (title, description) is the alert's
 * data: quoted and shortened, never read as anything else.
 */

/** At most this much of a SIEM's title and description is shown. */
const TITLE_CHARS = 80;
const DESCRIPTION_CHARS = 300;

/** The reply for a lifecycle call that did nothing: its reason, and `refused` for a refusal by role or rule. */
export function notDone(answer: Extract<LifecycleAnswer<unknown>, { ok: false }>): SkillReply {
  return { text: answer.reason, ...(answer.refused ? { outcome: 'refused' as const } : {}) };
}

/** "false_positive" → "false positive". */
export function classificationWords(classification: string): string {
  return classification.replace(/_/g, ' ');
}

/** "alert 4711 on PRD/100" */
function origin(alert: AlertView): string {
  return `alert ${alert.alertId} on ${alert.client ? `${alert.system}/${alert.client}` : alert.system}`;
}

/** "investigating, lead Ana" / "closed as false positive" */
export function standing(alert: AlertView): string {
  const status =
    alert.status === 'closed' && alert.classification
      ? `closed as ${classificationWords(alert.classification)}`
      : alert.status;
  return `${status}, ${alert.lead ? `lead ${alert.lead.name}` : 'no lead yet'}`;
}

/**
 * Everything the register holds about one alert, for a look-up.
 *
 * @example
 *   describeAlert(view) // 'SOC-2026-0001: alert 4711 on PRD, P2, user DDIC from terminal PC-0815 …'
 */
export function describeAlert(alert: AlertView): string {
  const parts = [
    `${alert.ref}: ${origin(alert)}, ${alert.priority}, user ${alert.username || 'unknown'} from terminal ${alert.terminal || 'unknown'}` +
      `${alert.ip ? ` (IP ${alert.ip})` : ''}, registered ${alert.createdAt.slice(0, 10)} by ${alert.createdBy}.`,
  ];
  if (alert.title) parts.push(`The SIEM calls it "${shortened(alert.title, TITLE_CHARS)}".`);
  if (alert.description) parts.push(`Its description: "${shortened(alert.description, DESCRIPTION_CHARS)}"`);
  parts.push(`Status: ${standing(alert)}.`);
  const latest = alert.notes.at(-1);
  if (latest) {
    const count = alert.notes.length === 1 ? 'One note' : `${alert.notes.length} notes`;
    parts.push(`${count}; the latest, by ${latest.by}: "${shortened(latest.text, DESCRIPTION_CHARS)}"`);
  }
  return parts.join(' ');
}

/** One line of a list: "SOC-2026-0001 · P2 · alert 4711 on PRD · investigating, lead Ana". */
export function alertLine(alert: AlertView): string {
  const title = alert.title ? ` · "${shortened(alert.title, TITLE_CHARS)}"` : '';
  return `${alert.ref} · ${alert.priority} · ${origin(alert)} · ${standing(alert)}${title}`;
}

/**
 * Text from the SIEM or an analyst's note as shown in a reply: one line, at most `max` characters,
 * and its markdown escaped, since Teams and Web Chat render a message's markdown (a title like
 * `[login](https://evil.example)` stays text, never a link).
 */
function shortened(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const cut = oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
  return cut.replace(/[\\`*_[\]()<>~|]/g, (character) => `\\${character}`);
}
