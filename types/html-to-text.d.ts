// html-to-text 10 ships no types (and @types/html-to-text describes 9); these declare only what
// src/mail/parse/ uses.
declare module 'html-to-text' {
  export interface HtmlToTextSelector {
    selector: string;
    format?: string;
    options?: Record<string, unknown>;
  }
  export interface HtmlToTextOptions {
    wordwrap?: number | false;
    limits?: { maxDepth?: number; maxInputLength?: number };
    selectors?: HtmlToTextSelector[];
  }
  export function htmlToText(html: string, options?: HtmlToTextOptions): string;
}
