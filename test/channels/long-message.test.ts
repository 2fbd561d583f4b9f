import { keptText, KEPT_OF_LONG_MESSAGE, MAX_MESSAGE_LENGTH } from '../../src/channels/long-message';

describe('keptText', () => {
  it('keeps a message the bot reads whole', () => {
    const text = 'y'.repeat(MAX_MESSAGE_LENGTH);
    expect(keptText(text)).toEqual({ text });
  });

  it('keeps the first characters of a longer one, says so, and notes its length', () => {
    const text = `${'a'.repeat(KEPT_OF_LONG_MESSAGE)}${'b'.repeat(1_047_576)}`;
    const kept = keptText(text);
    expect(kept.cutFrom).toBe(1_048_576);
    expect(kept.text).toBe(
      `${'a'.repeat(KEPT_OF_LONG_MESSAGE)}… [socbot kept the first 1,000 of 1,048,576 characters]`,
    );
  });
});

describe('keptText at the edges', () => {
  it('measures a message as the bot reads it: whitespace around a short command is not length', () => {
    const padded = `help${' '.repeat(MAX_MESSAGE_LENGTH + 100)}`;
    expect(keptText(padded)).toEqual({ text: padded });
  });

  it('never cuts an emoji in half', () => {
    const text = `${'a'.repeat(KEPT_OF_LONG_MESSAGE - 1)}🔥${'b'.repeat(MAX_MESSAGE_LENGTH)}`;
    const kept = keptText(text);
    expect(kept.text.startsWith(`${'a'.repeat(KEPT_OF_LONG_MESSAGE - 1)}…`)).toBe(true);
    expect(kept.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(kept.text).toContain('[socbot kept the first 999 of');
  });
});
