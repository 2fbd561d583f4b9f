import type { RegisterCursor } from './alert-store';

/**
 * A `readOn` cursor read back as the position a register wrote into it (JSON): undefined for none,
 * or for text that is no such position (another register's, or not JSON at all), so the register
 * reads from the start.
 *
 * @example
 *   const from = positionIn(cursor, isIndexPosition); // undefined: read everything
 */
export function positionIn<T>(
  cursor: RegisterCursor | undefined,
  isPosition: (value: unknown) => value is T,
): T | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(cursor);
  } catch {
    return undefined;
  }
  return isPosition(value) ? value : undefined;
}
