import path from 'node:path';
import type { Command } from 'commander';
import { asSocbotError, isSocbotError, SocbotError } from '../../errors';
import { cannotExplain } from '../../nlu/cannot-explain';
import type { Explanation } from '../../nlu/explanation';
import type { Recognition } from '../../nlu/types';
import type { CliDeps, TrainedModel } from '../cli-deps';
import { readLines } from '../read-lines';
import { readableExplanation } from '../readable-explanation';

/** Longer lines are cut: no analyst message is this long, and a runaway input must not stall the model. */
export const MAX_LINE_CHARS = 10_000;

interface ParseOptions {
  model?: string;
  json?: boolean;
  explain?: boolean;
}

/** One line of `socbot parse --json` output. */
export interface ParsedLine {
  text: string;
  intent: string;
  score: number;
  entities: ParsedEntity[];
  /** How many indicators beyond MAX_INDICATORS the line held (not listed); absent when none. */
  droppedIndicators?: number;
  /** With `--explain`: why the model scored the line as it did (NluModel.explain). */
  explanation?: Explanation;
}

/** An entity as `parse` prints it: type and value, and an indicator's hash kind or address range. */
export interface ParsedEntity {
  entity: string;
  value: string;
  hashKind?: string;
  addressRange?: string;
}

/**
 * `socbot parse [--model FILE] [--json] [--explain]`: recognises each non-blank stdin line and prints
 * one result per line, as JSON or as readable text; `--explain` adds the features that weighed most
 * for the intent against the runner-up. A line the model fails on is reported on stderr with its
 * number and skipped; the rest is still parsed, and the exit code is then 1.
 *
 * @example
 *   echo "ETD alert 4711 on PRD" | socbot parse --json
 *   // {"text":"ETD alert 4711 on PRD","intent":"alert.register","score":0.93,"entities":[{"entity":"alertId","value":"4711"},…]}
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('parse')
    .description('recognise intent and entities of each line read from stdin')
    .option('--model <file>', 'model file (default: SOCBOT_MODEL or ./models/socbot.model.json)')
    .option('--json', 'print one JSON object per line')
    .option('--explain', 'add why: the words that weighed most for the intent against the runner-up')
    .action(async (options: ParseOptions) => {
      const { io } = deps;
      const modelFile = path.resolve(options.model ?? deps.config().modelPath);
      const model = await loadModelOrExplain(deps, modelFile);
      const explain = options.explain ? explainerOf(model) : undefined;
      const failures: LineFailure[] = [];
      let parsedLines = 0;
      for await (const line of readLines(io.stdin, MAX_LINE_CHARS)) {
        if (line.text.trim() === '') continue;
        parsedLines += 1;
        if (line.droppedChars > 0) {
          io.stderr.write(
            `warning: line ${line.number} has ${MAX_LINE_CHARS + line.droppedChars} characters; only the first ${MAX_LINE_CHARS} are parsed.\n`,
          );
        }
        let recognition: Recognition;
        let explanation: Explanation | undefined;
        try {
          recognition = await model.recognize(line.text);
          explanation = await explain?.(line.text);
        } catch (error) {
          // One bad line must not cost the lines after it: say which one, and go on.
          const failure = { line: line.number, error: asSocbotError(error) };
          failures.push(failure);
          io.stderr.write(
            `error: line ${failure.line} was not parsed [${failure.error.code}]: ${failure.error.message}\n`,
          );
          continue;
        }
        const parsed = { ...parsedLine(line.text, recognition), ...(explanation && { explanation }) };
        io.stdout.write(`${options.json ? JSON.stringify(parsed) : readable(parsed)}\n`);
      }
      if (failures.length > 0) throw someLinesFailed(failures, parsedLines);
    });
}

interface LineFailure {
  line: number;
  error: SocbotError;
}

/** The summary that ends a run with failed lines (exit code 1); each line was reported already. */
function someLinesFailed(failures: readonly LineFailure[], lines: number): SocbotError {
  const [first] = failures;
  const numbers = failures.map((failure) => failure.line);
  return new SocbotError(
    first?.error.code ?? 'INTERNAL',
    `${failures.length} of ${lines} lines were not parsed (lines ${numbers.join(', ')}); every other line was. ` +
      'The reason of each is printed above; report an INTERNAL one as a bug with the line that caused it.',
    { lines: numbers },
  );
}

/** The model's `explain`, or a failure before any line is read when it has none. */
function explainerOf(model: TrainedModel): (text: string) => Promise<Explanation> {
  const { explain } = model;
  if (!explain) throw cannotExplain();
  return (text) => explain.call(model, text);
}

async function loadModelOrExplain(deps: CliDeps, modelFile: string): Promise<TrainedModel> {
  try {
    return await deps.nlu.loadModel(modelFile);
  } catch (error) {
    if (!isSocbotError(error, 'MODEL_NOT_FOUND')) throw error;
    throw new SocbotError(
      'MODEL_NOT_FOUND',
      `No model at ${modelFile}. Create one with \`socbot train\` (it writes SOCBOT_MODEL, default ./models/socbot.model.json), or pass --model FILE.`,
      { ...error.details, file: modelFile },
      { cause: error },
    );
  }
}

function parsedLine(text: string, recognition: Recognition): ParsedLine {
  return {
    text,
    intent: recognition.intent,
    score: recognition.score,
    entities: recognition.entities.map(({ entity, value, hashKind, addressRange }) => ({
      entity,
      value,
      ...(hashKind && { hashKind }),
      ...(addressRange && { addressRange }),
    })),
    ...(recognition.droppedIndicators && { droppedIndicators: recognition.droppedIndicators }),
  };
}

/** `alert.register 0.93  alertId=4711 system=PRD  | ETD alert 4711 on PRD`, then the explanation's lines. */
function readable(parsed: ParsedLine): string {
  const entities = parsed.entities.map((e) => `${e.entity}=${e.value}`).join(' ');
  const line = `${parsed.intent} ${parsed.score.toFixed(2)}${entities ? `  ${entities}` : ''}  | ${parsed.text}`;
  return parsed.explanation ? [line, ...readableExplanation(parsed.explanation)].join('\n') : line;
}
