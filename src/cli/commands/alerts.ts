import type { Command } from 'commander';
import type { AlertRecord } from '../../store/alert-register';
import { openDataStore } from '../../store/data-store';
import type { CliDeps } from '../cli-deps';
import { columns } from '../format';

interface AlertsOptions {
  json?: boolean;
}

/** The fields of one alert in `socbot alerts --json`. */
export type ListedAlert = Pick<
  AlertRecord,
  | 'ref'
  | 'alertId'
  | 'terminal'
  | 'username'
  | 'system'
  | 'client'
  | 'priority'
  | 'status'
  | 'createdAt'
  | 'createdBy'
  | 'conversationId'
>;

/**
 * `socbot alerts [--json]`: lists the alerts the bot registered (SOCBOT_DATA_DIR), oldest first.
 *
 * @example
 *   socbot alerts --json | jq '.[] | select(.priority == "P1") | .ref'
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('alerts')
    .description('list the registered alerts')
    .option('--json', 'print a JSON array')
    .action(async (options: AlertsOptions) => {
      const { dataDir } = deps.config();
      const register = openDataStore(dataDir).alerts;
      const alerts = (await register.list().finally(() => register.close())).map(listed);
      const { stdout } = deps.io;
      if (options.json) {
        stdout.write(`${JSON.stringify(alerts, null, 2)}\n`);
      } else if (alerts.length === 0) {
        stdout.write(`No alerts registered yet (data directory ${dataDir}).\n`);
      } else {
        const header = ['REF', 'ALERT', 'PRIO', 'SYSTEM', 'USER', 'TERMINAL', 'CREATED', 'BY'];
        const rows = alerts.map((a) => [
          a.ref,
          a.alertId,
          a.priority,
          a.client ? `${a.system}/${a.client}` : a.system,
          a.username,
          a.terminal,
          a.createdAt,
          a.createdBy,
        ]);
        stdout.write(`${columns([header, ...rows], '')}\n`);
      }
    });
}

function listed(alert: AlertRecord): ListedAlert {
  const {
    ref,
    alertId,
    terminal,
    username,
    system,
    client,
    priority,
    status,
    createdAt,
    createdBy,
    conversationId,
  } = alert;
  return {
    ref,
    alertId,
    terminal,
    username,
    system,
    ...(client ? { client } : {}),
    priority,
    status,
    createdAt,
    createdBy,
    conversationId,
  };
}
