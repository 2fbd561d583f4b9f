import { SocbotError } from '../errors';

/** The side effects a policy may put under the two-person rule: the ones that stop people working. */
export const APPROVABLE_ACTIONS = ['block_terminal', 'lock_user'] as const;

/** One of APPROVABLE_ACTIONS. */
export type ApprovableAction = (typeof APPROVABLE_ACTIONS)[number];

/**
 * When an action needs a SOC lead's approval, and how long a request waits for one.
 *
 * - `required`: per action, the SAP systems (SIDs, upper case) on which it always needs an
 *   approval, or `'*'` for every system (SOCBOT_APPROVAL_REQUIRED). Listed actions need a second
 *   person even when the requester may act alone: an analyst with SOCBOT_ANALYSTS_MAY_BLOCK, and a
 *   lead too (the requester never approves their own request).
 * - `ttlMinutes`: how long a request can be approved (SOCBOT_APPROVAL_TTL_MINUTES, default 60);
 *   after that it never acts.
 */
export interface ApprovalPolicy {
  readonly required: ReadonlyMap<ApprovableAction, ReadonlySet<string> | '*'>;
  readonly ttlMinutes: number;
}

/** The default: nothing listed, an hour to decide. */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = { required: new Map(), ttlMinutes: 60 };

const TTL_RANGE = 'must be a whole number of minutes from 1 to 10080 (a week; default 60)';
const SID = /^[A-Z][A-Z0-9]{2}$/;

/**
 * Reads SOCBOT_APPROVAL_REQUIRED (`action:SID,SID;action:*`) and SOCBOT_APPROVAL_TTL_MINUTES.
 * Throws CONFIG_INVALID naming the variable, the bad part and the fix; `details.problems` lets
 * `loadConfig` report it with the other sections' problems.
 *
 * @example
 *   const policy = loadApprovalPolicy({ SOCBOT_APPROVAL_REQUIRED: 'block_terminal:PRD,QAS;lock_user:*' });
 *   approvalRequired(policy, 'block_terminal', 'PRD/100'); // true
 *   approvalRequired(policy, 'block_terminal', 'DEV');     // false
 */
export function loadApprovalPolicy(env: NodeJS.ProcessEnv): ApprovalPolicy {
  return {
    required: parseRequired(env.SOCBOT_APPROVAL_REQUIRED?.trim() ?? ''),
    ttlMinutes: parseTtl(env.SOCBOT_APPROVAL_TTL_MINUTES),
  };
}

/**
 * True when the policy lists `action` for `system` (a SID, optionally with a client: `PRD/100`).
 * An unknown or empty system counts as listed when any system is: a block whose system nobody
 * named must not slip past a production rule.
 */
export function approvalRequired(policy: ApprovalPolicy, action: ApprovableAction, system: string): boolean {
  const systems = policy.required.get(action);
  if (systems === undefined) return false;
  if (systems === '*') return true;
  const sid = /^([A-Za-z][A-Za-z0-9]{2})\b/.exec(system.trim())?.[1]?.toUpperCase();
  return sid === undefined || systems.has(sid);
}

/**
 * The policy as SOCBOT_APPROVAL_REQUIRED writes it, for logs and docs.
 *
 * @example
 *   describeApprovalPolicy(policy); // 'block_terminal on PRD, QAS; lock_user on every system'
 */
export function describeApprovalPolicy(policy: ApprovalPolicy): string {
  if (policy.required.size === 0) return 'none';
  return [...policy.required]
    .map(([action, systems]) =>
      systems === '*' ? `${action} on every system` : `${action} on ${[...systems].join(', ')}`,
    )
    .join('; ');
}

function parseRequired(value: string): Map<ApprovableAction, ReadonlySet<string> | '*'> {
  const required = new Map<ApprovableAction, ReadonlySet<string> | '*'>();
  for (const [index, raw] of value.split(';').entries()) {
    const group = raw.trim();
    if (group === '') continue;
    const where = `SOCBOT_APPROVAL_REQUIRED group ${index + 1} ("${group}")`;
    const colon = group.indexOf(':');
    if (colon < 0) {
      throw configInvalid(
        `${where} has no "action:" in front`,
        'Write each group as action:SID,SID or action:*, groups separated by ";", e.g. block_terminal:PRD,QAS;lock_user:*.',
      );
    }
    const action = group.slice(0, colon).trim().toLowerCase();
    if (!isApprovable(action)) {
      throw configInvalid(
        `${where}: "${group.slice(0, colon).trim()}" is not an action that can need approval`,
        `Use one of ${APPROVABLE_ACTIONS.join(', ')}.`,
      );
    }
    if (required.has(action)) {
      throw configInvalid(
        `${where}: ${action} is listed twice`,
        'List each action once, with all its systems.',
      );
    }
    const systems = group
      .slice(colon + 1)
      .split(',')
      .map((system) => system.trim().toUpperCase());
    if (systems.length === 1 && systems[0] === '*') {
      required.set(action, '*');
      continue;
    }
    const bad = systems.find((system) => !SID.test(system));
    if (bad !== undefined) {
      throw configInvalid(
        `${where}: "${bad}" is not an SAP system ID`,
        'List SIDs of three letters or digits starting with a letter (PRD, QAS), separated by commas, or * alone for every system.',
      );
    }
    required.set(action, new Set(systems));
  }
  return required;
}

function parseTtl(value: string | undefined): number {
  const text = value?.trim() ?? '';
  if (text === '') return DEFAULT_APPROVAL_POLICY.ttlMinutes;
  const minutes = Number(text);
  if (!/^\d+$/.test(text) || minutes < 1 || minutes > 10_080) {
    throw configInvalid(`SOCBOT_APPROVAL_TTL_MINUTES=${text} ${TTL_RANGE}`, 'Set it to, e.g., 60.');
  }
  return minutes;
}

function isApprovable(action: string): action is ApprovableAction {
  return (APPROVABLE_ACTIONS as readonly string[]).includes(action);
}

function configInvalid(problem: string, fix: string): SocbotError {
  return new SocbotError('CONFIG_INVALID', `Invalid approval policy: ${problem}. ${fix}`, {
    problems: [`${problem}; ${fix.charAt(0).toLowerCase()}${fix.slice(1).replace(/\.$/, '')}`],
  });
}
