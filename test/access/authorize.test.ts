import { loadAccessConfig } from '../../src/access/access-config';
import type { Actor } from '../../src/access/actor';
import { actorFromActivity, foreignTenantOf } from '../../src/access/actor';
import { authorize, createAuthorizer, rolesOf } from '../../src/access/authorize';
import { SIDE_EFFECTS, type SideEffect } from '../../src/access/side-effects';
import { capturedLogger } from './captured-log';

const ROLES_ENV = {
  SOCBOT_ROLES:
    'lead:alice@corp.com,29:1LeadTeamsId;analyst:bob@corp.com,6F1C2D3E-0000-4000-8000-00000000AAAA;basis:team-basis@corp.com;engineer:erin@corp.com',
};

const users: Record<string, Actor> = {
  lead: { id: '29:other', email: 'Alice@Corp.com', name: 'Alice' },
  leadByTeamsId: { id: '29:1LeadTeamsId' },
  analyst: { id: '29:bob', aadObjectId: '6f1c2d3e-0000-4000-8000-00000000aaaa', name: 'Bob' },
  basis: { id: '29:basis', email: 'team-basis@corp.com' },
  engineer: { id: '29:erin', email: 'erin@corp.com' },
  unknown: { id: '29:mallory', aadObjectId: '11111111-2222-4333-8444-555555555555', name: 'Mallory' },
  local: { id: 'console-user', local: true },
};

/** Everything a lead does with an alert's lifecycle. */
const ALERT_WORK: SideEffect[] = [
  'take_alert',
  'assign_alert',
  'note_alert',
  'contain_alert',
  'close_alert',
  'reopen_alert',
  'read_alerts',
  'investigate_alert',
  'enrich_indicator',
  'correct_mail_category',
];

// Every user × every side effect, with the embedded policy (analysts may not block).
const EXPECTED: Record<string, SideEffect[]> = {
  lead: [
    'register_alert',
    'inform_basis',
    'block_terminal',
    'lock_user',
    'acknowledge_basis_notice',
    ...ALERT_WORK,
    // The two-person rule: only a lead approves another person's request.
    'approve_action',
  ],
  leadByTeamsId: [
    'register_alert',
    'inform_basis',
    'block_terminal',
    'lock_user',
    'acknowledge_basis_notice',
    ...ALERT_WORK,
    // The two-person rule: only a lead approves another person's request.
    'approve_action',
  ],
  analyst: [
    'register_alert',
    'inform_basis',
    'take_alert',
    'note_alert',
    'contain_alert',
    'close_alert',
    'read_alerts',
    'investigate_alert',
    'enrich_indicator',
    'correct_mail_category',
  ],
  basis: ['acknowledge_basis_notice'],
  engineer: ['label_review_queue'],
  unknown: [],
  // With roles configured the console user is not special: it must be listed too.
  local: [],
};

describe('authorize with configured roles', () => {
  const access = loadAccessConfig(ROLES_ENV);

  const cases = Object.entries(EXPECTED).flatMap(([user, allowed]) =>
    SIDE_EFFECTS.map((action) => [user, action, allowed.includes(action)] as const),
  );
  it.each(cases)('%s → %s: allowed %s', (user, action, allowed) => {
    expect(authorize(users[user] as Actor, action, access).allowed).toBe(allowed);
  });

  it('lets analysts block and lock when SOCBOT_ANALYSTS_MAY_BLOCK=true', () => {
    const lenient = loadAccessConfig({ ...ROLES_ENV, SOCBOT_ANALYSTS_MAY_BLOCK: 'true' });
    expect(authorize(users.analyst as Actor, 'block_terminal', lenient)).toEqual({
      allowed: true,
      roles: ['analyst'],
    });
    expect(authorize(users.analyst as Actor, 'lock_user', lenient).allowed).toBe(true);
    expect(authorize(users.basis as Actor, 'block_terminal', lenient).allowed).toBe(false);
  });

  it('refuses an unknown user with a reason that says how to get access', () => {
    expect(authorize(users.unknown as Actor, 'register_alert', access)).toEqual({
      allowed: false,
      code: 'UNKNOWN_USER',
      roles: [],
      reason:
        "Registering an alert is not possible for you: you are not in socbot's role configuration. " +
        'Ask a SOC lead to add your e-mail or Entra object id (11111111-2222-4333-8444-555555555555) to SOCBOT_ROLES.',
    });
  });

  it('refuses a known user without the role, naming the roles needed', () => {
    expect(authorize(users.analyst as Actor, 'block_terminal', access)).toEqual({
      allowed: false,
      code: 'ROLE_NOT_PERMITTED',
      roles: ['analyst'],
      reason: 'Blocking a terminal needs the lead role; you are analyst. Ask a SOC lead.',
    });
  });

  it('adds up roles of one person listed under several identities and roles', () => {
    const both = loadAccessConfig({ SOCBOT_ROLES: 'lead:alice@corp.com;engineer:29:alice' });
    expect(rolesOf({ id: '29:alice', email: 'alice@corp.com' }, both)).toEqual(['engineer', 'lead']);
  });

  it('compares Teams ids case-sensitively and e-mails and Entra ids case-insensitively', () => {
    expect(rolesOf({ id: '29:1leadteamsid' }, access)).toEqual([]);
    expect(rolesOf({ id: 'x', email: 'BOB@CORP.COM' }, access)).toEqual(['analyst']);
  });
});

describe('open local mode (no roles configured)', () => {
  const access = loadAccessConfig({});

  it('treats the local console user as analyst and lead', () => {
    const console = actorFromActivity({ channelId: 'console', from: { id: 'user', name: 'You' } });
    expect(rolesOf(console, access)).toEqual(['analyst', 'lead']);
    expect(authorize(console, 'block_terminal', access).allowed).toBe(true);
    expect(authorize(console, 'label_review_queue', access).allowed).toBe(false);
  });

  it('refuses every Teams user, whatever the side effect', () => {
    const teamsUser = actorFromActivity({
      channelId: 'msteams',
      from: { id: '29:1abc', aadObjectId: '6f1c2d3e-0000-4000-8000-00000000aaaa', name: 'Bob' },
    });
    expect(teamsUser.local).toBe(false);
    for (const action of SIDE_EFFECTS) {
      expect(authorize(teamsUser, action, access)).toMatchObject({ allowed: false, code: 'UNKNOWN_USER' });
    }
    const decision = authorize(teamsUser, 'register_alert', access);
    expect(decision.allowed ? '' : decision.reason).toContain('no roles configured yet');
  });

  it('says so in the log, once, as a warning', () => {
    const { logger, lines } = capturedLogger();
    createAuthorizer(access, logger);
    createAuthorizer(loadAccessConfig(ROLES_ENV), logger);
    expect(lines().map((l) => [l.level, String(l.msg).slice(0, 30)])).toEqual([
      [40, 'access: open local mode: no ro'],
      [30, 'access: roles loaded'],
    ]);
  });
});

describe('a Teams user of another tenant than socbot (MicrosoftAppTenantId)', () => {
  const access = loadAccessConfig(ROLES_ENV);
  const OURS = '72f988bf-86f1-41af-91ab-2d7cd011db47';

  it('reads the tenant of a Teams activity and tells a foreign one only when socbot is bound to a tenant', () => {
    const teams = (tenant: Record<string, unknown>) => ({ channelId: 'msteams', ...tenant });
    expect(
      foreignTenantOf(teams({ channelData: { tenant: { id: OURS.toUpperCase() } } }), OURS),
    ).toBeUndefined();
    expect(foreignTenantOf(teams({ conversation: { tenantId: OURS } }), OURS)).toBeUndefined();
    expect(foreignTenantOf(teams({ channelData: { tenant: { id: 'evil-tenant' } } }), OURS)).toBe(
      'evil-tenant',
    );
    expect(
      foreignTenantOf(
        teams({ channelData: { tenant: { id: 'evil-tenant' } }, conversation: { tenantId: OURS } }),
        OURS,
      ),
    ).toBe('evil-tenant');
    expect(foreignTenantOf(teams({}), OURS)).toBe('');
    expect(foreignTenantOf(teams({ channelData: { tenant: { id: 'evil-tenant' } } }), '')).toBeUndefined();
    expect(foreignTenantOf({ channelId: 'webchat', conversation: { tenantId: 'x' } }, OURS)).toBeUndefined();
  });

  it('has no roles, whatever its e-mail or id says, and is refused with the reason', () => {
    const impostor: Actor = { id: '29:1LeadTeamsId', email: 'alice@corp.com', foreignTenant: 'evil-tenant' };
    expect(rolesOf(impostor, access)).toEqual([]);
    const decision = authorize(impostor, 'block_terminal', access);
    expect(decision).toMatchObject({ allowed: false, code: 'UNKNOWN_USER', roles: [] });
    expect(decision.allowed ? '' : decision.reason).toContain(
      "another Microsoft Entra tenant (evil-tenant) than socbot's (MicrosoftAppTenantId)",
    );
  });
});
