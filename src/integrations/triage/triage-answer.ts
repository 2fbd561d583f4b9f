import { z } from 'zod';
import type { AlertClassification } from '../../store/alert-change';

/** What the model may recommend; closing or escalating still goes through chat, confirmation and roles. */
export const TRIAGE_RECOMMENDATIONS = ['close', 'investigate', 'escalate'] as const;
export type TriageRecommendation = (typeof TRIAGE_RECOMMENDATIONS)[number];

/** The model's class names (as analysts say them) → socbot's classifications (src/store/alert-change.ts). */
export const MODEL_CLASSIFICATIONS: Readonly<Record<string, AlertClassification>> = {
  'True Positive': 'true_positive',
  'False Positive': 'false_positive',
  'Expected Activity': 'expected_activity',
  'Confirmed Activity': 'confirmed_activity',
};

/** Longest summary shown on a card (the issue: under 300 characters). */
export const MAX_SUMMARY_CHARS = 299;
/** Longest reason for the recommendation. */
export const MAX_REASON_CHARS = 500;
/** At most this many artifacts, each at most MAX_ARTIFACT_CHARS: they are shown, never acted on. */
export const MAX_ARTIFACTS = 20;
export const MAX_ARTIFACT_CHARS = 200;

/**
 * The JSON Schema sent as `response_format.json_schema.schema` (strict mode: every property
 * required, no others). Only keywords every strict implementation accepts are used (types, enums);
 * the bounds are in the descriptions and enforced by {@link parseTriageAnswer}.
 */
export const TRIAGE_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'recommendation', 'reason', 'classification', 'severity', 'confidence', 'artifacts'],
  properties: {
    summary: { type: 'string', description: `What happened, in under ${MAX_SUMMARY_CHARS + 1} characters.` },
    recommendation: { type: 'string', enum: [...TRIAGE_RECOMMENDATIONS] },
    reason: { type: 'string', description: 'Why this recommendation, in one or two sentences.' },
    classification: { type: 'string', enum: Object.keys(MODEL_CLASSIFICATIONS) },
    severity: { type: 'integer', description: 'How bad it is if true, 1 (harmless) to 10 (critical).' },
    confidence: { type: 'integer', description: 'How sure you are of the classification, 1 to 10.' },
    artifacts: {
      type: 'array',
      items: { type: 'string' },
      description: `The suspicious items (users, hosts, IPs, transactions), at most ${MAX_ARTIFACTS}.`,
    },
  },
} as const;

/** A model's answer after socbot's own validation, classification in socbot's terms. */
export interface TriageAnswer {
  summary: string;
  recommendation: TriageRecommendation;
  reason: string;
  classification: AlertClassification;
  severity: number;
  confidence: number;
  artifacts: string[];
}

const scale = z.number().int('must be a whole number').min(1, 'must be 1 to 10').max(10, 'must be 1 to 10');

const AnswerSchema = z.strictObject({
  summary: z
    .string()
    .trim()
    .min(1, 'is empty')
    .max(MAX_SUMMARY_CHARS, `is ${MAX_SUMMARY_CHARS + 1} characters or more`),
  recommendation: z.enum(TRIAGE_RECOMMENDATIONS),
  reason: z
    .string()
    .trim()
    .min(1, 'is empty')
    .max(MAX_REASON_CHARS, `is longer than ${MAX_REASON_CHARS} characters`),
  classification: z.enum(Object.keys(MODEL_CLASSIFICATIONS) as [string, ...string[]]),
  severity: scale,
  confidence: scale,
  artifacts: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(MAX_ARTIFACT_CHARS, `has an item longer than ${MAX_ARTIFACT_CHARS} characters`),
    )
    .max(MAX_ARTIFACTS, `has more than ${MAX_ARTIFACTS} items`),
});

/** Either the whole validated answer or why it was refused; never part of one. */
export type ParsedTriageAnswer = { ok: true; answer: TriageAnswer } | { ok: false; reason: string };

/**
 * Validates the model's message content against the schema again, on socbot's side: models and
 * some servers accept `strict` without enforcing it. Anything off (not JSON, a field missing or
 * extra, out of range, an unknown classification) refuses the whole answer.
 *
 * @example
 *   parseTriageAnswer('{"summary":"…","recommendation":"close",…,"classification":"False Positive",…}');
 *   // { ok: true, answer: { …, classification: 'false_positive' } }
 *   parseTriageAnswer('Sure! Here is'); // { ok: false, reason: 'the answer is not JSON' }
 */
export function parseTriageAnswer(content: string | null | undefined): ParsedTriageAnswer {
  if (!content) return { ok: false, reason: 'the answer was empty' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, reason: 'the answer is not JSON' };
  }
  const parsed = AnswerSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      // Our own messages; zod's for an unknown key would quote the model's key names (any length).
      .map((issue) =>
        issue.code === 'unrecognized_keys'
          ? `${issue.path.join('.') || '(answer)'} has fields the schema does not define`
          : `${issue.path.join('.') || '(answer)'} ${issue.message}`,
      )
      .join('; ');
    return { ok: false, reason: `the answer does not match the schema (${where})` };
  }
  const { classification, ...rest } = parsed.data;
  const mapped = MODEL_CLASSIFICATIONS[classification];
  if (!mapped) return { ok: false, reason: 'the answer names an unknown classification' };
  return { ok: true, answer: { ...rest, classification: mapped } };
}
