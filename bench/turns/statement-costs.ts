import type { StatementCost } from './bench-postgres';

/** How many statements the report lists per mode: the rest cost little. */
const LISTED = 14;
const STATEMENT_WIDTH = 90;

/**
 * Where PostgreSQL's time per turn went in one mode (`--pg-statements`), as a Markdown table: per
 * statement, how often a turn runs it, what planning and running it cost per call (mean, µs) and per
 * turn. Statements inside functions are listed too, marked "inner": their time is also counted in
 * their function's, so only the top-level lines add up. Times are the server's clock, so a statement
 * that waits for a row lock shows its wait, which is not CPU. `CALL socbot_turn_end` (a turn that
 * finished confirmed actions, ~0.2 per turn) is missing: pg_stat_statements counts a prepared CALL
 * once per session when the session plans generically, as the turn-lock pool does. The statements
 * inside it are listed.
 */
export function formatStatementCosts(mode: string, costs: readonly StatementCost[], turns: number): string {
  const perCall = (ms: number, calls: number) => (calls > 0 ? ((ms * 1000) / calls).toFixed(0) : '–');
  const perTurn = (value: number) => (value / turns).toFixed(2);
  const topLevel = costs.filter((cost) => cost.topLevel);
  const topLevelMicros = topLevel.reduce((sum, cost) => sum + (cost.planMs + cost.execMs) * 1000, 0);
  const topLevelCalls = topLevel.reduce((sum, cost) => sum + cost.calls, 0);
  return [
    `${mode}: ${perTurn(topLevelCalls)} statements per turn, planned and run in ${(topLevelMicros / turns).toFixed(0)} µs per turn (pg_stat_statements: the server's clock, lock waits included; not in it: the protocol, commits, PostgreSQL's own processes, CALL socbot_turn_end)`,
    '',
    '| statement | level | calls/turn | plans/turn | plan µs/call | run µs/call | µs/turn |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...costs
      .slice(0, LISTED)
      .map(
        (cost) =>
          `| \`${shorten(cost.statement)}\` | ${cost.topLevel ? 'top' : 'inner'} | ${perTurn(cost.calls)} | ${perTurn(cost.plans)} | ${perCall(cost.planMs, cost.plans)} | ${perCall(cost.execMs, cost.calls)} | ${((1000 * (cost.planMs + cost.execMs)) / turns).toFixed(0)} |`,
      ),
  ].join('\n');
}

function shorten(statement: string): string {
  const oneLine = statement.replace(/\|/g, '\\|');
  return oneLine.length > STATEMENT_WIDTH ? `${oneLine.slice(0, STATEMENT_WIDTH - 1)}…` : oneLine;
}
