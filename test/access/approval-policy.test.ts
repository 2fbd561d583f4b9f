import {
  approvalRequired,
  describeApprovalPolicy,
  loadApprovalPolicy,
} from '../../src/access/approval-policy';
import { loadConfig } from '../../src/config';
import { SocbotError } from '../../src/errors';

describe('SOCBOT_APPROVAL_REQUIRED and SOCBOT_APPROVAL_TTL_MINUTES', () => {
  it('lists actions per system, or for every system with *', () => {
    const policy = loadApprovalPolicy({
      SOCBOT_APPROVAL_REQUIRED: ' block_terminal: prd, QAS ; lock_user:*',
    });
    expect(describeApprovalPolicy(policy)).toBe('block_terminal on PRD, QAS; lock_user on every system');
    expect(approvalRequired(policy, 'block_terminal', 'PRD')).toBe(true);
    expect(approvalRequired(policy, 'block_terminal', 'PRD/100')).toBe(true);
    expect(approvalRequired(policy, 'block_terminal', 'qas')).toBe(true);
    expect(approvalRequired(policy, 'block_terminal', 'DEV')).toBe(false);
    expect(approvalRequired(policy, 'lock_user', 'DEV')).toBe(true);
    expect(policy.ttlMinutes).toBe(60);
  });

  it('needs nothing by default', () => {
    const policy = loadApprovalPolicy({});
    expect(describeApprovalPolicy(policy)).toBe('none');
    expect(approvalRequired(policy, 'block_terminal', 'PRD')).toBe(false);
  });

  it('counts a block whose system nobody named as listed when any system is', () => {
    const policy = loadApprovalPolicy({ SOCBOT_APPROVAL_REQUIRED: 'block_terminal:PRD' });
    expect(approvalRequired(policy, 'block_terminal', '')).toBe(true);
    expect(approvalRequired(policy, 'lock_user', '')).toBe(false);
  });

  it('reads the expiry in minutes', () => {
    expect(loadApprovalPolicy({ SOCBOT_APPROVAL_TTL_MINUTES: '15' }).ttlMinutes).toBe(15);
  });

  it.each([
    ['SOCBOT_APPROVAL_REQUIRED', 'block_terminal', 'has no "action:" in front'],
    [
      'SOCBOT_APPROVAL_REQUIRED',
      'shutdown_system:PRD',
      '"shutdown_system" is not an action that can need approval',
    ],
    ['SOCBOT_APPROVAL_REQUIRED', 'block_terminal:PRD,PRODUCTION', '"PRODUCTION" is not an SAP system ID'],
    ['SOCBOT_APPROVAL_REQUIRED', 'block_terminal:PRD,', '"" is not an SAP system ID'],
    ['SOCBOT_APPROVAL_REQUIRED', 'block_terminal:PRD;block_terminal:QAS', 'block_terminal is listed twice'],
    ['SOCBOT_APPROVAL_TTL_MINUTES', '0', 'must be a whole number of minutes from 1 to 10080'],
    ['SOCBOT_APPROVAL_TTL_MINUTES', '1.5', 'must be a whole number of minutes from 1 to 10080'],
    ['SOCBOT_APPROVAL_TTL_MINUTES', 'an hour', 'must be a whole number of minutes from 1 to 10080'],
  ])('refuses %s=%s with CONFIG_INVALID saying what is wrong and how to fix it', (name, value, problem) => {
    let thrown: unknown;
    try {
      loadApprovalPolicy({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SocbotError);
    expect(thrown).toMatchObject({ code: 'CONFIG_INVALID' });
    const message = (thrown as SocbotError).message;
    expect(message).toContain(problem);
    expect(message).toMatch(/(Write each group|Use one of|List SIDs|List each action once|Set it to)/);
  });

  it('stops start-up through loadConfig with the variable named, next to the other problems', () => {
    expect(() => loadConfig({ SOCBOT_APPROVAL_REQUIRED: 'block_terminal:PRODUCTION', PORT: 'x' })).toThrow(
      /SOCBOT_APPROVAL_REQUIRED group 1 \("block_terminal:PRODUCTION"\).*PORT|PORT.*SOCBOT_APPROVAL_REQUIRED/s,
    );
    expect(
      loadConfig({ SOCBOT_APPROVAL_REQUIRED: 'lock_user:*' }).access.approvals.required.get('lock_user'),
    ).toBe('*');
  });
});
