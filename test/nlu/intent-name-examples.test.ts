import { intentNameExamples, intentNamePhrase } from '../../src/nlu/intent-name-examples';
import { NONE_INTENT } from '../../src/nlu/types';

describe('intentNamePhrase', () => {
  it('splits camelCase, snake_case, kebab-case and dotted names into words', () => {
    expect(intentNamePhrase('FindConnection')).toBe('Find Connection');
    expect(intentNamePhrase('card_payment_wrong_exchange_rate')).toBe('card payment wrong exchange rate');
    expect(intentNamePhrase('smalltalk.greeting')).toBe('smalltalk greeting');
    expect(intentNamePhrase('Change Password')).toBe('Change Password');
    expect(intentNamePhrase('alert')).toBe('alert');
  });

  it('gives nothing for None and for names without words', () => {
    expect(intentNamePhrase(NONE_INTENT)).toBeUndefined();
    expect(intentNamePhrase('42')).toBeUndefined();
    expect(intentNamePhrase('__')).toBeUndefined();
  });
});

describe('intentNameExamples', () => {
  it('labels each named intent with its own phrase and skips None', () => {
    expect(intentNameExamples(['DepartureTime', NONE_INTENT, 'sync_accounts'])).toEqual([
      { intent: 'DepartureTime', utterance: 'Departure Time' },
      { intent: 'sync_accounts', utterance: 'sync accounts' },
    ]);
  });
});
