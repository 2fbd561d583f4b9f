import type { CorpusIssue } from './types';

/** At most this many issues go into an error message; `details.issues` always has all of them. */
const MAX_LISTED_ISSUES = 50;

/**
 * One line per issue, "file, intent "x", utterance "y": what is wrong", for error messages.
 *
 * @example
 *   formatIssues('The corpus has 1 problem', [{ file: 'a.json', intent: 'alert', utterance: '', message: 'empty' }])
 */
export function formatIssues(headline: string, issues: readonly CorpusIssue[]): string {
  const lines = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `  - ${describeIssue(issue)}`);
  if (issues.length > MAX_LISTED_ISSUES) lines.push(`  … and ${issues.length - MAX_LISTED_ISSUES} more`);
  return `${headline}:\n${lines.join('\n')}`;
}

/** "file, intent "x", utterance "y": message" for one issue. */
export function describeIssue(issue: CorpusIssue): string {
  const where = [issue.file];
  if (issue.intent !== undefined) where.push(`intent "${issue.intent}"`);
  if (issue.utterance !== undefined) where.push(`utterance "${issue.utterance}"`);
  return `${where.join(', ')}: ${issue.message}`;
}
