import type { SkillAction } from '../../src/skills/types';

/**
 * Opens the incident's room (or finds it open): says where its shared Web Chat page is and what
 * became of its Teams thread. The permission is checked before any question (the manifest's) and
 * again here, as every action does.
 */
export const act: SkillAction = async ({ slots, services }) => {
  const incident = slots.incident ?? '';
  const permission = await services.actions.authorize('investigate_alert', {
    summary: `open the investigation room for ${incident}`,
  });
  if (!permission.allowed) return { text: `I did not open a room. ${permission.reason}`, outcome: 'refused' };

  const room = await services.incidents.openRoom(incident);
  const lines = [
    room.opened
      ? `Opened the investigation room for ${room.ref}.`
      : `The investigation room for ${room.ref} is open already.`,
    `Everyone with the analyst or lead role can join its shared page at ${room.pagePath} on socbot's Web Chat; what anyone says there, everyone there sees.`,
  ];
  if (room.teamsNote) lines.push(room.teamsNote);
  if (room.teams) lines.push(...(await services.actions.report([room.teams])));
  // The room's opening offers what analysts did next, after opening the room, on similar alerts.
  return { text: lines.join(' '), alertRef: room.ref, offerNextSteps: true };
};
