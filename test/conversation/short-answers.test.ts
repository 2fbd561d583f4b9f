import { readAnswerWord } from '../../src/conversation/answer-words';
import { readCardSubmit } from '../../src/conversation/confirmation-card';

describe('short answers without a model', () => {
  it.each([
    ['yes', 'yes'],
    ['Yes!', 'yes'],
    ['  OK ', 'yes'],
    ['go ahead', 'yes'],
    ['no', 'no'],
    ["Don't", 'no'],
    ['skip', 'skip'],
    ["I don't know", 'skip'],
    ['n/a', 'skip'],
    ['no, the terminal is PC-0816', undefined],
    ['yes register it for PRD', undefined],
    ['', undefined],
  ])('reads %j as %s', (text, expected) => {
    expect(readAnswerWord(text)).toBe(expected);
  });
});

describe('card submit values', () => {
  it.each([
    [{ action: 'confirm' }, { action: 'confirm' }],
    [
      { action: 'cancel', skill: 'register-alert' },
      { action: 'cancel', skill: 'register-alert' },
    ],
    [{ action: 'delete-everything' }, undefined],
    [{ action: 'confirm', skill: 42 }, { action: 'confirm' }],
    ['confirm', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('reads %j as %j', (value, expected) => {
    expect(readCardSubmit(value)).toEqual(expected);
  });
});
