import { asSocbotError, isSocbotError, SocbotError } from '../src/errors';

describe('coded errors', () => {
  it('keeps the code and details of a SocbotError', () => {
    const error = new SocbotError('CORPUS_INVALID', 'fix it', { file: 'a.json' });
    expect(asSocbotError(error)).toBe(error);
    expect(isSocbotError(error, 'CORPUS_INVALID')).toBe(true);
    expect(isSocbotError(error, 'USAGE')).toBe(false);
  });

  it('wraps anything else as INTERNAL with the original as cause', () => {
    const original = new TypeError('boom');
    const wrapped = asSocbotError(original);
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toContain('boom');
    expect(wrapped.cause).toBe(original);
    expect(asSocbotError('text').message).toContain('text');
  });
});
