import { z } from 'zod';
import { configInvalid, problemsOf } from '../config/config-problems';

/** How long a P1/P2 alert may stay unacknowledged before the next tier is told, when unset. */
export const DEFAULT_ESCALATE_AFTER_MINUTES = 15;

const AFTER_ADVICE =
  'must be a number of minutes from 0.01 to 1440 (a day), e.g. 15 (the default); fractions are allowed (0.5 = 30 s)';

/** A comma list of names, upper-cased (SAP SIDs and user names are case-insensitive), empty entries dropped. */
const upperCaseList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((part) => part.trim().toUpperCase())
      .filter((part) => part.length > 0),
  );

const SettingsSchema = z.object({
  SOCBOT_ESCALATE_AFTER_MINUTES: z.coerce
    .number({ error: AFTER_ADVICE })
    .min(0.01, AFTER_ADVICE)
    .max(1440, AFTER_ADVICE)
    .default(DEFAULT_ESCALATE_AFTER_MINUTES),
  SOCBOT_CRITICAL_SYSTEMS: upperCaseList,
  SOCBOT_VIP_USERS: upperCaseList,
});

/** The escalation policy's settings (the `escalation` section of the configuration; docs/escalation.md). */
export interface EscalationSettings {
  /** SOCBOT_ESCALATE_AFTER_MINUTES, in ms: an unacknowledged P1/P2 reaches the next tier after this. */
  readonly escalateAfterMs: number;
  /** SOCBOT_CRITICAL_SYSTEMS: SAP SIDs (upper case) whose alerts are at least P2. */
  readonly criticalSystems: readonly string[];
  /** SOCBOT_VIP_USERS: SAP users (upper case) whose alerts are at least P2. */
  readonly vipUsers: readonly string[];
}

/**
 * Reads the escalation settings; throws CONFIG_INVALID naming each bad variable.
 *
 * @example
 *   loadEscalationSettings({ SOCBOT_CRITICAL_SYSTEMS: 'prd, PRX' }).criticalSystems; // ['PRD', 'PRX']
 */
export function loadEscalationSettings(env: NodeJS.ProcessEnv): EscalationSettings {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) throw configInvalid('escalation settings', problemsOf(parsed.error));
  return {
    escalateAfterMs: Math.round(parsed.data.SOCBOT_ESCALATE_AFTER_MINUTES * 60_000),
    criticalSystems: parsed.data.SOCBOT_CRITICAL_SYSTEMS,
    vipUsers: parsed.data.SOCBOT_VIP_USERS,
  };
}
