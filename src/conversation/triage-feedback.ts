import type { Actor } from '../access/actor';
import type { AccessDecision } from '../access/authorize';
import type { Role } from '../access/roles';
import type { SideEffect } from '../access/side-effects';
import type { AuditRecord } from '../audit/audit-entry';
import { singleLine } from '../integrations/bounded-text';
import { TRIAGE_RATINGS, type TriageFeedback, type TriageRating } from '../store/triage-log';
import { say, type BotReply } from './bot-reply';
import { auditActorOf } from './turn-actor';

/** What a feedback button of the AI triage card sends (Action.Submit data, with the comment input). */
export interface TriageFeedbackValue {
  action: 'triage.feedback';
  ref: string;
  rating: TriageRating;
  /** The run the card showed (its `at`); absent on cards posted before runs were named. */
  run?: string;
  /** The card's optional comment box (Input.Text `comment`), trimmed; absent when empty. */
  comment?: string;
}

/** Longest comment kept: a sentence or two for whoever edits the instruction files. */
export const MAX_FEEDBACK_COMMENT_CHARS = 1000;

/** The ratings as the buttons say them. */
export const RATING_TITLES: Readonly<Record<TriageRating, string>> = {
  unrelated: 'Unrelated',
  needs_improvement: 'Needs improvement',
  almost_there: 'Almost there',
  good: 'Good',
};

/**
 * Reads an activity `value` as a triage feedback press, or undefined for anything else. The
 * comment is cut to MAX_FEEDBACK_COMMENT_CHARS and stripped of control characters.
 *
 * @example
 *   readTriageFeedback({ action: 'triage.feedback', ref: 'SOC-2026-0001', rating: 'good', comment: '' });
 *   // { action: 'triage.feedback', ref: 'SOC-2026-0001', rating: 'good' }
 */
export function readTriageFeedback(value: unknown): TriageFeedbackValue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, ref, rating, comment, run } = value as Record<string, unknown>;
  if (action !== 'triage.feedback' || typeof ref !== 'string' || typeof rating !== 'string') return undefined;
  if (!(TRIAGE_RATINGS as readonly string[]).includes(rating)) return undefined;
  const trimmedRef = ref.trim();
  if (trimmedRef === '' || trimmedRef.length > 64) return undefined;
  const text = typeof comment === 'string' ? singleLine(comment, MAX_FEEDBACK_COMMENT_CHARS) : '';
  const shown = typeof run === 'string' && run.length <= 40 ? run : undefined;
  return {
    action,
    ref: trimmedRef,
    rating: rating as TriageRating,
    ...(shown ? { run: shown } : {}),
    ...(text ? { comment: text } : {}),
  };
}

/** What a feedback press needs from the composition root. */
export interface TriageFeedbackDeps {
  authorize(actor: Actor, action: SideEffect): AccessDecision;
  audit: { append(record: AuditRecord): Promise<unknown> };
  /** The triage log (src/store/triage-log.ts); absent: feedback is not kept in this installation. */
  triageFeedback?: {
    addFeedback(ref: string, feedback: TriageFeedback, run?: string): Promise<boolean>;
  };
}

/**
 * An analyst rated an AI triage card: allowed for whoever may add notes to alerts (analysts and
 * leads, `note_alert`; a refusal is audited), stored with the triage (`triage.jsonl`) and audited
 * (`triage-feedback`), so `socbot triage evaluate` counts it and the instruction files can improve.
 */
export async function handleTriageFeedback(
  feedback: TriageFeedbackValue,
  who: { actor: Actor; roles: Role[]; conversationId: string },
  deps: TriageFeedbackDeps,
  now: () => Date = () => new Date(),
): Promise<BotReply> {
  const by = auditActorOf(who.actor, who.roles);
  const summary = `rate the AI triage of ${feedback.ref} as ${feedback.rating}`;
  const permission = deps.authorize(who.actor, 'note_alert');
  if (!permission.allowed) {
    await deps.audit.append({
      actor: by,
      action: 'refusal',
      summary,
      result: `refused: ${permission.code}`,
      alertRef: feedback.ref,
      conversationId: who.conversationId,
      details: { reason: permission.reason },
    });
    return say(`I did not record your feedback on the AI triage of ${feedback.ref}. ${permission.reason}`);
  }
  if (!deps.triageFeedback) return say('AI triage feedback is not kept in this installation.');
  const stored = await deps.triageFeedback.addFeedback(
    feedback.ref,
    {
      rating: feedback.rating,
      ...(feedback.comment ? { comment: feedback.comment } : {}),
      by: who.actor.name ?? who.actor.id,
      at: now().toISOString(),
    },
    feedback.run,
  );
  if (!stored) {
    return say(
      feedback.run
        ? `${feedback.ref} has no AI triage of that card any more: it was triaged again since. Rate the newest triage card; nothing was recorded.`
        : `${feedback.ref} has no AI triage to rate.`,
    );
  }
  await deps.audit.append({
    actor: by,
    action: 'command',
    summary,
    result: 'recorded',
    alertRef: feedback.ref,
    conversationId: who.conversationId,
    details: { rating: feedback.rating, ...(feedback.comment ? { comment: feedback.comment } : {}) },
  });
  return say(
    `Thanks: your feedback on the AI triage of ${feedback.ref} ("${RATING_TITLES[feedback.rating]}"${feedback.comment ? ', with your comment' : ''}) is recorded.`,
  );
}
