import { escapeHtml } from '../../integrations/escape-html';

/**
 * Headers of every acknowledge page: never cached (the URL holds a token), never sent on as a
 * referrer, no scripts, no framing (no clickjacking of the button), not indexed.
 */
export const ACK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex, nofollow',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** One acknowledge page: a heading, a sentence, and optionally the button that POSTs back. */
export interface AckPage {
  status: number;
  title: string;
  message: string;
  /**
   * When set, a form with one button POSTs `?ref=…&token=…` (and `&r=…`, an escalation link's
   * recipient) back to the same path.
   */
  confirm?: { ref: string; token: string; r?: string };
}

/**
 * Renders a page as HTML. Every value (the ref comes from the link) is HTML-escaped; the form's
 * query values are URL-encoded, then escaped for the attribute.
 *
 * @example
 *   renderAckPage({ status: 200, title: 'Acknowledged', message: 'Acknowledged SOC-2026-0001, the SOC analyst has been told.' });
 */
export function renderAckPage(page: AckPage): string {
  const form = page.confirm
    ? `<form method="post" action="${escapeHtml(
        `?ref=${encodeURIComponent(page.confirm.ref)}${page.confirm.r !== undefined ? `&r=${encodeURIComponent(page.confirm.r)}` : ''}&token=${encodeURIComponent(page.confirm.token)}`,
      )}"><button type="submit">Acknowledge ${escapeHtml(page.confirm.ref)}</button></form>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>socbot: ${escapeHtml(page.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem;cursor:pointer}</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
${form}
</body>
</html>
`;
}
