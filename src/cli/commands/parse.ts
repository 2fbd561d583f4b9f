import path from 'node:path';
import type { Command } from 'commander';
import { isSocbotError, SocbotError } from '../../errors';
import type { Recognition } from '../../nlu/types';
import type { CliDeps, TrainedModel } from '../cli-deps';
import { readLines } from '../read-lines';

/** Longer lines are cut: no analyst message is this long, and a runaway input must not stall the model. */
export const MAX_LINE_CHARS = 10_000;

interface ParseOptions {
  model?: string;
  json?: boolean;
}

/** One line of `socbot parse --json` output. */
export interface ParsedLine {
  text: string;
  intent: string;
  score: number;
  entities: { entity: string; value: string }[];
}

/**
 * `socbot parse [--model FILE] [--json]`: recognises each non-blank stdin line and prints one result
 * per line, as JSON or as readable text.
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
    .action(async (options: ParseOptions) => {
      const { io } = deps;
      const modelFile = path.resolve(options.model ?? deps.config().modelPath);
      const model = await loadModelOrExplain(deps, modelFile);
      for await (const line of readLines(io.stdin, MAX_LINE_CHARS)) {
        if (line.text.trim() === '') continue;
        if (line.droppedChars > 0) {
          io.stderr.write(
            `warning: line ${line.number} has ${MAX_LINE_CHARS + line.droppedChars} characters; only the first ${MAX_LINE_CHARS} are parsed.\n`,
          );
        }
        const parsed = parsedLine(line.text, await model.recognize(line.text));
        io.stdout.write(`${options.json ? JSON.stringify(parsed) : readable(parsed)}\n`);
      }
    });
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
    entities: recognition.entities.map(({ entity, value }) => ({ entity, value })),
  };
}

/** `alert.register 0.93  alertId=4711 system=PRD  | ETD alert 4711 on PRD` */
function readable(parsed: ParsedLine): string {
  const entities = parsed.entities.map((e) => `${e.entity}=${e.value}`).join(' ');
  return `${parsed.intent} ${parsed.score.toFixed(2)}${entities ? `  ${entities}` : ''}  | ${parsed.text}`;
}
