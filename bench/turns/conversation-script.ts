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

export type ConversationScript = (turnIndex: number, conversationIndex: number) => ScriptedTurn;

export const echoScript: ConversationScript = (turn) => ({
  step: 'echo',
  fields: { text: `ping ${turn}` },
  expect: `echo: ping ${turn}`,
});

export const socbotScript: ConversationScript = (turn, conversation) => {
  const alertId = String(100_000 + conversation * 100 + Math.floor(turn / 5));
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
