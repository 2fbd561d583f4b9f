import { FIELD_MAX_CHARS, multiLine, singleLine } from '../../src/integrations/bounded-text';
import { escapeHtml } from '../../src/integrations/escape-html';
import { escalationAudiences, noticeAudiences } from '../../src/integrations/notify/notice-audiences';
import { escapeCardMarkdown } from '../../src/integrations/notify/card-markdown';
import { scrubSecrets } from '../../src/integrations/scrub-secrets';

describe('bounding and escaping outbound text', () => {
  it('singleLine removes line breaks and control characters and bounds the length', () => {
    expect(singleLine('PC-0815\r\nBcc: x@evil')).toBe('PC-0815  Bcc: x@evil');
    expect(singleLine('a\u0000b\u2028c\u007f')).toBe('a b c');
    const long = singleLine('x'.repeat(100_000));
    expect(Array.from(long)).toHaveLength(FIELD_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(singleLine('short')).toBe('short');
  });

  it('never splits a surrogate pair when truncating', () => {
    const emoji = '😀'.repeat(300);
    const bounded = singleLine(emoji, 10);
    expect(Array.from(bounded)).toEqual([...Array(9).fill('😀'), '…']);
  });

  it('multiLine keeps newlines (as \\n) and bounds the length', () => {
    expect(multiLine('a\r\nb\rc\td')).toBe('a\nb\nc d');
    expect(Array.from(multiLine('y'.repeat(10_000), 100))).toHaveLength(100);
  });

  it('escapeHtml escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapeCardMarkdown turns links and emphasis into plain characters', () => {
    expect(escapeCardMarkdown('**[x](http://e)**')).toBe('\\*\\*\\[x\\]\\(http://e\\)\\*\\*');
  });

  it('scrubSecrets removes every occurrence of each secret', () => {
    expect(scrubSecrets('a hunter22 b hunter22', ['hunter22', ''])).toBe('a [redacted] b [redacted]');
  });

  it('a Basis request tells Basis only, whatever the priority (the leads hear of P1/P2 from the escalation)', () => {
    expect(noticeAudiences('P1')).toEqual(['basis']);
    expect(noticeAudiences('P2')).toEqual(['basis']);
    expect(noticeAudiences('P5')).toEqual(['basis']);
  });

  it('escalates P1 to leads and executives at once and again; P2 to leads at once, executives later', () => {
    expect(escalationAudiences('P1', 'first')).toEqual(['leads', 'exec']);
    expect(escalationAudiences('P1', 'reminder')).toEqual(['leads', 'exec']);
    expect(escalationAudiences('P2', 'first')).toEqual(['leads']);
    expect(escalationAudiences('P2', 'reminder')).toEqual(['exec']);
    expect(escalationAudiences('P3', 'first')).toEqual([]);
  });
});
