import { htmlToText } from 'html-to-text';

/**
 * Elements whose content a reader of the mail never sees, so a classifier must not see it either:
 * code, styles, hidden text stuffed in to fool filters, and images (only their address would show).
 */
const UNSEEN_ELEMENTS = [
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'img',
  '[hidden]',
  '[aria-hidden="true"]',
  '[style*="display:none"]',
  '[style*="display: none"]',
  '[style*="visibility:hidden"]',
  '[style*="visibility: hidden"]',
];

/** Deeper nesting than this is cut: a mail built to exhaust the converter stays cheap. */
const MAX_HTML_DEPTH = 200;

/**
 * The text a person sees in an HTML mail: no markup, scripts, styles or hidden content, and every
 * link's target kept visible next to its words, so URLs can be extracted as indicators.
 *
 * mailparser converts HTML-only mails with html-to-text too, but keeps hidden elements and image
 * addresses; socbot converts itself with the elements above skipped.
 *
 * @example
 *   htmlToSafeText('<a href="https://evil.example/login">Click here</a><script>x()</script>')
 *   // 'Click here [https://evil.example/login]'
 */
export function htmlToSafeText(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    limits: { maxDepth: MAX_HTML_DEPTH },
    selectors: [
      ...UNSEEN_ELEMENTS.map((selector) => ({ selector, format: 'skip' })),
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  });
}
