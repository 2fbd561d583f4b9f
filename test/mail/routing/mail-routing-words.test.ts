import { lostDeviceFacts } from '../../../src/mail/routing/lost-device-facts';
import { mailCard } from '../../../src/mail/routing/mail-card';
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

  it('leaves out a URL too long for the look-up job and counts it, keeping the others', () => {
    const long = `https://evil.com/login?token=${'a'.repeat(2100)}`;
    const found = mailIndicators(`${long} and 185.220.101.4`, []);
    expect(found.lookups).toEqual([{ kind: 'ip', value: '185.220.101.4' }]);
    expect(found.leftOut).toBe(1);
  });
});

describe('the mail card', () => {
  it('lists at most ten attachments and internal addresses, and says how many more there were', () => {
    const card = mailCard({
      ref: 'SOC-2026-0001',
      category: 'phishing',
      decided: 'model 0.93 ≥ 0.8',
      sender: 'a@evil.example',
      subject: 'invoice',
      attachments: Array.from({ length: 13 }, (_, i) => ({
        filename: `f${i}.pdf`,
        contentType: 'application/pdf',
        size: 1,
        sha256: String(i).padStart(64, '0'),
      })),
      lookups: [],
      internal: Array.from({ length: 25 }, (_, i) => ({
        indicator: { kind: 'ip' as const, value: `10.0.0.${i}` },
        range: 'private',
      })),
      categories: ['phishing', 'other'],
    });
    const facts = (card.body as Array<{ facts?: Array<{ title: string; value: string }> }>).flatMap(
      (block) => block.facts ?? [],
    );
    const value = (title: string): string => facts.find((fact) => fact.title === title)?.value ?? '';
    expect(value('Attachments').match(/sha256/g)).toHaveLength(10);
    expect(value('Attachments')).toMatch(/f9\\\[\.\\\]pdf .*… and 3 more$/);
    expect(value('Internal (not sent out)').match(/private/g)).toHaveLength(10);
    expect(value('Internal (not sent out)')).toMatch(/… and 15 more$/);
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
