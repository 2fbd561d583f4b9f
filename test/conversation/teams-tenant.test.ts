import { readFile } from 'node:fs/promises';
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { auditFilePath } from '../../src/audit/audit-log';
import { TeamsMemberEmails } from '../../src/channels/teams-member-email';
import { createLogger } from '../../src/logger';
import { cardSubmit, confirms, says, startBot, type BotHarness } from './helpers/bot-harness';

const OURS = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('Teams users and socbot tenant (MicrosoftAppTenantId)', () => {
  let harness: BotHarness | undefined;
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
    jest.restoreAllMocks();
  });

  const fromTenant = (tenant: string, value: Record<string, unknown>) => ({
    type: 'message',
    channelId: 'msteams',
    channelData: { tenant: { id: tenant } },
    ...value,
  });

  it('treats a Teams user of another tenant as unknown, with the reason in the audit trail', async () => {
    harness = await startBot({
      local: false,
      env: { SOCBOT_ROLES: 'lead:user1', MicrosoftAppTenantId: OURS },
    });
    await harness.adapter
      .send(
        fromTenant('evil-tenant', {
          text: 'register alert 4711 on PRD, user DDIC from terminal PC-0815, P2',
        }),
      )
      // Refused before any question is asked (and audited), not after the form is filled.
      .assertReply(says("I can't register an alert for you", 'another Microsoft Entra tenant (evil-tenant)'));
    expect(await harness.app.store.alerts.list()).toEqual([]);
    const refusals = (await readFile(auditFilePath(harness.dataDir), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; result?: string; details?: { reason?: string } })
      .filter((entry) => entry.action === 'refusal');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.result).toBe('refused: UNKNOWN_USER');
    expect(refusals[0]?.details?.reason).toContain('another Microsoft Entra tenant (evil-tenant)');
  });

  it("lets the same user act from socbot's tenant", async () => {
    harness = await startBot({
      local: false,
      env: { SOCBOT_ROLES: 'lead:user1', MicrosoftAppTenantId: OURS },
    });
    await harness.adapter
      .send(fromTenant(OURS, { text: 'register alert 4711 on PRD, user DDIC from terminal PC-0815, P2' }))
      .assertReply(confirms("OK, let's register", 'Register alert 4711'))
      .send(fromTenant(OURS, { value: cardSubmit('confirm', 'register-alert').value }))
      .assertReply(says('Registered alert 4711 as SOC-'));
  });

  it("matches roles by the member's userPrincipalName before its e-mail attribute", async () => {
    jest.spyOn(TeamsInfo, 'getMember').mockResolvedValue({
      id: '29:eve',
      name: 'Eve',
      email: 'alice@corp.com',
      userPrincipalName: 'eve@corp.com',
    } as never);
    const emails = new TeamsMemberEmails(createLogger({ level: 'silent' }));
    const context = { activity: { channelId: 'msteams', from: { id: '29:eve' } } } as unknown as TurnContext;
    expect(await emails.emailOf(context)).toBe('eve@corp.com');
  });
});
