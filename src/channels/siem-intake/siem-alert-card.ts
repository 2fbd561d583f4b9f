import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../integrations/notify/notice-card';
import { escapeCardMarkdown } from '../../integrations/notify/card-markdown';
import type { SiemAlertFacts } from './siem-intake-deps';

export { ADAPTIVE_CARD_CONTENT_TYPE };

/** What "Inform Basis and block" submits; the conversation routes it to the Basis skill. */
export interface AlertInformSubmit {
  action: 'alert.inform';
  ref: string;
}

/** What "False positive" submits; the conversation closes the alert as a false positive. */
export interface AlertFalsePositiveSubmit {
  action: 'alert.false-positive';
  ref: string;
}

/** What "Investigate" submits; the conversation opens the incident's room (skills/investigate-incident). */
export interface AlertInvestigateSubmit {
  action: 'alert.investigate';
  ref: string;
}

/**
 * The card the SOC conversation gets for a SIEM alert (Adaptive Card 1.4, which Teams renders):
 * title, facts, and the decisions an analyst takes on it (inform Basis and block, false positive,
 * investigate in the incident's room). Every SIEM value is
 * markdown-escaped (a pattern name like `[login](https://evil)` stays text); the card is data that
 * the sender serializes with JSON.stringify, so quotes and `"},{"` stay inside their strings.
 *
 * @example
 *   siemAlertCard('SOC-2026-0001', { alertId: '4711', system: 'PRD', source: 'sap-etd' }).actions[0].data;
 *   // { action: 'alert.inform', ref: 'SOC-2026-0001' }
 */
export function siemAlertCard(ref: string, facts: SiemAlertFacts) {
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      {
        type: 'TextBlock',
        text: escapeCardMarkdown(siemAlertTitle(ref, facts)),
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
      },
      {
        type: 'FactSet',
        facts: siemAlertFacts(facts).map(([title, value]) => ({ title, value: escapeCardMarkdown(value) })),
      },
      ...(facts.description
        ? [{ type: 'TextBlock', text: escapeCardMarkdown(facts.description), wrap: true, isSubtle: true }]
        : []),
    ],
    actions: [
      {
        type: 'Action.Submit',
        title: 'Inform Basis and block',
        style: 'destructive',
        data: { action: 'alert.inform', ref } satisfies AlertInformSubmit,
      },
      {
        type: 'Action.Submit',
        title: 'False positive',
        data: { action: 'alert.false-positive', ref } satisfies AlertFalsePositiveSubmit,
      },
      {
        type: 'Action.Submit',
        title: 'Investigate',
        data: { action: 'alert.investigate', ref } satisfies AlertInvestigateSubmit,
      },
    ],
  };
}

/**
 * One plain line for a channel without cards.
 *
 * @example
 *   siemAlertText('SOC-2026-0001', facts);
 *   // 'SOC-2026-0001: P2 alert 4711 from sap-etd (Debugging in production): user DDIC, terminal PC-0815, system PRD/100'
 */
export function siemAlertText(ref: string, facts: SiemAlertFacts): string {
  const details = siemAlertFacts(facts)
    .filter(([title]) => !['Alert', 'Priority', 'Source'].includes(title))
    .map(([title, value]) => `${title.toLowerCase()} ${value}`);
  return `${siemAlertTitle(ref, facts)}${details.length > 0 ? `: ${details.join(', ')}` : ''}`;
}

function siemAlertTitle(ref: string, facts: SiemAlertFacts): string {
  const priority = facts.priority ? `${facts.priority} ` : '';
  const title = facts.title ? ` (${facts.title})` : '';
  return `${ref}: ${priority}alert ${facts.alertId} from ${facts.source}${title}`;
}

function siemAlertFacts(facts: SiemAlertFacts): Array<[string, string]> {
  const system = facts.system && (facts.client ? `${facts.system}/${facts.client}` : facts.system);
  const rows: Array<[string, string | undefined]> = [
    ['Alert', facts.alertId],
    ['Priority', facts.priority],
    ['User', facts.username],
    ['Terminal', facts.terminal],
    ['IP', facts.ip],
    ['System', system],
    ['Source', facts.source],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== undefined);
}
