import type { Activity } from 'botbuilder';
import { inputOfActivity } from '../../src/channels/activity-input';
import { toActivity } from '../../src/channels/reply-activity';
import type { TurnSource } from '../../src/conversation/turn-input';

const ID = 'ns-0b6f3c1e-8f3a-4b7e-9c1d-2a4b6c8d0e1f';
const source: TurnSource = {
  user: { id: 'u1', name: 'Ana' },
  actor: { id: 'u1', name: 'Ana' },
  roles: ['analyst'],
  conversationId: 'c1',
  conversationKey: 'test/c1',
};
const message = (fields: Partial<Activity>): Activity =>
  ({ type: 'message', from: { id: 'u1' }, recipient: { id: 'bot' }, ...fields }) as Activity;

/** A suggested next step's button carries its id through the channel, and only a press brings it back. */
describe('next-step buttons at the channel edge', () => {
  it('a next step is a messageBack that sends the words and the id; other suggestions stay imBack', () => {
    const activity = toActivity(
      {
        text: 'SOC-2026-0001 …',
        suggestions: [
          { title: "I'll take SOC-2026-0001", value: "I'll take SOC-2026-0001", nextStepId: ID },
          { title: 'help', value: 'help' },
        ],
      },
      'u1',
    );
    expect(activity.suggestedActions?.actions).toEqual([
      {
        type: 'messageBack',
        title: "I'll take SOC-2026-0001",
        text: "I'll take SOC-2026-0001",
        displayText: "I'll take SOC-2026-0001",
        value: { nextStep: ID },
      },
      { type: 'imBack', title: 'help', value: 'help' },
    ]);
  });

  it('a press is text with the next step id; typed text and a malformed id carry none', async () => {
    const sourceOf = () => Promise.resolve(source);
    expect(
      await inputOfActivity(message({ text: "I'll take SOC-2026-0001", value: { nextStep: ID } }), sourceOf),
    ).toEqual({
      kind: 'text',
      text: "I'll take SOC-2026-0001",
      source,
      nextStep: ID,
    });
    expect(await inputOfActivity(message({ text: "I'll take SOC-2026-0001" }), sourceOf)).toEqual({
      kind: 'text',
      text: "I'll take SOC-2026-0001",
      source,
    });
    expect(
      await inputOfActivity(message({ text: 'help', value: { nextStep: 'ns-<script>' } }), sourceOf),
    ).toEqual({ kind: 'text', text: 'help', source });
  });
});
