import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SocbotError } from '../errors';
import { DEFAULT_APPROVAL_POLICY, loadApprovalPolicy, type ApprovalPolicy } from './approval-policy';
import { ROLES, type Role } from './roles';

/**
 * Who has which roles, and the switches of the access policy.
 *
 * - `assignments`: normalized identity (e-mail, Entra object id or channel user id) → roles;
 * - `openLocalMode`: no roles are configured at all: the local console/Web Chat user acts as
 *   analyst + lead (so `socbot chat` works out of the box) and every other user is unknown;
 * - `analystsMayBlock`: SOCBOT_ANALYSTS_MAY_BLOCK=true lets analysts block and lock (default: leads only);
 * - `approvals`: which actions need a lead's approval on which systems, and for how long a request
 *   waits (SOCBOT_APPROVAL_REQUIRED, SOCBOT_APPROVAL_TTL_MINUTES; approval-policy.ts).
 */
export interface AccessConfig {
  readonly assignments: ReadonlyMap<string, ReadonlySet<Role>>;
  readonly openLocalMode: boolean;
  readonly analystsMayBlock: boolean;
  readonly approvals: ApprovalPolicy;
}

/** One identity in the configuration: no spaces or commas (e-mail, GUID, `29:…` id). */
const IdentitySchema = z
  .string()
  .trim()
  .min(1, 'an identity is empty')
  .regex(/^[^\s,;]+$/, 'an identity must not contain spaces, commas or semicolons');

const IdentityList = z.array(IdentitySchema).optional();

/** SOCBOT_ROLES_FILE: `{ "lead": ["alice@corp.com"], "analyst": [...] }`, roles as keys; other keys are mistakes. */
const RolesFileSchema = z.strictObject({
  analyst: IdentityList,
  lead: IdentityList,
  basis: IdentityList,
  engineer: IdentityList,
});

/**
 * Reads SOCBOT_ROLES, SOCBOT_ROLES_FILE, SOCBOT_ANALYSTS_MAY_BLOCK and the approval policy. Both role sources may be set;
 * their assignments add up. Throws CONFIG_INVALID naming the variable, the bad part and the fix.
 * `loadConfig` calls it once, as the `access` section of the configuration.
 *
 * SOCBOT_ROLES is `role:identity,identity;role:identity`, for example
 * `lead:alice@corp.com,29:1abc;analyst:bob@corp.com;basis:team-basis@corp.com`.
 *
 * @example
 *   const access = loadAccessConfig({ SOCBOT_ROLES: 'lead:alice@corp.com' });
 *   access.openLocalMode; // false
 */
export function loadAccessConfig(
  env: NodeJS.ProcessEnv,
  readFile: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): AccessConfig {
  const pairs: Array<[Role, string]> = [];
  const compact = env.SOCBOT_ROLES?.trim() ?? '';
  if (compact !== '') pairs.push(...parseCompactRoles(compact));
  const file = env.SOCBOT_ROLES_FILE?.trim() ?? '';
  if (file !== '') pairs.push(...parseRolesFile(file, readFile));
  return {
    assignments: assign(pairs),
    openLocalMode: compact === '' && file === '',
    analystsMayBlock: parseFlag('SOCBOT_ANALYSTS_MAY_BLOCK', env.SOCBOT_ANALYSTS_MAY_BLOCK),
    approvals: loadApprovalPolicy(env),
  };
}

/**
 * An access configuration from roles written out, as SOCBOT_ROLES_FILE holds them; no roles at all
 * is open local mode. For code that builds a configuration without an environment (tests).
 *
 * @example
 *   accessConfigOf({ lead: ['alice@corp.com'] }).assignments.get('alice@corp.com'); // Set { 'lead' }
 */
export function accessConfigOf(
  roles: Partial<Record<Role, readonly string[]>>,
  options: { analystsMayBlock?: boolean; approvals?: ApprovalPolicy } = {},
): AccessConfig {
  const pairs = ROLES.flatMap((role) =>
    (roles[role] ?? []).map((identity): [Role, string] => [role, identity]),
  );
  return {
    assignments: assign(pairs),
    openLocalMode: pairs.length === 0,
    analystsMayBlock: options.analystsMayBlock ?? false,
    approvals: options.approvals ?? DEFAULT_APPROVAL_POLICY,
  };
}

function assign(pairs: ReadonlyArray<[Role, string]>): Map<string, Set<Role>> {
  const assignments = new Map<string, Set<Role>>();
  for (const [role, identity] of pairs) {
    const key = normalizeIdentity(identity);
    const roles = assignments.get(key) ?? new Set<Role>();
    roles.add(role);
    assignments.set(key, roles);
  }
  return assignments;
}

/**
 * The form identities are compared in: e-mails and Entra object ids (GUIDs) are case-insensitive,
 * channel ids such as Teams' `29:…` are not.
 */
export function normalizeIdentity(identity: string): string {
  const trimmed = identity.trim();
  const caseInsensitive =
    trimmed.includes('@') || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trimmed);
  return caseInsensitive ? trimmed.toLowerCase() : trimmed;
}

function parseCompactRoles(value: string): Array<[Role, string]> {
  const pairs: Array<[Role, string]> = [];
  const groups = value.split(';').map((group) => group.trim());
  for (const [index, group] of groups.entries()) {
    if (group === '') continue;
    const where = `SOCBOT_ROLES group ${index + 1} ("${group}")`;
    const colon = group.indexOf(':');
    if (colon < 0) {
      throw configInvalid(
        `${where} has no "role:" in front`,
        'Write each group as role:identity,identity, groups separated by ";".',
      );
    }
    const role = z.enum(ROLES).safeParse(group.slice(0, colon).trim().toLowerCase());
    if (!role.success) {
      throw configInvalid(
        `${where}: "${group.slice(0, colon).trim()}" is not a role`,
        `Use one of ${ROLES.join(', ')}.`,
      );
    }
    const identities = group.slice(colon + 1).split(',');
    for (const identity of identities) {
      const parsed = IdentitySchema.safeParse(identity);
      if (!parsed.success) {
        throw configInvalid(
          `${where}: ${parsed.error.issues[0]?.message ?? 'a bad identity'}`,
          'List e-mails, Entra object ids or Teams user ids separated by commas, without a trailing comma.',
        );
      }
      pairs.push([role.data, parsed.data]);
    }
  }
  return pairs;
}

function parseRolesFile(file: string, readFile: (file: string) => string): Array<[Role, string]> {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    throw configInvalid(
      `SOCBOT_ROLES_FILE=${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      'Create the file, fix the path, or unset SOCBOT_ROLES_FILE.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw configInvalid(
      `SOCBOT_ROLES_FILE=${file} is not valid JSON (${(error as Error).message})`,
      'Fix the file: it is an object with roles as keys and arrays of identities as values, e.g. {"lead": ["alice@corp.com"]}.',
    );
  }
  const parsed = RolesFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
    throw configInvalid(
      `SOCBOT_ROLES_FILE=${file} is not a role list (${problems.join('; ')})`,
      `Use only the keys ${ROLES.join(', ')}, each with an array of identities, e.g. {"lead": ["alice@corp.com"]}.`,
    );
  }
  const pairs: Array<[Role, string]> = [];
  for (const role of ROLES) {
    for (const identity of parsed.data[role] ?? []) pairs.push([role, identity]);
  }
  return pairs;
}

function parseFlag(name: string, value: string | undefined): boolean {
  const normalized = value?.trim().toLowerCase() ?? '';
  if (normalized === '' || normalized === 'false' || normalized === '0') return false;
  if (normalized === 'true' || normalized === '1') return true;
  throw configInvalid(`${name}=${value ?? ''} is not a boolean`, `Set ${name} to true or false.`);
}

function configInvalid(problem: string, fix: string): SocbotError {
  // The fix goes with the problem: `loadConfig` reports the problems of every section together.
  return new SocbotError('CONFIG_INVALID', `Invalid role configuration: ${problem}. ${fix}`, {
    problems: [`${problem}; ${fix.charAt(0).toLowerCase()}${fix.slice(1).replace(/\.$/, '')}`],
  });
}
