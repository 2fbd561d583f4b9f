import { MAX_MAIL_PHRASE_CHARS, mailPhrase } from '../../../src/mail/report/mail-phrase';

describe('mailPhrase', () => {
  it('takes the subject and as many whole sentences as fit', () => {
    const text = 'Lost laptop\nI left my laptop on the train. It has the VPN token. Call me.';
    expect(mailPhrase(text, 60)).toBe('Subject: Lost laptop — I left my laptop on the train.');
    expect(mailPhrase(text)).toBe(
      'Subject: Lost laptop — I left my laptop on the train. It has the VPN token. Call me.',
    );
  });

  it('is written as the mail corpus writes a mail, on one line', () => {
    expect(mailPhrase('Seen this IP?\nWe see logins\r\nfrom\t203.0.113.7.\n\n> quoted')).toBe(
      'Subject: Seen this IP? — We see logins from 203.0.113.7. > quoted',
    );
    expect(mailPhrase('Only a subject\n')).toBe('Subject: Only a subject');
  });

  it('never exceeds the limit: a long first sentence is cut at a word, a long word hard', () => {
    const long = `Invoice\n${'pay this invoice today '.repeat(30)}`;
    const phrase = mailPhrase(long);
    expect(phrase.length).toBeLessThanOrEqual(MAX_MAIL_PHRASE_CHARS);
    expect(phrase).toMatch(/^Subject: Invoice — pay this invoice today pay/);
    expect(phrase).toMatch(/ (pay|this|invoice|today)$/);
    expect(mailPhrase(`\n${'x'.repeat(400)}`)).toBe('x'.repeat(MAX_MAIL_PHRASE_CHARS));
    expect(mailPhrase(`${'word '.repeat(80)}\nbody.`)).toMatch(/^Subject: (word ){57}word$/);
  });

  it('turns control characters into spaces and gives a body without subject', () => {
    expect(mailPhrase('Hi\u001b[2J there\u0007\nBody.')).toBe('Subject: Hi [2J there — Body.');
    expect(mailPhrase('\nOnly a body here. And more.')).toBe('Only a body here. And more.');
    expect(mailPhrase('\n')).toBe('');
  });
});
