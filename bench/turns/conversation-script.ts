/**
 * What the simulated analysts say. A socbot conversation walks the register-alert form (five turns:
 * ask, three answers, confirm on the card) and starts over with a new alert ID; each step names a
 * fragment its reply must contain, so a wrong answer under load counts as an error.
 */
export interface ScriptedTurn {
  /** Which step of the script this is, to report latency per step. */
  step: string;
  fields: Record<string, unknown>;
  expect: string;
}

export type ConversationScript = (
  turnIndex: number,
  conversationIndex: number,
  runId: string,
) => ScriptedTurn;

export const echoScript: ConversationScript = (turn) => ({
  step: 'echo',
  fields: { text: `ping ${turn}` },
  expect: `echo: ping ${turn}`,
});

/**
 * A new alert ID for every form of every run: socbot asks before registering an alert ID + system
 * a second time, so an ID reused by a later run (or a conversation's 100th form) would change the
 * script. Numbered in the order the forms start; the form's later steps look theirs up.
 */
const alertIds = new Map<string, string>();
function alertIdOf(runId: string, conversation: number, form: number): string {
  const key = `${runId}/${conversation}/${form}`;
  let alertId = alertIds.get(key);
  if (alertId === undefined) {
    alertId = String(100_000 + alertIds.size);
    alertIds.set(key, alertId);
  }
  return alertId;
}

export const socbotScript: ConversationScript = (turn, conversation, runId) => {
  const alertId = alertIdOf(runId, conversation, Math.floor(turn / 5));
  switch (turn % 5) {
    case 0:
      return {
        step: 'command',
        fields: { text: `register alert ${alertId} on PRD` },
        expect: 'From which terminal',
      };
    case 1:
      return { step: 'terminal', fields: { text: 'PC-0815' }, expect: 'Which SAP user' };
    case 2:
      return { step: 'user', fields: { text: 'DDIC' }, expect: 'Which priority' };
    case 3:
      return { step: 'priority', fields: { text: 'P2' }, expect: `Register alert ${alertId}` };
    default:
      return {
        step: 'confirm',
        fields: { value: { action: 'confirm', skill: 'register-alert' } },
        expect: `Registered alert ${alertId}`,
      };
  }
};
