import { randomBytes } from 'node:crypto';
import { SocbotError } from '../errors';
import type { ConversationAddress } from './conversation-address';
import { conversationKeyOf } from './conversation-directory';
import { isPlainObject } from './data-file';
import { documentsIn, type DocumentsSource } from './file-documents';
import type { JsonDocument, TurnStartRead } from './json-document';

/** Who opened a room (the channel's user id and the name to show). */
export interface RoomOpener {
  id: string;
  name: string;
}

/**
 * The investigation room of one incident: where its people talk about it, and where its results
 * are posted. A room has a Teams conversation (a reply chain in the SOC channel) once the
 * `room.teams` job created it, and a Web Chat conversation (the shared page `/incidents/REF`) once
 * someone opened the page or the room.
 */
export interface IncidentRoom {
  /** socbot's reference of the incident, upper case: `SOC-2026-0001`. */
  ref: string;
  /** The room's reply chain in the SOC channel, as the connector answered its creation. */
  teams?: { address: ConversationAddress };
  /** The one Direct Line conversation every viewer of `/incidents/REF` shares. */
  webchat?: { conversationId: string };
  openedBy: RoomOpener;
  /** ISO 8601 time the room was first opened. */
  openedAt: string;
}

/** What {@link IncidentRoomRegistry.open} did: the room, and whether this call created it. */
export interface RoomOpening {
  room: IncidentRoom;
  opened: boolean;
}

interface RoomsFile {
  rooms: Record<string, IncidentRoom>;
}

function isRoomsFile(data: unknown): data is RoomsFile {
  return (
    isPlainObject(data) &&
    isPlainObject(data.rooms) &&
    Object.values(data.rooms).every(
      (room) => isPlainObject(room) && typeof room.ref === 'string' && typeof room.openedAt === 'string',
    )
  );
}

/** The file under the data directory that holds the incident rooms. */
export const INCIDENT_ROOMS_FILE_NAME = 'incident-rooms.json';

/** The conversation directory key of a Web Chat conversation (the built-in Direct Line's channel). */
export function webChatConversationKey(conversationId: string): string {
  return conversationKeyOf({ channelId: 'webchat', conversation: { id: conversationId } });
}

/**
 * The incident rooms (`<dataDir>/incident-rooms.json`, written atomically and durably like the
 * other JSON data files): reference → its Teams and Web Chat conversations, who opened it and when.
 * Opening is idempotent by reference: a second "investigate SOC-2026-0001" finds the first room,
 * and each conversation is set once (the first writer keeps it, so a job retried after a crash
 * cannot give a room a second reply chain). A file socbot cannot read fails with STORAGE_CORRUPT.
 *
 * @example
 *   const rooms = new IncidentRoomRegistry('./data');
 *   const { room, opened } = await rooms.open('SOC-2026-0001', { id: 'ana@soc.example', name: 'Ana' });
 *   await rooms.setWebChat('SOC-2026-0001', 'dl_abc');
 *   await rooms.roomOf('SOC-2026-0001'); // ['webchat/dl_abc']
 */
export class IncidentRoomRegistry {
  private readonly file: JsonDocument<RoomsFile>;

  constructor(
    /** The data directory (files), or a backend's documents (PostgreSQL). */
    where: DocumentsSource,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = documentsIn(where).open({
      name: INCIDENT_ROOMS_FILE_NAME,
      defaults: () => ({ rooms: {} }),
      isValid: isRoomsFile,
      afterMovingAside:
        'Without it the incidents have no rooms until someone opens them again ("investigate SOC-…"); a Teams reply chain opened before is then opened anew.',
    });
  }

  /** The room of `ref`, created when it has none yet. */
  open(ref: string, by: RoomOpener): Promise<RoomOpening> {
    const key = normalRef(ref);
    return this.file.update((data) => {
      const existing = data.rooms[key];
      if (existing) return { room: structuredClone(existing), opened: false };
      const room: IncidentRoom = { ref: key, openedBy: { ...by }, openedAt: this.now().toISOString() };
      data.rooms[key] = room;
      return { room: structuredClone(room), opened: true };
    });
  }

  /** The room of `ref`, or undefined when nobody opened one. */
  get(ref: string): Promise<IncidentRoom | undefined> {
    const key = normalRef(ref);
    return this.file.view((data) => {
      const room = data.rooms[key];
      return room && structuredClone(room);
    });
  }

  /**
   * Gives the room its Teams reply chain, unless it has one: returns the address the room keeps
   * (the earlier one when there was one). Fails when the room was never opened.
   */
  setTeams(ref: string, address: ConversationAddress): Promise<ConversationAddress> {
    return this.change(ref, (room) => {
      room.teams ??= { address: structuredClone(address) };
      return structuredClone(room.teams.address);
    });
  }

  /**
   * The room's shared Web Chat conversation id, given to it now when it has none (a Direct Line
   * id, `dl_…`). Fails when the room was never opened.
   */
  webChatOf(ref: string): Promise<string> {
    return this.setWebChat(ref, `dl_${randomBytes(12).toString('base64url')}`);
  }

  /** Gives the room its shared Web Chat conversation, unless it has one: returns the id it keeps. */
  setWebChat(ref: string, conversationId: string): Promise<string> {
    return this.change(ref, (room) => {
      room.webchat ??= { conversationId };
      return room.webchat.conversationId;
    });
  }

  /**
   * The conversation directory keys of the room of `ref` (Teams first), or undefined when the
   * incident has no room or its room no conversation yet. Where results for an incident are posted
   * besides the conversation that asked.
   */
  async roomOf(ref: string): Promise<string[] | undefined> {
    const room = await this.get(ref);
    if (!room) return undefined;
    const keys = [
      ...(room.teams ? [conversationKeyOf(room.teams.address)] : []),
      ...(room.webchat ? [webChatConversationKey(room.webchat.conversationId)] : []),
    ];
    return keys.length > 0 ? keys : undefined;
  }

  /**
   * The incident whose room `conversationKey` is, or undefined for any other conversation.
   * `turnStart`: asked by a turn first thing under its lock (every turn asks it), which a shared
   * database answers from what the lock read alongside.
   */
  refOfConversation(conversationKey: string, turnStart?: TurnStartRead): Promise<string | undefined> {
    return this.file.view((data) => {
      for (const room of Object.values(data.rooms)) {
        if (room.teams && conversationKeyOf(room.teams.address) === conversationKey) return room.ref;
        if (room.webchat && webChatConversationKey(room.webchat.conversationId) === conversationKey)
          return room.ref;
      }
      return undefined;
    }, turnStart);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  private change<R>(ref: string, apply: (room: IncidentRoom) => R): Promise<R> {
    const key = normalRef(ref);
    return this.file.update((data) => {
      const room = data.rooms[key];
      if (!room) {
        throw new SocbotError(
          'INPUT_INVALID',
          `No room was opened for ${key}, so it cannot be given a conversation. Open it first ("investigate ${key}").`,
          { ref: key },
        );
      }
      return apply(room);
    });
  }
}

function normalRef(ref: string): string {
  return ref.trim().toUpperCase();
}
