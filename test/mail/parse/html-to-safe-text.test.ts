import { htmlToSafeText } from '../../../src/mail/parse/html-to-safe-text';

describe('htmlToSafeText', () => {
  it('keeps visible words and link targets, drops scripts, styles, hidden content and images', () => {
    const text = htmlToSafeText(
      '<html><head><title>t</title><style>p{}</style></head><body>' +
        '<p>Verify <a href="https://evil.example/login?u=1&amp;x=2">here</a></p>' +
        '<script>steal()</script><noscript>enable js</noscript>' +
        '<div style="display: none">hidden1</div><p hidden>hidden2</p><span aria-hidden="true">hidden3</span>' +
        '<span style="visibility:hidden">hidden4</span><img src="https://evil.example/p.gif" alt="pixel">' +
        '<iframe src="https://evil.example/frame"></iframe><a href="https://same.example/">https://same.example/</a>' +
        '</body></html>',
    );
    expect(text).toContain('Verify here [https://evil.example/login?u=1&x=2]');
    expect(text).toContain('https://same.example/');
    expect(text.match(/same\.example/g)).toHaveLength(1);
    for (const unseen of [
      'steal',
      'enable js',
      'hidden1',
      'hidden2',
      'hidden3',
      'hidden4',
      'p.gif',
      'pixel',
      'frame',
      'p{}',
      '<',
    ]) {
      expect(text).not.toContain(unseen);
    }
  });
});
