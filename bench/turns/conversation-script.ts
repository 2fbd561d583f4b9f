/**
 * What the simulated analysts say. A socbot conversation walks the register-alert form (five turns:
 * ask, three answers, confirm on the card) and starts over with a new alert ID; each step names a
 * fragment its reply must contain, so a wrong answer under load counts as an error.
 */
export interface ScriptedTurn {
  fields: Record<string, unknown>;
  expect: string;
}

export type ConversationScript = (turnIndex: number, conversationIndex: number) => ScriptedTurn;

export const echoScript: ConversationScript = (turn) => ({
  fields: { text: `ping ${turn}` },
  expect: `echo: ping ${turn}`,
});

export const socbotScript: ConversationScript = (turn, conversation) => {
  const alertId = String(100_000 + conversation * 100 + Math.floor(turn / 5));
  switch (turn % 5) {
    case 0:
      return { fields: { text: `register alert ${alertId} on PRD` }, expect: 'From which terminal' };
    case 1:
      return { fields: { text: 'PC-0815' }, expect: 'Which SAP user' };
    case 2:
      return { fields: { text: 'DDIC' }, expect: 'Which priority' };
    case 3:
      return { fields: { text: 'P2' }, expect: `Register alert ${alertId}` };
    default:
      return {
        fields: { value: { action: 'confirm', skill: 'register-alert' } },
        expect: `Registered alert ${alertId}`,
      };
  }
};
