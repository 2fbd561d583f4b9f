// html-to-text 10 (installed with mailparser) ships no types; these declare only what
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
