import { z } from 'zod';
import { IntegrationError } from '../integrations/integration-error';
import type { ChannelThreads } from '../integrations/notify/proactive-delivery';
import { roomHeaderMessage, type RoomHeader } from '../integrations/notify/room-header-card';
import type { ConversationAddress } from '../store/conversation-address';
import { conversationKeyOf } from '../store/conversation-directory';
import type { IncidentRoom } from '../store/incident-rooms';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind, type JobDeps } from './job-kind';

const TYPE = 'room.teams';
const SERVICE = 'room-teams';

/** What the `room.teams` job needs besides the conversation directory: the room registry and thread creation. */
export interface RoomJobDeps {
  threads: ChannelThreads;
  rooms: {
    get(ref: string): Promise<IncidentRoom | undefined>;
    setTeams(ref: string, address: ConversationAddress): Promise<ConversationAddress>;
  };
}

const headerSchema = z.object({
  ref: z.string(),
  alertId: z.string(),
  priority: z.string(),
  system: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  lead: z.string().optional(),
}) satisfies z.ZodType<RoomHeader>;

/** The room's reply chain: its conversation key, and whether this job started it. */
export interface RoomTeamsResult {
  conversationKey: string;
  created: boolean;
}

const resultSchema = z.object({
  conversationKey: z.string(),
  created: z.boolean(),
}) satisfies z.ZodType<RoomTeamsResult>;

/** What an attempt that started the thread stored before it told the registry (see the handler). */
const progressSchema = z.object({
  conversationKey: z.string(),
  address: z.custom<ConversationAddress>(
    (value) => typeof value === 'object' && value !== null && 'conversation' in value,
  ),
});

/**
 * Opens an incident's room in Teams: a new reply chain in the SOC channel (the conversation
 * registered for SOC alerts, else the one for SOC leads), headed by the incident's number, the
 * SIEM's title and description and the lead (room-header-card.ts), remembered in the room registry.
 *
 * Once per incident, across retries and restarts: an attempt first looks for the room's thread in
 * the registry, then in its own saved progress (a crash between starting the thread and recording
 * it), and only then starts one; it saves the new thread as progress before anything else. Without
 * a registered SOC channel it fails at once and says how to register one.
 *
 * @example
 *   await jobs.queue(outbox, roomTeamsJob, { ref, alertId, priority, system, lead }, { alertRef: ref });
 */
export const roomTeamsJob = defineJobKind<RoomHeader, RoomTeamsResult>({
  type: TYPE,
  payload: headerSchema,
  result: resultSchema,
  key: (header) => idempotencyKeyOf(header.ref, TYPE),
  permission: 'investigate_alert',
  wording: (header) => ({
    task: `open the Teams room for ${header.ref} in the SOC channel`,
    success: (result) =>
      result.created
        ? `Opened the room for ${header.ref} as a new thread in the SOC channel in Teams.`
        : `The Teams room for ${header.ref} was already open in the SOC channel.`,
  }),
  handler: (deps: JobDeps) => {
    const { rooms } = deps;
    if (!rooms) return undefined;
    return async (header, context) => {
      const room = await rooms.rooms.get(header.ref);
      if (room?.teams) return { conversationKey: conversationKeyOf(room.teams.address), created: false };
      const saved = progressSchema.safeParse(context.progress);
      if (saved.success) {
        await rooms.rooms.setTeams(header.ref, saved.data.address);
        return { conversationKey: saved.data.conversationKey, created: true };
      }
      const channel = await socChannel(deps);
      const started = await rooms.threads.startThread(channel, roomHeaderMessage(header), {
        signal: context.signal,
      });
      // Kept before anything else can fail: a retry must find this thread, not start another.
      await context.saveProgress(started);
      const kept = await rooms.rooms.setTeams(header.ref, started.address);
      return { conversationKey: conversationKeyOf(kept), created: true };
    };
  },
});

/** The SOC channel: registered for SOC alerts, else for SOC lead notices. */
async function socChannel({ conversations }: JobDeps): Promise<string> {
  const [channel] = [...(await conversations.list('soc')), ...(await conversations.list('leads'))];
  if (channel === undefined) {
    throw new IntegrationError(
      'No SOC channel is registered, so the room cannot be opened in Teams. In the SOC channel, say "register this channel for soc alerts", then ask again; the shared Web Chat page works meanwhile.',
      { service: SERVICE, kind: 'not-found', retryable: false },
    );
  }
  return channel;
}
