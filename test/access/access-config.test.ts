import { loadAccessConfig } from '../../src/access/access-config';

describe('loadAccessConfig', () => {
  it('reads the compact SOCBOT_ROLES string, tolerating spaces and a trailing semicolon', () => {
    const access = loadAccessConfig({
      SOCBOT_ROLES: ' lead: alice@corp.com , 29:1abc ; Analyst:bob@corp.com;',
    });
    expect(Object.fromEntries([...access.assignments].map(([id, roles]) => [id, [...roles]]))).toEqual({
      'alice@corp.com': ['lead'],
      '29:1abc': ['lead'],
      'bob@corp.com': ['analyst'],
    });
    expect(access).toMatchObject({ openLocalMode: false, analystsMayBlock: false });
  });

  it('adds the roles of SOCBOT_ROLES_FILE to those of SOCBOT_ROLES', () => {
    const files: Record<string, string> = {
      '/etc/socbot/roles.json': JSON.stringify({ basis: ['team-basis@corp.com'], lead: ['bob@corp.com'] }),
    };
    const access = loadAccessConfig(
      { SOCBOT_ROLES: 'analyst:bob@corp.com', SOCBOT_ROLES_FILE: '/etc/socbot/roles.json' },
      (file) => files[file] ?? '',
    );
    expect([...(access.assignments.get('bob@corp.com') ?? [])].sort()).toEqual(['analyst', 'lead']);
    expect([...(access.assignments.get('team-basis@corp.com') ?? [])]).toEqual(['basis']);
  });

  it('is in open local mode when no roles are configured at all', () => {
    expect(loadAccessConfig({ SOCBOT_ROLES: '  ' })).toMatchObject({ openLocalMode: true });
  });

  it.each([
    [
      'admin:alice@corp.com',
      'group 1 ("admin:alice@corp.com"): "admin" is not a role',
      'Use one of analyst, lead, basis, engineer',
    ],
    [
      'lead:alice@corp.com;bob@corp.com',
      'group 2 ("bob@corp.com") has no "role:" in front',
      'Write each group as role:identity',
    ],
    ['lead:alice@corp.com,', 'an identity is empty', 'without a trailing comma'],
    ['lead:alice smith@corp.com', 'must not contain spaces', 'separated by commas'],
  ])('rejects SOCBOT_ROLES=%j with CONFIG_INVALID naming the problem', (value, problem, fix) => {
    expect(() => loadAccessConfig({ SOCBOT_ROLES: value })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining(problem) }),
    );
    expect(() => loadAccessConfig({ SOCBOT_ROLES: value })).toThrow(fix);
  });

  it.each([
    ['{"lead": ["alice@corp.com"], "admin": ["x"]}', 'Unrecognized key'],
    ['{"lead": "alice@corp.com"}', 'lead:'],
    ['{"lead": ["alice@corp.com",]}', 'is not valid JSON'],
    ['["lead"]', '(top level)'],
  ])('rejects the roles file %s with CONFIG_INVALID', (content, problem) => {
    expect(() => loadAccessConfig({ SOCBOT_ROLES_FILE: 'roles.json' }, () => content)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining(problem),
      }),
    );
  });

  it('names a roles file it cannot read', () => {
    expect(() => loadAccessConfig({ SOCBOT_ROLES_FILE: '/nowhere/roles.json' })).toThrow(
      'SOCBOT_ROLES_FILE=/nowhere/roles.json cannot be read (ENOENT). Create the file, fix the path, or unset SOCBOT_ROLES_FILE.',
    );
  });

  it.each([
    ['true', true],
    ['1', true],
    ['FALSE', false],
    ['', false],
  ])('reads SOCBOT_ANALYSTS_MAY_BLOCK=%j as %s', (value, expected) => {
    expect(loadAccessConfig({ SOCBOT_ANALYSTS_MAY_BLOCK: value }).analystsMayBlock).toBe(expected);
  });

  it('rejects a SOCBOT_ANALYSTS_MAY_BLOCK that is not a boolean', () => {
    expect(() => loadAccessConfig({ SOCBOT_ANALYSTS_MAY_BLOCK: 'yes please' })).toThrow(
      'Set SOCBOT_ANALYSTS_MAY_BLOCK to true or false.',
    );
  });
});
