/** Small text formatters shared by the commands' human-readable output. */

/** 0.9173 → "91.7 %"; null → "n/a" plus why. */
export function percent(value: number | null, whyMissing = ''): string {
  if (value === null) return whyMissing ? `n/a (${whyMissing})` : 'n/a';
  return `${(value * 100).toFixed(1)} %`;
}

/** 1234 ms → "1.2 s"; below a second in ms. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Rows of cells as left-aligned columns separated by two spaces, each line indented. */
export function columns(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map(
      (row) =>
        indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n');
}
