import type { QueuedAction, SkillAction } from '../../src/skills/types';
import { splitSystemAndClient } from '../../src/skills/system-slot';
import { alertOfRequest } from './request-alert';

/** Priority of a request about an alert that is not in the register. */
const DEFAULT_PRIORITY = 'P3';

/**
 * Records the request for the Basis team, blocks the attacker where blocking is configured and the
 * user may block (leads; analysts only with SOCBOT_ANALYSTS_MAY_BLOCK), or asks a SOC lead to approve
 * the block where they may not alone or the approval policy lists the system, and notifies the Basis team
 * on the configured channels (only Basis: the SOC leads heard of a P1/P2 alert from its escalation
 * when it was registered, docs/escalation.md). What is not configured is said plainly.
 */
export const act: SkillAction = async ({ slots, services, user, conversationId, requestId }) => {
  const { actions } = services;
  const alertId = slots.alert ?? '';
  const permission = await actions.authorize('inform_basis', {
    summary: `inform Basis about alert ${alertId}`,
  });
  if (!permission.allowed)
    return { text: `I did not contact the Basis team. ${permission.reason}`, outcome: 'refused' };

  // Prefer our own reference when the alert is registered: it is what Basis will be asked about.
  const { alert: found, alsoRegisteredAs } = await alertOfRequest(services.alerts, {
    alertId,
    terminal: slots.terminal ?? '',
    username: slots.username ?? '',
    system: slots.system ?? '',
  });
  const request = await services.basisRequests.add({
    terminal: slots.terminal ?? '',
    username: slots.username ?? '',
    system: slots.system ?? '',
    alert: found?.ref ?? alertId,
    requestedBy: user.name,
    conversationId,
    requestId,
  });
  // The request of this requestId names the alert: run again (a crash replayed at start-up), it is
  // the first run's request, and an alert registered since with the same ID must not change whom
  // the blocks and notices are about (their idempotency keys hold the reference).
  const alertRef = request.alert;
  const registered = alertRef === found?.ref ? found : await services.alerts.find(alertRef);
  const lines = [`Recorded request ${request.id} for the Basis team (alert ${request.alert}).`];
  if (registered && registered === found && alsoRegisteredAs.length > 0) {
    lines.push(
      `Alert ${registered.alertId} with this terminal, user and system is also registered as ${alsoRegisteredAs.join(', ')}; the request names ${registered.ref}, the latest.`,
    );
  }
  // An alert only in an unconfirmed registration is not registered: the answer says so.
  if (!registered)
    lines.push(`Alert ${alertId} is not registered in socbot, so the request carries its ID only.`);

  const queued: QueuedAction[] = [];
  const blockJobIds = new Set<string>();
  if (actions.configured.blocking.length === 0) {
    lines.push('No blocking is configured (BLOCK=none), so I blocked nothing.');
  } else {
    // Whoever may not block alone (or on a system the approval policy lists) asks a SOC lead;
    // keyed by this form's requestId, so a replay asks once.
    const block = await actions.blockWithApproval({
      alertRef,
      terminal: request.terminal,
      username: request.username,
      system: request.system,
      requestId: requestId,
    });
    switch (block.kind) {
      case 'queued':
        queued.push(...block.queued);
        for (const action of block.queued) blockJobIds.add(action.jobId);
        break;
      case 'awaiting-approval':
        lines.push(
          `Blocking needs a SOC lead's approval (${block.reason === 'role' ? 'your role may not block alone' : `the approval policy lists ${request.system}`}): ` +
            `I asked the leads as ${block.approvalId}, which expires ${block.expiresAt.slice(0, 16).replace('T', ' ')} UTC. ` +
            'Nothing is blocked before a lead other than you approves; I will tell you the decision here.',
        );
        queued.push(...block.queued);
        break;
      case 'refused':
        lines.push(`I did not block anything: ${block.reason}`);
        break;
    }
  }

  const priority = registered?.priority ?? DEFAULT_PRIORITY;
  if (actions.configured.noticeChannels(priority).length === 0) {
    lines.push(
      'No Basis channel is configured yet (BASIS_NOTIFY is empty), so it has not been delivered: please call or message the Basis team yourself for now.',
    );
  } else {
    const { system, client } = splitSystemAndClient(request.system);
    // Only blocks: an approval card is not something done to the attacker.
    const blocked = queued.filter((action) => blockJobIds.has(action.jobId));
    queued.push(
      ...(await actions.notify({
        alertRef,
        alertId: registered?.alertId ?? alertId,
        priority,
        terminal: request.terminal,
        username: request.username,
        system,
        ...(client ? { client } : {}),
        blocked: blocked.map((action) => action.description),
      })),
    );
  }
  lines.push(...(await actions.report(queued)));
  return { text: lines.join(' '), ...(registered ? { alertRef: registered.ref } : {}) };
};
