import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The numeric fields of a Linux stat file (`/proc/<pid>/stat`, `/proc/<pid>/task/<tid>/stat`) after
 * the command name, i.e. field 3 on (utime and stime, in clock ticks, are fields 14 and 15: indexes
 * 11 and 12 here), or undefined when it cannot be read (the process is gone, not Linux).
 */
export function procStatFields(statPath: string): number[] | undefined {
  try {
    const text = readFileSync(statPath, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    return text
      .slice(text.lastIndexOf(')') + 2)
      .split(' ')
      .map((field) => Number(field));
  } catch {
    return undefined;
  }
}

/** The clock ticks per second that stat files count CPU time in (CLK_TCK; 100 if unknown). */
export function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
