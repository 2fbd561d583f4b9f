import { withNextStepsOnCard } from '../../../src/app/next-steps/next-step-card';
import { nextStepLine } from '../../../src/app/next-steps/next-step-line';
import { withNextSteps } from '../../../src/conversation/next-step-reply';

/** A SIEM title is anyone's text: in a next step's reason it stays text, never a link, and a line stays a line. */
describe('next step lines', () => {
  const hostile = {
    id: 'ns-1',
    skill: 'take-alert',
    utterance: "I'll take SOC-2026-0010",
    because:
      "analysts did this first in 2 of 2 similar alerts on PRD with pattern '[here](https://evil.example)'",
    support: null,
  };

  it('escapes the reason in the reply, on the card and in the card text', () => {
    const escaped = "'\\[here\\]\\(https://evil.example\\)'";
    expect(nextStepLine(hostile)).toBe(
      `- "I'll take SOC-2026-0010": analysts did this first in 2 of 2 similar alerts on PRD with pattern ${escaped}`,
    );
    const reply = withNextSteps('SOC-2026-0010: …', [hostile]);
    expect(reply.text).toContain(escaped);
    expect(reply.text).not.toContain('](https');
    const onCard = withNextStepsOnCard({ type: 'AdaptiveCard', body: [], actions: [] }, 'text', [hostile]);
    expect(JSON.stringify(onCard.card)).not.toContain('](https');
    expect(onCard.text).not.toContain('](https');
  });

  it('shortens a reason that carries a very long pattern', () => {
    const line = nextStepLine({ ...hostile, because: `pattern '${'A'.repeat(5000)}'` });
    expect(line.length).toBeLessThan(300);
    expect(line.endsWith('…')).toBe(true);
  });
});
