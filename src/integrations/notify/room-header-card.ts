import { escapeCardMarkdown } from './card-markdown';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './notice-card';
import type { ProactiveMessage } from './proactive-delivery';

/** What heads an incident's room: its number, what it is about, and who leads it. */
export interface RoomHeader {
  ref: string;
  alertId: string;
  priority: string;
  system: string;
  /** The SIEM's title, when the alert came from the intake. */
  title?: string;
  /** The SIEM's description, when the alert came from the intake. */
  description?: string;
  /** The lead's name; absent while nobody leads the incident. */
  lead?: string;
}

/** Longest description shown in the header (the SIEM's may be pages long; the register keeps it whole). */
const MAX_DESCRIPTION = 600;

/**
 * The first post of an incident's room: an Adaptive Card (1.4, as Teams renders) with the number,
 * the SIEM's title and description when there are any, and the lead, plus the same as text for
 * notifications and clients without cards. Every value is markdown-escaped: text from a SIEM is
 * data, never a link or formatting.
 *
 * @example
 *   roomHeaderMessage({ ref: 'SOC-2026-0001', alertId: '4711', priority: 'P2', system: 'PRD', lead: 'Maria' }).text;
 *   // 'Incident room SOC-2026-0001 (alert 4711, P2, PRD). Lead: Maria. …'
 */
export function roomHeaderMessage(header: RoomHeader): ProactiveMessage {
  const description = shorten(header.description ?? header.title ?? '');
  const lead = header.lead ?? 'nobody yet (say "I\'ll take it")';
  const heading = `Incident room ${header.ref} (alert ${header.alertId}, ${header.priority}, ${header.system})`;
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: escapeCardMarkdown(heading), weight: 'Bolder', size: 'Medium', wrap: true },
      ...(header.title
        ? [{ type: 'TextBlock', text: escapeCardMarkdown(header.title), weight: 'Bolder', wrap: true }]
        : []),
      ...(description && description !== header.title
        ? [{ type: 'TextBlock', text: escapeCardMarkdown(description), wrap: true }]
        : []),
      {
        type: 'FactSet',
        facts: [
          { title: 'Lead', value: escapeCardMarkdown(lead) },
          { title: 'Priority', value: escapeCardMarkdown(header.priority) },
          { title: 'System', value: escapeCardMarkdown(header.system) },
        ],
      },
      {
        type: 'TextBlock',
        text: escapeCardMarkdown(
          `Everything said here is about ${header.ref}: "timeline", "add a note …", "I'll take it".`,
        ),
        wrap: true,
        isSubtle: true,
      },
    ],
  };
  const text = [
    `${heading}.`,
    // The SIEM's words: rendered as markdown by Teams, so escaped in the text as on the card.
    ...(header.title ? [escapeCardMarkdown(header.title)] : []),
    ...(description && description !== header.title ? [escapeCardMarkdown(description)] : []),
    `Lead: ${lead}.`,
  ].join(' ');
  return { text, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_DESCRIPTION ? flat : `${flat.slice(0, MAX_DESCRIPTION - 1)}…`;
}
