import type { Logger } from '../../logger';
import { IntegrationError } from '../integration-error';
import { parseTriageAnswer, type TriageAnswer } from './triage-answer';
import { createTriageClient, TRIAGE_SERVICE, type TriageClient } from './triage-client';
import type { TriageConfig } from './triage-config';
import type { TriageInstructions } from './triage-instructions';
import { buildTriageMessages, type TriageInput } from './triage-prompt';

/** How many times an invalid answer is asked for again before triage is reported unavailable. */
export const INVALID_ANSWER_RETRIES = 2;

/** A validated triage with what produced it. */
export interface TriageResult extends TriageAnswer {
  /** The model that answered. */
  model: string;
  /** The instruction file used, relative to the instruction folder. */
  instructionFile: string;
  /** ISO time of the answer. */
  at: string;
}

/** Triage of one alert by the configured model. */
export interface TriageService {
  /**
   * Asks the model once per attempt; an invalid answer is asked for again up to
   * INVALID_ANSWER_RETRIES times, then fails with an IntegrationError (`invalid-response`, not
   * retryable) whose message starts "AI triage unavailable". Transport failures are the client's
   * IntegrationErrors, thrown at once (the outbox retries them).
   */
  triage(alert: TriageInput, signal: AbortSignal): Promise<TriageResult>;
}

/** What the service is built from. */
export interface TriageServiceDeps {
  instructions: TriageInstructions;
  logger: Logger;
  /** A client other than the `openai` one (tests); default createTriageClient(config). */
  client?: TriageClient;
  now?: () => Date;
}

/**
 * The triage service, or undefined when AI triage is off (LLM_BASE_URL empty): then nothing is sent
 * anywhere.
 *
 * @example
 *   const triage = createTriageService(config.integrations.triage, { instructions, logger });
 *   const result = await triage?.triage({ ref, source: 'sap-etd', title, description, … }, signal);
 */
export function createTriageService(
  config: TriageConfig,
  deps: TriageServiceDeps,
): TriageService | undefined {
  if (!config.enabled) return undefined;
  const client = deps.client ?? createTriageClient({ ...config, logger: deps.logger });
  const now = deps.now ?? ((): Date => new Date());
  return {
    async triage(alert, signal) {
      const instruction = deps.instructions.forAlert(alert);
      const messages = buildTriageMessages(alert, instruction.text, config.neverSend);
      const refusals: string[] = [];
      for (let attempt = 0; attempt <= INVALID_ANSWER_RETRIES; attempt += 1) {
        const answer = await client.complete(messages, signal);
        const parsed =
          answer.finishReason === 'length'
            ? { ok: false as const, reason: 'the answer was cut off at LLM_MAX_TOKENS' }
            : parseTriageAnswer(answer.content);
        if (parsed.ok) {
          return {
            ...parsed.answer,
            model: answer.model,
            instructionFile: instruction.file,
            at: now().toISOString(),
          };
        }
        refusals.push(parsed.reason);
        deps.logger.warn(
          { service: TRIAGE_SERVICE, ref: alert.ref, attempt: attempt + 1, reason: parsed.reason },
          'triage answer refused',
        );
      }
      throw new IntegrationError(
        `AI triage unavailable for ${alert.ref}: the model answered ${refusals.length} times without a valid triage (${refusals.at(-1) ?? 'no answer'}). Check LLM_MODEL supports json_schema output, or raise LLM_MAX_TOKENS if answers are cut off.`,
        { service: TRIAGE_SERVICE, kind: 'invalid-response', retryable: false },
      );
    },
  };
}
