import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SocbotError } from '../../errors';

/** The instruction file every alert falls back to. */
export const DEFAULT_INSTRUCTION_FILE = 'default.md';
/** Largest instruction file: it is sent with every triage and counts against the model's context. */
export const MAX_INSTRUCTION_BYTES = 16 * 1024;
/** A log type folder or a pattern file's name (without `.md`): lower-case words joined by dashes. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The default folder: `triage/instructions/` at the package root, next to `corpus/`, whether this
 * runs from the sources (`src/integrations/triage`) or compiled (`dist/src/integrations/triage`).
 */
export function defaultInstructionsDir(): string {
  const fromSources = path.resolve(__dirname, '..', '..', '..', 'triage', 'instructions');
  const fromDist = path.resolve(__dirname, '..', '..', '..', '..', 'triage', 'instructions');
  return existsSync(fromSources) ? fromSources : fromDist;
}

/** The instruction files, read and checked once at start. */
export interface TriageInstructions {
  /**
   * The most specific file for an alert: `<logtype>/<pattern>.md`, else `<logtype>/default.md`,
   * else `default.md`; `file` is relative to the folder, e.g. `sap-etd/debugging-in-production.md`.
   */
  forAlert(alert: { source?: string; title?: string }): { file: string; text: string };
  /** Every file, relative to the folder. */
  files(): string[];
}

/**
 * Lower-case words joined by dashes, as instruction files are named.
 *
 * @example
 *   slugOf('Debugging in Production'); // 'debugging-in-production'
 *   slugOf('SAP ETD');                 // 'sap-etd'
 */
export function slugOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}

/**
 * Reads and checks the instruction folder: `default.md` present, every file a non-empty `.md` file
 * under MAX_INSTRUCTION_BYTES, named by slug, at most one folder (the log type) deep. Any problem
 * is CONFIG_INVALID naming the file and how to fix it, so a broken file stops start-up instead of
 * sending a model half an instruction.
 *
 * @example
 *   const instructions = await loadTriageInstructions('triage/instructions');
 *   instructions.forAlert({ source: 'sap-etd', title: 'Debugging in production' }).file;
 *   // 'sap-etd/debugging-in-production.md' when it exists, else 'sap-etd/default.md' or 'default.md'
 */
export async function loadTriageInstructions(
  dir: string = defaultInstructionsDir(),
): Promise<TriageInstructions> {
  const texts = new Map<string, string>();
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    throw invalid(
      dir,
      `the triage instruction folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); create it with a ${DEFAULT_INSTRUCTION_FILE}, or unset LLM_BASE_URL to switch AI triage off`,
    );
  });
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!SLUG.test(entry.name))
        throw invalid(
          path.join(dir, entry.name),
          'a log type folder must be named in lower-case words joined by dashes, e.g. sap-etd',
        );
      const inner = await readdir(path.join(dir, entry.name), { withFileTypes: true });
      for (const file of inner) await addFile(dir, `${entry.name}/${file.name}`, file.isFile(), texts);
    } else {
      await addFile(dir, entry.name, entry.isFile(), texts);
    }
  }
  if (!texts.has(DEFAULT_INSTRUCTION_FILE)) {
    throw invalid(
      path.join(dir, DEFAULT_INSTRUCTION_FILE),
      'the default instruction file is missing; every alert without a more specific file uses it',
    );
  }
  return {
    forAlert(alert) {
      const logType = slugOf(alert.source ?? '');
      const pattern = slugOf(alert.title ?? '');
      const candidates = [
        ...(logType && pattern ? [`${logType}/${pattern}.md`] : []),
        ...(logType ? [`${logType}/${DEFAULT_INSTRUCTION_FILE}`] : []),
        DEFAULT_INSTRUCTION_FILE,
      ];
      const file = candidates.find((candidate) => texts.has(candidate)) ?? DEFAULT_INSTRUCTION_FILE;
      return { file, text: texts.get(file) ?? '' };
    },
    files: () => [...texts.keys()].sort(),
  };
}

async function addFile(
  dir: string,
  relative: string,
  isFile: boolean,
  texts: Map<string, string>,
): Promise<void> {
  const full = path.join(dir, relative);
  const name = path.basename(relative);
  // A README next to the instructions is for people, not for the model.
  if (name === 'README.md') return;
  if (!isFile) throw invalid(full, 'only one folder level (the log type) is read; move the file up');
  if (!name.endsWith('.md') || !SLUG.test(name.slice(0, -3))) {
    throw invalid(
      full,
      'instruction files are named <pattern-slug>.md in lower-case words joined by dashes, e.g. debugging-in-production.md',
    );
  }
  const size = (await stat(full)).size;
  if (size > MAX_INSTRUCTION_BYTES) {
    throw invalid(
      full,
      `the file is ${size} bytes; keep it under ${MAX_INSTRUCTION_BYTES} (it is sent with every triage)`,
    );
  }
  const text = (await readFile(full, 'utf8')).trim();
  if (text === '')
    throw invalid(full, 'the file is empty; write the triage instructions into it or delete it');
  texts.set(relative, text);
}

function invalid(file: string, problem: string): SocbotError {
  return new SocbotError('CONFIG_INVALID', `Triage instruction file ${file}: ${problem}.`, {
    file,
    problems: [`${file}: ${problem}`],
  });
}
