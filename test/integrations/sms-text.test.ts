import type { BasisNotice } from '../../src/integrations/notify/basis-notice';
import { MAX_SMS_CHARS, smsText } from '../../src/integrations/notify/sms-text';
import { NOTICE } from './fixtures';

const LINK = `https://socbot.example.com/api/escalation/ack?ref=SOC-2026-0001&r=q7ZL3x0a&token=tnx1kw.${'x'.repeat(43)}`;
const base: BasisNotice = {
  ...NOTICE,
  audience: 'exec',
  blocked: [],
  escalation: { tier: 'first', at: '2026-12-06T08:00:00.000Z' },
};

describe('escalation SMS text', () => {
  it.each<[string, BasisNotice, string, { has: string[]; hasNot?: string[] }]>([
    [
      'a short alert: everything',
      { ...base, title: 'Brute force' },
      LINK,
      { has: ['socbot P1 SOC-2026-0001 on PRD/100: Brute force.', `Ack: ${LINK}`] },
    ],
    ['no title: user and terminal', base, LINK, { has: ['user DDIC, terminal PC-0815', `Ack: ${LINK}`] }],
    [
      'a reminder says so first',
      { ...base, escalation: { tier: 'reminder', at: base.escalation!.at, unacknowledgedMinutes: 15 } },
      LINK,
      { has: ['NOT ACKNOWLEDGED for 15 min. socbot P1', `Ack: ${LINK}`] },
    ],
    [
      'a 2,000-character title is cut, the link kept whole',
      { ...base, title: 'T'.repeat(2000) },
      LINK,
      { has: ['…', `Ack: ${LINK}`] },
    ],
    [
      'line breaks in a title do not survive',
      { ...base, title: 'one\r\ntwo\nthree' },
      LINK,
      { has: [`Ack: ${LINK}`], hasNot: ['\n', '\r'] },
    ],
    [
      'hostile user and terminal are cut and single-line',
      { ...base, username: 'U'.repeat(500), terminal: 'PC\n'.repeat(200) },
      LINK,
      { has: [`Ack: ${LINK}`], hasNot: ['\n'] },
    ],
    [
      'a link too long for a text: no link, says where else to acknowledge',
      base,
      `https://${'h'.repeat(300)}.example.com/x`,
      { has: ['Acknowledge in socbot or Teams.'], hasNot: ['https://'] },
    ],
  ])('%s (≤ 320 characters)', (_name, notice, link, expected) => {
    const text = smsText(notice, link);
    expect(text.length).toBeLessThanOrEqual(MAX_SMS_CHARS);
    for (const part of expected.has) expect(text).toContain(part);
    for (const part of expected.hasNot ?? []) expect(text).not.toContain(part);
  });
});
