/**
 * Text from an audit entry, an alert or an analyst made plain for a chat message: Teams and Web
 * Chat render markdown, and such text is data (`[login](https://…)` must not become a link; with
 * its brackets escaped, the parentheses are plain). Whitespace runs become one space.
 *
 * @example
 *   plainChatText('see [login](https://evil.example)'); // 'see \\[login\\](https://evil.example)'
 */
export function plainChatText(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (character) => `\\${character}`).replace(/\s+/g, ' ');
}
