import { timelineWhat, timelineWho } from '../audit/alert-timeline';
import { SocbotError } from '../errors';
import { roomTeamsJob } from '../jobs/room-teams-job';
import type { IncidentServices, QueuedAction, RoomOpening } from '../skills/types';
import type { AlertView } from '../store/alert-register';
import type { IncidentRoomRegistry } from '../store/incident-rooms';
import { auditActorOf } from '../conversation/turn-actor';
import type { ActionOrigin, ActionServicesDeps } from './action-services';
import { queueAudited } from './audited-queue';
import { plainChatText } from './plain-chat-text';
import { queuedActionOf } from './outcome-reports';

/** What an incident's room and timeline need besides what every turn's side effects share. */
export interface IncidentServicesDeps extends ActionServicesDeps {
  rooms: Pick<IncidentRoomRegistry, 'open' | 'webChatOf'>;
  alerts: { view(refOrAlertId: string): Promise<AlertView | undefined> };
  /** The SOC channel candidates in Teams (registered for SOC alerts or SOC lead notices). */
  socChannels(): Promise<readonly string[]>;
}

/** The path of an incident's shared Web Chat page on socbot's server. */
export function incidentPagePath(ref: string): string {
  return `/incidents/${encodeURIComponent(ref)}`;
}

/**
 * The incident services of one turn (SkillServices.incidents), bound to the analyst who asks and
 * the conversation results are told in. The start of a Teams thread is queued like every side
 * effect (audited `call`, held for the turn's answer).
 *
 * @example
 *   const incidents = createIncidentServices(deps, { actor, conversationId, conversationKey });
 *   const room = await incidents.openRoom('SOC-2026-0001'); // { opened: true, pagePath: '/incidents/SOC-2026-0001', teams: … }
 */
export function createIncidentServices(deps: IncidentServicesDeps, origin: ActionOrigin): IncidentServices {
  const actor = origin.auditAs ?? auditActorOf(origin.actor, deps.rolesOf(origin.actor));

  async function registered(refOrAlertId: string): Promise<AlertView> {
    const alert = await deps.alerts.view(refOrAlertId);
    if (!alert) {
      throw new SocbotError(
        'INPUT_INVALID',
        `There is no alert ${refOrAlertId.trim()} in the register. Check the reference (\`socbot alerts\` lists them) or register the alert first.`,
        { ref: refOrAlertId },
      );
    }
    return alert;
  }

  async function queueTeamsThread(alert: AlertView): Promise<QueuedAction> {
    const header = {
      ref: alert.ref,
      alertId: alert.alertId,
      priority: alert.priority,
      system: alert.client ? `${alert.system}/${alert.client}` : alert.system,
      ...(alert.title ? { title: alert.title } : {}),
      ...(alert.description ? { description: alert.description } : {}),
      ...(alert.lead ? { lead: alert.lead.name } : {}),
    };
    const job = await queueAudited(
      deps,
      roomTeamsJob,
      header,
      {
        alertRef: alert.ref,
        conversationKey: origin.conversationKey,
        userId: origin.actor.aadObjectId ?? origin.actor.id,
      },
      {
        actor,
        conversationId: origin.conversationId,
        onQueued: (queued) => {
          if (origin.conversationKey !== '') deps.reports.hold(queued.id);
        },
      },
    );
    return queuedActionOf(job, roomTeamsJob.describe(header).task);
  }

  return {
    async openRoom(refOrAlertId) {
      const alert = await registered(refOrAlertId);
      const { room, opened } = await deps.rooms.open(alert.ref, {
        id: origin.actor.id,
        name: origin.actor.name ?? origin.actor.id,
      });
      await deps.rooms.webChatOf(alert.ref);
      const opening: RoomOpening = { ref: alert.ref, opened, pagePath: incidentPagePath(alert.ref) };
      if (room.teams)
        return { ...opening, teamsNote: 'Its thread in the SOC channel in Teams is open already.' };
      if ((await deps.socChannels()).length === 0) {
        return {
          ...opening,
          teamsNote:
            'No SOC channel is registered in Teams, so the room has no Teams thread; in the SOC channel say "register this channel for soc alerts" and ask again.',
        };
      }
      return { ...opening, teams: await queueTeamsThread(alert) };
    },

    async timeline(refOrAlertId) {
      const alert = await registered(refOrAlertId);
      const entries = await deps.audit.entriesOfAlert(alert.ref);
      return {
        ref: alert.ref,
        status: alert.status,
        ...(alert.lead ? { lead: alert.lead.name } : {}),
        lines: entries.map((entry) => ({
          at: entry.at,
          who: plainChatText(timelineWho(entry)),
          what: plainChatText(timelineWhat(entry)),
          result: plainChatText(entry.result ?? ''),
        })),
      };
    },
  };
}
