import type { AlertClassification } from '../../store/alert-change';
import type { TriageRating } from '../../store/triage-log';
import { escapeCardMarkdown } from '../notify/card-markdown';
import type { TriageRecommendation } from './triage-answer';
import type { TriageResult } from './triage-service';

/**
 * What a suggested next-step button submits: a chat command, as if the analyst had typed it. In
 * Teams `msteams.imBack` posts `text` as the analyst's message; Web Chat sends the value, which the
 * bot edge reads as the same text (readChatCommandSubmit). Either way it goes through the
 * recognizer, the confirmation and the role checks: the button does nothing by itself.
 */
export interface ChatCommandSubmit {
  action: 'chat.command';
  text: string;
  msteams: { type: 'imBack'; value: string };
}

/** A button's data that sends `text` as a chat command (see {@link ChatCommandSubmit}). */
export function chatCommandSubmit(text: string): ChatCommandSubmit {
  return { action: 'chat.command', text, msteams: { type: 'imBack', value: text } };
}

/**
 * The feedback buttons (Unrelated / Needs improvement / Almost there / Good): each submits
 * `{ action: 'triage.feedback', ref, rating }` with the comment box's text
 * (src/conversation/triage-feedback.ts reads it).
 */
const FEEDBACK_BUTTONS: ReadonlyArray<readonly [TriageRating, string]> = [
  ['unrelated', 'Unrelated'],
  ['needs_improvement', 'Needs improvement'],
  ['almost_there', 'Almost there'],
  ['good', 'Good'],
];

/** Longest command a card may submit (the commands socbot builds are far shorter). */
export const MAX_CHAT_COMMAND_CHARS = 200;

/** How the classifications read in a chat command and on a card. */
const CLASSIFICATION_WORDS: Readonly<Record<AlertClassification, string>> = {
  true_positive: 'true positive',
  false_positive: 'false positive',
  expected_activity: 'expected activity',
  confirmed_activity: 'confirmed activity',
};

/**
 * The chat command for the model's recommendation, e.g. `close SOC-2026-0001 as false positive`,
 * `investigate SOC-2026-0001`, or for escalate `inform the basis team about SOC-2026-0001` (which
 * asks for confirmation before anything is blocked or sent).
 *
 * @example
 *   suggestedCommand('SOC-2026-0001', { recommendation: 'close', classification: 'false_positive' });
 *   // { title: 'Close as false positive', text: 'close SOC-2026-0001 as false positive' }
 */
export function suggestedCommand(
  ref: string,
  triage: { recommendation: TriageRecommendation; classification: AlertClassification },
): { title: string; text: string } {
  switch (triage.recommendation) {
    case 'close': {
      const as = CLASSIFICATION_WORDS[triage.classification];
      return { title: `Close as ${as}`, text: `close ${ref} as ${as}` };
    }
    case 'investigate':
      return { title: 'Investigate', text: `investigate ${ref}` };
    case 'escalate':
      return { title: 'Inform Basis and block', text: `inform the basis team about ${ref}` };
  }
}

/**
 * The triage card (Adaptive Card 1.4) for the SOC conversations and the incident room: the model's
 * summary, recommendation and reason, classification, severity, confidence and artifacts, every
 * model text markdown-escaped (a summary like `[login](https://evil)` stays text), labelled as a
 * suggestion; the recommendation as a button that sends the chat command (ChatCommandSubmit), and
 * the feedback buttons with an optional comment. The artifacts are shown, never acted on.
 *
 * @example
 *   triageCard('SOC-2026-0001', result).actions[0].data.text; // 'investigate SOC-2026-0001'
 */
export function triageCard(ref: string, triage: TriageResult) {
  const command = suggestedCommand(ref, triage);
  const submit = chatCommandSubmit(command.text);
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      {
        type: 'TextBlock',
        text: escapeCardMarkdown(`AI triage of ${ref}: a suggestion, not a decision`),
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
      },
      { type: 'TextBlock', text: escapeCardMarkdown(triage.summary), wrap: true },
      {
        type: 'FactSet',
        facts: [
          ['Recommendation', `${triage.recommendation}: ${triage.reason}`],
          ['Classification', CLASSIFICATION_WORDS[triage.classification]],
          ['Severity', `${triage.severity}/10`],
          ['Confidence', `${triage.confidence}/10`],
          ['Artifacts', triage.artifacts.length > 0 ? triage.artifacts.join(', ') : 'none named'],
          ['Model', `${triage.model} (${triage.instructionFile})`],
        ].map(([title, value]) => ({ title, value: escapeCardMarkdown(value ?? '') })),
      },
      {
        type: 'Input.Text',
        id: 'comment',
        placeholder: 'Optional: what the triage got wrong or missed',
        isMultiline: true,
        maxLength: 1000,
      },
    ],
    actions: [
      { type: 'Action.Submit', title: `Suggested: ${command.title}`, data: submit },
      ...FEEDBACK_BUTTONS.map(([rating, title]) => ({
        type: 'Action.Submit',
        title,
        // The run the card shows: a rating pressed after a newer triage is not taken for it.
        data: { action: 'triage.feedback', ref, rating, run: triage.at },
      })),
    ],
  };
}

/**
 * One plain line for clients without cards and for the ticket note.
 *
 * @example
 *   triageText('SOC-2026-0001', result);
 *   // 'SOC-2026-0001 AI triage (gpt-4.1-mini): investigate (…). False positive, severity 3/10, confidence 6/10. …'
 */
export function triageText(
  ref: string,
  triage: TriageResult,
  /** How the model's own words are made safe: markdown-escaped in chat, as they are on a ticket. */
  modelWords: (text: string) => string = (text) => text,
): string {
  const artifacts =
    triage.artifacts.length > 0 ? ` Artifacts: ${modelWords(triage.artifacts.join(', '))}.` : '';
  return (
    `${ref} AI triage (${triage.model}, a suggestion): ${triage.recommendation} (${modelWords(triage.reason)}). ` +
    `${CLASSIFICATION_WORDS[triage.classification]}, severity ${triage.severity}/10, confidence ${triage.confidence}/10. ` +
    `${modelWords(triage.summary)}${artifacts}`
  );
}
