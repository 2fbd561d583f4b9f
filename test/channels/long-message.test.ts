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
