import { defangIndicator } from '../../integrations/enrichment/indicator-report-text';
import type { Indicator } from '../../integrations/enrichment/indicator-report';
import { escapeCardMarkdown } from '../../integrations/notify/card-markdown';
import { chatCommandSubmit } from '../../integrations/triage/triage-card';
import { singleLine } from '../../integrations/bounded-text';
import type { MailAttachment } from '../mail-message';
import { correctionCommand } from './correction-command';
import { mailRouteOf } from './mail-routes';

/** What the SOC card of a mail shows. Every string from the mail is data: the card escapes it. */
export interface MailCardFacts {
  readonly ref: string;
  readonly category: string;
  /** How the cascade decided ("model 0.93 ≥ 0.8"). */
  readonly decided: string;
  readonly sender: string;
  readonly subject: string;
  /** Who forwarded the mail to the SOC (absent: the sender wrote to the SOC directly). */
  readonly reporter?: string;
  readonly attachments: readonly MailAttachment[];
  /** The indicators that go to the threat-intelligence sources (their answer follows the card). */
  readonly lookups: readonly Indicator[];
  /** Internal addresses found: shown, never sent out. */
  readonly internal: ReadonlyArray<{ readonly indicator: Indicator; readonly range: string }>;
  /** One line on the look-ups: "answer follows", "no source is configured …"; absent when nothing is looked up. */
  readonly lookupNote?: string;
  /** The device and owner of a lost-device report. */
  readonly device?: string;
  /**
   * "Why?": the model's reasons as markdown (src/nlu/explanation-text.ts, which escapes the features'
   * labels); absent: none shown.
   */
  readonly why?: string;
  /** Every category the classifier knows: one "Correct category" button per other one. */
  readonly categories: readonly string[];
}

/** URLs and domains shown defanged: a mail's link must never become a link someone clicks. */
function shownIndicator(indicator: Indicator): string {
  return defangIndicator(indicator);
}

/** Text from the mail on the card: one line, bounded, URLs in it defanged, markdown escaped. */
function mailWords(value: string, max = 200): string {
  return escapeCardMarkdown(defangText(singleLine(value, max)));
}

/** Defangs every http(s) URL and bare domain-looking dot in free text (subject, sender name). */
export function defangText(value: string): string {
  return value
    .replace(/\bhttp(s?):\/\//gi, (_match, secure: string) => `hxxp${secure}://`)
    .replace(/([A-Za-z0-9-])\.([A-Za-z]{2,})\b/g, '$1[.]$2');
}

/** A card lists at most this many attachments or internal addresses: the sender decides how many there are, Teams how big a card may be. */
const MAX_LISTED = 10;

/** The first MAX_LISTED items joined, and how many more there were. */
function firstOf(items: readonly string[], separator: string): string {
  const more = items.length - MAX_LISTED;
  return items.slice(0, MAX_LISTED).join(separator) + (more > 0 ? ` … and ${more} more` : '');
}

/**
 * The SOC card of a classified mail (Adaptive Card 1.4): category and how it was decided, sender,
 * subject, reporter, attachments (named and hashed), indicators (defanged; internal ones marked),
 * the device of a lost-device report, a "Why?" that shows the model's reasons, and one "Correct
 * category" button per other category. A button sends a chat command (`{ action: 'chat.command',
 * text }`, Teams `imBack`): it is read like typed text, with the recognizer, the confirmation and
 * the role checks; nothing on the card acts by itself.
 *
 * @example
 *   mailCard({ ref: 'SOC-2026-0001', category: 'phishing', … }).actions.at(-1).data.text;
 *   // 'recategorise SOC-2026-0001 as other (from the mail card)'
 */
export function mailCard(facts: MailCardFacts) {
  const route = mailRouteOf(facts.category);
  const rows: Array<[string, string]> = [
    ['Category', `${escapeCardMarkdown(facts.category)} (${escapeCardMarkdown(route.label)})`],
    ['Decided by', escapeCardMarkdown(facts.decided)],
    ['Sender', mailWords(facts.sender)],
    ['Subject', mailWords(facts.subject)],
    ...(facts.reporter ? [['Reported by', mailWords(facts.reporter)] as [string, string]] : []),
    ...(facts.attachments.length > 0
      ? [
          [
            'Attachments',
            firstOf(
              facts.attachments.map(
                (file) => `${mailWords(file.filename || '(unnamed)', 120)} (sha256 ${file.sha256})`,
              ),
              '; ',
            ),
          ] as [string, string],
        ]
      : []),
    ...(facts.lookups.length > 0
      ? [['Indicators', escapeCardMarkdown(facts.lookups.map(shownIndicator).join(', '))] as [string, string]]
      : []),
    ...(facts.internal.length > 0
      ? [
          [
            'Internal (not sent out)',
            escapeCardMarkdown(
              firstOf(
                facts.internal.map(({ indicator, range }) => `${shownIndicator(indicator)} (${range})`),
                ', ',
              ),
            ),
          ] as [string, string],
        ]
      : []),
    ...(facts.device ? [['Device', mailWords(facts.device, 400)] as [string, string]] : []),
  ];
  const corrections = facts.categories
    .filter((category) => category !== facts.category)
    .map((category) => {
      return {
        type: 'Action.Submit',
        title: `Correct category: ${category}`,
        data: chatCommandSubmit(correctionCommand(facts.ref, category, 'card')),
      };
    });
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      {
        type: 'TextBlock',
        text: escapeCardMarkdown(`${facts.ref}: mail to the SOC mailbox, ${route.label}`),
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
      },
      { type: 'FactSet', facts: rows.map(([title, value]) => ({ title, value })) },
      ...(facts.lookupNote
        ? [{ type: 'TextBlock', text: escapeCardMarkdown(facts.lookupNote), wrap: true, isSubtle: true }]
        : []),
    ],
    actions: [
      ...(facts.why
        ? [
            {
              type: 'Action.ShowCard',
              title: 'Why?',
              card: {
                type: 'AdaptiveCard',
                body: [{ type: 'TextBlock', text: facts.why, wrap: true }],
              },
            },
          ]
        : []),
      ...corrections,
    ],
  };
}

/**
 * The text beside the card, for notifications and clients without cards: one line, escaped and
 * defanged like the card.
 */
export function mailCardText(facts: Pick<MailCardFacts, 'ref' | 'category' | 'sender' | 'subject'>): string {
  return `${facts.ref}: mail from ${mailWords(facts.sender, 120)} classified as ${escapeCardMarkdown(facts.category)}: ${mailWords(facts.subject, 160)}`;
}
