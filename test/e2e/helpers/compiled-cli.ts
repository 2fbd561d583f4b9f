import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** The launcher users run (`npx socbot …`); it loads the compiled CLI from dist/. */
export const SOCBOT_BIN = path.join(ROOT, 'bin', 'socbot.js');

/**
 * Makes sure dist/ holds the current source before a test spawns the real CLI: CI builds on
 * `npm ci` (prepare), so this is a no-op there; after local edits it runs `npm run build` once.
 */
export function ensureCompiledCli(): void {
  const entry = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
  const builtAt = safeMtime(entry);
  const newest = Math.max(newestSource(path.join(ROOT, 'src')), newestSource(path.join(ROOT, 'skills')));
  if (builtAt !== undefined && newest <= builtAt) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function safeMtime(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
