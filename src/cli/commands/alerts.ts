import type { Command } from 'commander';
import type { AlertClassification, AlertLead, AlertStatus } from '../../store/alert-change';
import { mailHistories, type MailHistory } from '../../mail/report/mail-history';
import type { AlertView } from '../../store/alert-register';
import { logsOf } from '../../store/backend-documents';
import { openDataStore } from '../../store/data-store';
import { MailLog } from '../../store/mail-log';
import type { StoredTriage } from '../../store/triage-log';
import type { CliDeps } from '../cli-deps';
import { columns } from '../format';
import { whereStored, withStoreBackend } from '../with-store-backend';

interface AlertsOptions {
  json?: boolean;
}

/**
 * The fields of one alert in `socbot alerts --json`. Every field is present: `classification`,
 * `lead` (`{ id, name }`), `title`, `description`, `ip` are null while unknown (a SIEM's text only for alerts from
 * `POST /api/alerts`), `triage` and `mail` null when there is none, so a script can rely on the shape.
 */
export interface ListedAlert {
  ref: string;
  alertId: string;
  system: string;
  client?: string;
  terminal: string;
  username: string;
  priority: string;
  status: AlertStatus;
  classification: AlertClassification | null;
  /** Who leads it: identity (null for a lead recorded by name only, before identities) and name. */
  lead: AlertLead | null;
  title: string | null;
  description: string | null;
  ip: string | null;
  createdAt: string;
  createdBy: string;
  conversationId: string;
  /** Time of the last lifecycle change; null for an alert never changed. */
  updatedAt: string | null;
  /** The latest AI triage (src/integrations/triage/), null when the alert was never triaged. */
  triage: ListedTriage | null;
  /** For an alert from the SOC mailbox, its mail's category (src/mail/); null for any other alert. */
  mail: ListedMail | null;
}

/** The category of the mail an alert came from, as the mail log tells it. */
export interface ListedMail {
  /** What it is now: the latest correction, else what the cascade predicted. */
  category: string;
  /** What the cascade predicted when the mail came in. */
  predicted: string;
  /** Whether an analyst's correction changed it (a mail corrected back counts as not corrected). */
  corrected: boolean;
}

/** An alert's AI triage in `socbot alerts --json`: the model's answer, which model, and when. */
export interface ListedTriage {
  summary: string;
  recommendation: StoredTriage['recommendation'];
  reason: string;
  /** The model's classification, in socbot's terms. */
  classification: AlertClassification;
  severity: number;
  confidence: number;
  artifacts: string[];
  model: string;
  at: string;
}

/**
 * `socbot alerts [--json]`: lists the alerts the bot registered (SOCBOT_DATA_DIR, or the database
 * SOCBOT_DATABASE_URL names), oldest first, as they stand now (status, lead, classification).
 *
 * @example
 *   socbot alerts --json | jq '.[] | select(.priority == "P1" and .status != "closed") | .ref'
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('alerts')
    .description('list the registered alerts with their status, lead and classification')
    .option('--json', 'print a JSON array')
    .action(async (options: AlertsOptions) => {
      const config = deps.config();
      // With SOCBOT_DATABASE_URL the register and the triage and mail logs are the ones every replica shares.
      const { views, history, mailLog, where } = await withStoreBackend(config, async (backend) => {
        const logs = logsOf(backend);
        const store = openDataStore(config.dataDir, undefined, { backend, logs });
        const register = store.alerts;
        const [views, history, mailLog] = await Promise.all([
          register.views(),
          store.triage.read(),
          new MailLog(logs).read(),
        ]).finally(() => register.close());
        return { views, history, mailLog, where: whereStored(backend) };
      });
      const triages = new Map(history.triages.map((triage) => [triage.ref, triage]));
      const mails = new Map(
        mailHistories(mailLog.entries).flatMap((mail) =>
          mail.prediction.ref ? [[mail.prediction.ref, mail]] : [],
        ),
      );
      const alerts = views.map((view) => listed(view, triages.get(view.ref), mails.get(view.ref)));
      const { stdout } = deps.io;
      if (options.json) {
        stdout.write(`${JSON.stringify(alerts, null, 2)}\n`);
      } else if (alerts.length === 0) {
        stdout.write(`No alerts registered yet (${where}).\n`);
      } else {
        const header = [
          'REF',
          'ALERT',
          'PRIO',
          'STATUS',
          'LEAD',
          'SYSTEM',
          'USER',
          'TERMINAL',
          'CREATED',
          'TITLE',
        ];
        const rows = alerts.map((a) => [
          a.ref,
          a.alertId,
          a.priority,
          a.classification ? `${a.status} (${a.classification})` : a.status,
          a.lead?.name ?? '-',
          a.client ? `${a.system}/${a.client}` : a.system,
          a.username,
          a.terminal,
          a.createdAt,
          a.title ?? '',
        ]);
        stdout.write(`${columns([header, ...rows], '')}\n`);
      }
    });
}

function listed(
  alert: AlertView,
  triage: StoredTriage | undefined,
  mail: MailHistory | undefined,
): ListedAlert {
  return {
    ref: alert.ref,
    alertId: alert.alertId,
    system: alert.system,
    ...(alert.client ? { client: alert.client } : {}),
    terminal: alert.terminal,
    username: alert.username,
    priority: alert.priority,
    status: alert.status,
    classification: alert.classification,
    lead: alert.lead,
    title: alert.title ?? null,
    description: alert.description ?? null,
    ip: alert.ip ?? null,
    createdAt: alert.createdAt,
    createdBy: alert.createdBy,
    conversationId: alert.conversationId,
    updatedAt: alert.updatedAt,
    triage: triage ? listedTriage(triage) : null,
    mail: mail
      ? { category: mail.finalCategory, predicted: mail.prediction.category, corrected: mail.corrected }
      : null,
  };
}

function listedTriage(triage: StoredTriage): ListedTriage {
  const { summary, recommendation, reason, classification, severity, confidence, artifacts, model, at } =
    triage;
  return { summary, recommendation, reason, classification, severity, confidence, artifacts, model, at };
}
