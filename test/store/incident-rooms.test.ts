import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ConversationAddress } from '../../src/store/conversation-address';
import { INCIDENT_ROOMS_FILE_NAME, IncidentRoomRegistry } from '../../src/store/incident-rooms';
import { SocbotError } from '../../src/errors';

const ANA = { id: 'ana@soc.example', name: 'Ana' };
const MARIA = { id: 'maria@soc.example', name: 'Maria' };

function teamsThread(id: string): ConversationAddress {
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/emea/',
    conversation: { id, name: 'SOC', isGroup: true, conversationType: 'channel' },
    bot: { id: '28:socbot', name: 'socbot' },
  };
}

describe('IncidentRoomRegistry', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-rooms-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens a room once per incident: a second open (any case) finds the first, with its opener', async () => {
    const rooms = new IncidentRoomRegistry(dir, () => new Date('2026-03-01T10:00:00Z'));
    const first = await rooms.open('SOC-2026-0001', ANA);
    const again = await new IncidentRoomRegistry(dir).open('soc-2026-0001', MARIA);
    expect(first).toEqual({
      opened: true,
      room: { ref: 'SOC-2026-0001', openedBy: ANA, openedAt: '2026-03-01T10:00:00.000Z' },
    });
    expect(again).toEqual({ opened: false, room: first.room });
  });

  it('keeps the first conversation of each kind, so a retried job cannot give a room a second thread', async () => {
    const rooms = new IncidentRoomRegistry(dir);
    await rooms.open('SOC-2026-0001', ANA);
    expect(await rooms.setTeams('SOC-2026-0001', teamsThread('19:soc;messageid=1'))).toMatchObject({
      conversation: { id: '19:soc;messageid=1' },
    });
    expect(await rooms.setTeams('SOC-2026-0001', teamsThread('19:soc;messageid=2'))).toMatchObject({
      conversation: { id: '19:soc;messageid=1' },
    });
    expect(await rooms.setWebChat('SOC-2026-0001', 'dl_first')).toBe('dl_first');
    expect(await rooms.setWebChat('SOC-2026-0001', 'dl_second')).toBe('dl_first');
    // Read back by a fresh registry: it was written to disk.
    const reread = new IncidentRoomRegistry(dir);
    expect(await reread.roomOf('soc-2026-0001')).toEqual(['msteams/19:soc;messageid=1', 'webchat/dl_first']);
    expect(await reread.refOfConversation('webchat/dl_first')).toBe('SOC-2026-0001');
    expect(await reread.refOfConversation('msteams/19:soc;messageid=1')).toBe('SOC-2026-0001');
    expect(await reread.refOfConversation('msteams/19:soc')).toBeUndefined();
  });

  it('has no room for an incident nobody opened, and a room without conversations posts nowhere', async () => {
    const rooms = new IncidentRoomRegistry(dir);
    expect(await rooms.roomOf('SOC-2026-0009')).toBeUndefined();
    await rooms.open('SOC-2026-0009', ANA);
    expect(await rooms.roomOf('SOC-2026-0009')).toBeUndefined();
    await expect(rooms.setWebChat('SOC-2026-0010', 'dl_x')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('refuses a corrupt file with STORAGE_CORRUPT and leaves it as it was', async () => {
    const file = path.join(dir, INCIDENT_ROOMS_FILE_NAME);
    await writeFile(file, '{"rooms": {"SOC-2026-0001": ');
    const rooms = new IncidentRoomRegistry(dir);
    const failure = await rooms.open('SOC-2026-0002', ANA).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SocbotError);
    expect(failure).toMatchObject({ code: 'STORAGE_CORRUPT' });
    expect((failure as Error).message).toContain('Move the file aside');
    expect(await readFile(file, 'utf8')).toBe('{"rooms": {"SOC-2026-0001": ');

    await writeFile(file, JSON.stringify({ rooms: { 'SOC-2026-0001': { ref: 7 } } }));
    await expect(new IncidentRoomRegistry(dir).get('SOC-2026-0001')).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
    });
  });
});
