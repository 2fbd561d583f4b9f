import fs from 'node:fs';
import { z } from 'zod';
import { SocbotError, type ErrorCode } from '../../errors';
import type { CorpusIssue, EntityDefinition } from './types';
import { jsonErrorPosition } from './json-position';
import { formatIssues } from './corpus-issues';

/**
 * One corpus file on disk in NLP.js corpus format:
 * `{ name, locale, data: [{ intent, utterances, tests }], entities }`. Utterances are read as
 * `unknown` on purpose: a number or an empty string is a validator issue that names the intent
 * and the position, not an opaque schema error. Unknown top-level keys (NLP.js `answers`,
 * `contextData`…) are ignored; unknown keys in an entity definition are rejected because
 * socbot would silently not apply them.
 */
const UtteranceListSchema = z.array(z.unknown()).default([]);

const IntentSchema = z.object({
  intent: z.string().trim().min(1, 'an intent needs a non-empty "intent" name'),
  utterances: UtteranceListSchema,
  tests: UtteranceListSchema,
  carries: z.array(z.string().trim().min(1, 'an intent named in "carries" needs a non-empty name')).optional(),
});

const EntityDefinitionSchema = z.strictObject({
  regex: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((regex) => (regex === undefined ? undefined : Array.isArray(regex) ? regex : [regex])),
  options: z.record(z.string(), z.array(z.string())).optional(),
});

const CorpusFileSchema = z
  .object({
    name: z.string().optional(),
    locale: z.string().trim().min(2).optional(),
    data: z.array(IntentSchema).optional(),
    entities: z.record(z.string(), EntityDefinitionSchema).optional(),
  })
  .refine((file) => file.data !== undefined || file.entities !== undefined, {
    message: 'the file has neither "data" (intents) nor "entities"; add one of them',
  })
  .refine((file) => file.data === undefined || file.locale !== undefined, {
    message: 'a file with "data" needs a "locale", e.g. "locale": "en-US"',
    path: ['locale'],
  });

/** An intent as read from one file, before its utterances are checked. */
export interface RawCorpusIntent {
  intent: string;
  utterances: unknown[];
  tests: unknown[];
  /** Intents whose statements an utterance of this intent may carry along (see CorpusIntent). */
  carries?: string[];
  file: string;
}

/** One parsed corpus file. */
export interface CorpusFileContent {
  file: string;
  name?: string;
  locale?: string;
  intents: RawCorpusIntent[];
  entities: Record<string, EntityDefinition>;
}

/** Which error codes to throw: a corpus and a standalone test set fail with different codes. */
export interface CorpusFileErrorCodes {
  invalidJson: ErrorCode;
  invalid: ErrorCode;
}

export const CORPUS_ERROR_CODES: CorpusFileErrorCodes = {
  invalidJson: 'CORPUS_INVALID_JSON',
  invalid: 'CORPUS_INVALID',
};

/**
 * Reads and schema-checks one corpus file. Throws `codes.invalidJson` naming the file, line and
 * column of a JSON syntax error, and `codes.invalid` listing every schema problem.
 *
 * @example
 *   const content = readCorpusFile('corpus/soc.en.json');
 *   content.intents[0]?.intent // → 'alert'
 */
export function readCorpusFile(file: string, codes: CorpusFileErrorCodes = CORPUS_ERROR_CODES): CorpusFileContent {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const { line, column, hint } = jsonErrorPosition(text);
    throw new SocbotError(
      codes.invalidJson,
      `${file}:${line}:${column} is not valid JSON: ${hint}. Fix it at line ${line}, column ${column} and load again.`,
      { file, line, column },
      { cause: error },
    );
  }
  const parsed = CorpusFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => schemaIssue(file, json, issue));
    throw new SocbotError(codes.invalid, formatIssues(`${file} does not have the corpus format`, issues), {
      file,
      issues,
    });
  }
  const content = parsed.data;
  return {
    file,
    ...(content.name !== undefined && { name: content.name }),
    ...(content.locale !== undefined && { locale: content.locale }),
    intents: (content.data ?? []).map((intent) => ({ ...intent, file })),
    entities: content.entities ?? {},
  };
}

/** Names the intent a schema error sits in (path `data.3.utterances`) so the message says where. */
function schemaIssue(file: string, json: unknown, issue: z.core.$ZodIssue): CorpusIssue {
  const where = issue.path.map(String).join('.');
  const result: CorpusIssue = { file, message: `${where || '(top level)'}: ${issue.message}` };
  if (issue.path[0] === 'data' && typeof issue.path[1] === 'number') {
    const intent = (json as { data?: Array<{ intent?: unknown }> }).data?.[issue.path[1]]?.intent;
    if (typeof intent === 'string') result.intent = intent;
  }
  return result;
}
