import { cardSubmit, confirms, says, startBot, type BotHarness } from './helpers/bot-harness';

/**
 * "Inform Basis and block" on a SIEM alert card, for the IDs the SIEM intake accepts: the form is
 * pre-filled with the alert; Basis is told whatever the priority, and only Basis (the leads hear of a
 * P1/P2 alert from its escalation when it is registered, docs/escalation.md).
 */
describe('SIEM alert card: inform Basis', () => {
  let harness: BotHarness | undefined;
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
  });

  it.each(['alert_9', '0f8fad5b-d9cb-469f-a165-70867728950e', '1700000000.42'])(
    'keeps the SIEM alert %s pre-filled and notifies Basis, not the leads again, for a P1',
    async (alertId) => {
      harness = await startBot({
        local: false,
        env: {
          SOCBOT_ROLES: 'lead:user1',
          BASIS_NOTIFY: 'teams',
          LEADS_NOTIFY: 'teams',
          SOCBOT_ACK_WAIT_MS: '200',
        },
      });
      const alert = await harness.app.store.alerts.add({
        alertId,
        terminal: 'PC-0815',
        username: 'DDIC',
        system: 'PRD',
        priority: 'P1',
        createdBy: 'splunk',
        conversationId: '',
        requestId: `siem:${alertId}`,
      });
      await harness.adapter
        .send({ type: 'message', value: { action: 'alert.inform', ref: alert.ref } })
        .assertReply(
          confirms(
            "OK, let's inform the Basis team.",
            `Ask Basis about user DDIC on PRD from terminal PC-0815 (alert ${alertId})?`,
          ),
        )
        .send(cardSubmit('confirm', 'talk-to-basis'))
        .assertReply(says('Recorded request BR-0001', `(alert ${alert.ref})`));
      const jobs = await harness.app.outbox.list();
      expect(jobs.map((job) => job.type).sort()).toEqual(['notify.basis.teams']);
      expect(jobs.every((job) => (job.payload as { priority: string }).priority === 'P1')).toBe(true);
    },
  );

  it("accepts socbot's own reference as the alert", async () => {
    harness = await startBot({ local: false, env: { SOCBOT_ROLES: 'lead:user1' } });
    const alert = await harness.app.store.alerts.add({
      alertId: 'SOC-2025-0042',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P3',
      createdBy: 'siem',
      conversationId: '',
    });
    await harness.adapter
      .send({ type: 'message', value: { action: 'alert.inform', ref: alert.ref } })
      .assertReply(confirms("OK, let's inform the Basis team.", '(alert SOC-2025-0042)?'));
  });
});
