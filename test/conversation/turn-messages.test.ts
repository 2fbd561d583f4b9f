import { say, type BotReply } from '../../src/conversation/bot-reply';
import { asMessages } from '../../src/conversation/turn-messages';

const card = { type: 'AdaptiveCard', version: '1.5', body: [] };
const buttons = [{ title: 'P1', value: 'P1' }];

describe('asMessages: the replies of one turn as the messages sent', () => {
  it('joins plain-text replies into one message, in order, a blank line apart', () => {
    expect(asMessages([say("OK, let's register an alert."), say('From which terminal?')])).toEqual([
      { text: "OK, let's register an alert.\n\nFrom which terminal?" },
    ]);
  });

  it('puts the text before a card above the card and keeps the card', () => {
    const confirmation: BotReply = { text: 'Register alert 4711?', card };
    expect(asMessages([say('Noted: terminal PC-0816.'), confirmation])).toEqual([
      { text: 'Noted: terminal PC-0816.\n\nRegister alert 4711?', card },
    ]);
  });

  it('keeps suggestion buttons on the message they came with', () => {
    const question: BotReply = { text: 'Which priority?', suggestions: buttons };
    expect(asMessages([say('OK.'), question])).toEqual([
      { text: 'OK.\n\nWhich priority?', suggestions: buttons },
    ]);
  });

  it('sends two cards as two messages and text after a card as its own message', () => {
    const first: BotReply = { text: 'First?', card };
    const second: BotReply = { text: 'Second?', card };
    expect(asMessages([first, say('Between.'), second, say('After.'), say('End.')])).toEqual([
      first,
      { text: 'Between.\n\nSecond?', card },
      { text: 'After.\n\nEnd.' },
    ]);
  });

  it('treats an empty suggestion list as plain text', () => {
    expect(asMessages([{ text: 'A', suggestions: [] }, say('B')])).toEqual([{ text: 'A\n\nB' }]);
  });

  it('sends nothing for no replies and leaves a single reply as it is', () => {
    expect(asMessages([])).toEqual([]);
    const only: BotReply = { text: 'Which priority?', suggestions: buttons };
    expect(asMessages([only])).toEqual([only]);
  });
});
