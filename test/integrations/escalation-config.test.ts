import { isSocbotError, type SocbotError } from '../../src/errors';
import { loadIntegrationConfig } from '../../src/integrations/integration-config';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TWILIO = {
  TWILIO_ACCOUNT_SID: SID,
  TWILIO_AUTH_TOKEN: 'twilio-auth-token',
  TWILIO_FROM: '+15017122661',
  PUBLIC_BASE_URL: 'https://socbot.example.com',
  BASIS_ACK_SECRET: 'abcdefghijklmnop-secret',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadIntegrationConfig(env);
  } catch (error) {
    if (isSocbotError(error, 'CONFIG_INVALID')) return (error as SocbotError).details.problems as string[];
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('escalation configuration: EXEC_NOTIFY, sms, Twilio', () => {
  it('reads leads and executives by SMS, numbers written with spaces, and Twilio with its default API URL', () => {
    const config = loadIntegrationConfig({
      ...TWILIO,
      LEADS_NOTIFY: 'sms',
      LEADS_SMS_TO: '+49 151 1111-1111, +14155550100',
      EXEC_NOTIFY: 'email,sms',
      EXEC_EMAIL_TO: 'ciso@example.com',
      EXEC_SMS_TO: '+4915222222222',
      SMTP_URL: 'smtp://mail.example.com:587',
      SMTP_FROM: 'socbot@example.com',
    });
    expect(config.leads).toEqual({ teams: false, sms: { to: ['+4915111111111', '+14155550100'] } });
    expect(config.exec).toEqual({
      teams: false,
      email: { to: ['ciso@example.com'] },
      sms: { to: ['+4915222222222'] },
    });
    expect(config.twilio).toEqual({
      accountSid: SID,
      authToken: 'twilio-auth-token',
      from: '+15017122661',
      apiUrl: 'https://api.twilio.com',
    });
  });

  it('says what is missing or malformed, all at once', () => {
    expect(
      problemsOf({
        LEADS_NOTIFY: 'sms',
        LEADS_SMS_TO: '0151 1111111,+4915111111111,+4915111111111',
        TWILIO_FROM: 'socbot',
      }),
    ).toEqual([
      'LEADS_SMS_TO: not E.164 phone numbers: 01511111111; write each as + country code and number, e.g. +4915123456789',
      'LEADS_SMS_TO: a number is listed twice',
      'TWILIO_ACCOUNT_SID: required when LEADS_NOTIFY or EXEC_NOTIFY includes sms; set it to the Account SID (AC…, Twilio Console)',
      "TWILIO_AUTH_TOKEN: required when LEADS_NOTIFY or EXEC_NOTIFY includes sms; set it to that account's Auth Token",
      'TWILIO_FROM: "socbot" is neither an E.164 number (+ and up to 15 digits, e.g. +15017122661) nor a Messaging Service SID (MG…)',
      "PUBLIC_BASE_URL: required; set it to socbot's public address for acknowledge links, e.g. https://socbot.example.com",
      'BASIS_ACK_SECRET: required; set it to a random secret of at least 16 characters that signs acknowledge links',
    ]);
  });

  it('refuses teams for executives and sms for Basis, and an SMS list that is missing', () => {
    expect(problemsOf({ ...TWILIO, EXEC_NOTIFY: 'teams' })).toEqual([
      'EXEC_NOTIFY: teams is not available for executives yet (no Teams channel can be registered for them); use webhook, email or sms',
    ]);
    expect(problemsOf({ ...TWILIO, BASIS_NOTIFY: 'sms' })).toEqual([
      'BASIS_NOTIFY: sms is for the escalation audiences (LEADS_NOTIFY, EXEC_NOTIFY); use teams, webhook or email for Basis',
    ]);
    expect(problemsOf({ ...TWILIO, EXEC_NOTIFY: 'sms' })).toEqual([
      'EXEC_SMS_TO: required when EXEC_NOTIFY includes sms; set it to comma-separated phone numbers in E.164, e.g. +4915123456789,+14155550100',
    ]);
    expect(problemsOf({ ...TWILIO, EXEC_NOTIFY: 'pager' })).toEqual([
      'EXEC_NOTIFY: unknown value "pager"; use a comma list of teams, webhook, email, sms',
    ]);
  });
});
