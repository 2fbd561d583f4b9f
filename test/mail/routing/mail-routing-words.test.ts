import { lostDeviceFacts } from '../../../src/mail/routing/lost-device-facts';
import { mailIndicators } from '../../../src/mail/routing/mail-indicators';
import { MAIL_ROUTES, mailRouteOf } from '../../../src/mail/routing/mail-routes';
import { findMailCategory } from '../../../src/nlu/entities/mail-category-words';

describe('the mail category said in a correction', () => {
  it.each([
    ['that one was a lost device', 'lost-device'],
    ['that mail was a stolen phone', 'lost-device'],
    ['SOC-2026-0012 is phishing', 'phishing'],
    ['it was a scam mail', 'phishing'],
    ['recategorise it as other', 'other'],
    ['this is not security', 'other'],
    ['make it a lookup request', 'enrichment'],
    ['recategorise SOC-2026-0012 as lost-device (from the mail card)', 'lost-device (card)'],
    ['lost-device (card)', 'lost-device (card)'],
  ])('"%s" → %s', (text, category) => {
    expect(findMailCategory(text)?.value).toBe(category);
  });

  it('names none when two categories are said, or none', () => {
    expect(findMailCategory('phishing or a lost laptop?')).toBeUndefined();
    expect(findMailCategory('recategorise it')).toBeUndefined();
  });

  it('knows every category of the route table by its own name', () => {
    for (const category of Object.keys(MAIL_ROUTES)) expect(findMailCategory(category)?.value).toBe(category);
  });
});

describe('the indicators of a mail', () => {
  it('reads defanged forms, keeps each once, adds the attachments and keeps internal addresses apart', () => {
    const found = mailIndicators(
      'Go to hxxps://evil[.]com/a and hxxps://evil[.]com/a, from 185.220.101[.]4 or http://192.168.1.10/x and 10.0.0.5',
      ['B'.repeat(64)],
    );
    expect(found.lookups).toEqual([
      { kind: 'url', value: 'https://evil.com/a' },
      { kind: 'ip', value: '185.220.101.4' },
      { kind: 'hash', value: 'b'.repeat(64) },
    ]);
    expect(found.internal.map(({ indicator, range }) => `${indicator.value} ${range}`)).toEqual([
      'http://192.168.1.10/x private',
      '10.0.0.5 private',
    ]);
  });

  it('looks up at most ten and says how many it left out', () => {
    const text = Array.from({ length: 12 }, (_, i) => `evil${i}[.]com`).join(' ');
    const found = mailIndicators(text, []);
    expect(found.lookups).toHaveLength(10);
    expect(found.leftOut).toBe(2);
  });
});

describe('the device and owner of a lost-device report', () => {
  it('finds device words, asset tags and host names; the owner is the sender', () => {
    const facts = lostDeviceFacts({
      from: 'Jane Doe <jane@corp.example>',
      fromAddress: 'jane@corp.example',
      subject: 'Lost my laptop',
      text: 'It is NB-ANA-01, asset tag 4711-A, and my iPhone too.',
    });
    expect(facts.owner).toBe('Jane Doe <jane@corp.example>');
    expect(facts.device).toEqual(expect.arrayContaining(['laptop', 'iphone', '4711-A', 'NB-ANA-01']));
  });
});

describe('the route table', () => {
  it('sends an unknown category the default way', () => {
    expect(mailRouteOf('brand-new')).toBe(MAIL_ROUTES.other);
  });
});
