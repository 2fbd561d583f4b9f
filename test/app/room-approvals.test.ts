import { webChatConversationKey } from '../../src/store/incident-rooms';
import { startBot, type BotHarness } from '../conversation/helpers/bot-harness';

/** The approvals' incidentRoom seam, wired to the room registry: the approval card goes to the room too. */
describe('an approval card for an incident with a room', () => {
  let harness: BotHarness;
  afterEach(async () => {
    await harness.dispose();
  });

  async function askApproval(alertRef: string, requestId: string) {
    return harness.app.approvals.request({
      actor: { id: 'ana', name: 'Ana' },
      conversationId: 'ana-chat',
      conversationKey: 'msteams/ana-chat',
      requestId,
      reason: 'role',
      alertRef,
      system: 'PRD',
      terminal: 'PC-0815',
      username: 'DDIC',
    });
  }

  it("is queued for the room's Teams thread and its shared Web Chat page, and for the leads only when the incident has no room", async () => {
    harness = await startBot({
      local: false,
      env: { SOCBOT_ROLES: 'analyst:ana;lead:maria', BLOCK: 'none' },
    });
    const { rooms } = harness.app;
    await rooms.open('SOC-2026-0001', { id: 'ana', name: 'Ana' });
    const webChat = await rooms.webChatOf('SOC-2026-0001');
    await rooms.setTeams('SOC-2026-0001', {
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/emea/',
      conversation: { id: '19:soc;messageid=9', name: 'SOC', isGroup: true, conversationType: 'channel' },
      bot: { id: '28:socbot', name: 'socbot' },
    });

    const inRoom = await askApproval('SOC-2026-0001', 'form-1');
    expect(inRoom.card.payload).toMatchObject({
      rooms: ['msteams/19:soc;messageid=9', webChatConversationKey(webChat)],
    });
    const noRoom = await askApproval('SOC-2026-0002', 'form-2');
    expect(noRoom.card.payload).not.toHaveProperty('rooms');
    expect(noRoom.card.payload).not.toHaveProperty('room');
  });
});
