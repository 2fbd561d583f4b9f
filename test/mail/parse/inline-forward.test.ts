import { findInlineForward } from '../../../src/mail/parse/inline-forward';

describe('findInlineForward', () => {
  it('reads an Outlook "-----Original Message-----" block with a [mailto:] sender', () => {
    const forward = findInlineForward(
      'see below\n\n-----Original Message-----\nFrom: Eve Attacker [mailto:Eve@Bad.example]\nSent: Friday, December 4, 2026 4:55 PM\nTo: SOC\nSubject: Urgent wire transfer\n\nPlease wire 9,800 EUR today.',
    );
    expect(forward).toEqual({
      note: 'see below',
      original: {
        from: 'Eve Attacker <Eve@Bad.example>',
        fromAddress: 'eve@bad.example',
        subject: 'Urgent wire transfer',
        date: '2026-12-04T16:55:00.000Z',
        text: 'Please wire 9,800 EUR today.',
      },
    });
  });

  it('reads an Outlook header block without a marker line', () => {
    const forward = findInlineForward(
      'FYI\n\nFrom: Billing <billing@invoices.example>\nSent: Thursday, December 3, 2026 10:00 AM\nTo: Max\nSubject: Overdue\n\nPay now.',
    );
    expect(forward?.note).toBe('FYI');
    expect(forward?.original).toMatchObject({
      fromAddress: 'billing@invoices.example',
      subject: 'Overdue',
      text: 'Pay now.',
    });
  });

  it('reads an Apple Mail forward, the blank line after the marker included', () => {
    const forward = findInlineForward(
      'Phishing?\n\nBegin forwarded message:\n\nFrom: Support <support@apple-id.example>\nSubject: Your Apple ID was locked\nDate: 3 December 2026 at 10:00:00 CET\nTo: jane@example.com\n\nUnlock it at https://apple-id.example/unlock',
    );
    expect(forward?.note).toBe('Phishing?');
    expect(forward?.original).toMatchObject({
      from: 'Support <support@apple-id.example>',
      subject: 'Your Apple ID was locked',
      text: 'Unlock it at https://apple-id.example/unlock',
    });
  });

  it('unquotes a forward quoted with "> "', () => {
    const forward = findInlineForward(
      'look at this\n\n> ---------- Forwarded message ---------\n> From: x@bad.example\n> Subject: Prize\n>\n> You won.\n> Claim at hxxp://bad[.]example',
    );
    expect(forward?.original).toEqual({
      from: 'x@bad.example',
      fromAddress: 'x@bad.example',
      subject: 'Prize',
      text: 'You won.\nClaim at hxxp://bad[.]example',
    });
  });

  it('finds nothing in a text without a forward block, or a lone "From:" line', () => {
    expect(findInlineForward('Hello,\nplease reset my password.')).toBeUndefined();
    expect(findInlineForward('Notes\nFrom: the team\nThanks')).toBeUndefined();
    expect(findInlineForward('---------- Forwarded message ---------\nno header lines here')).toBeUndefined();
  });
});
