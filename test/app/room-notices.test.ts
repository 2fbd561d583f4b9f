import type { AlertLifecycle } from '../../src/app/alert-lifecycle';
import { createRoomNotices, type RoomNotices } from '../../src/app/room-notices';
import { reportOutcomesToRooms } from '../../src/app/room-outcomes';
import { roomToldLifecycle } from '../../src/app/room-told-lifecycle';
import { IntegrationError } from '../../src/integrations/integration-error';
import { JOB_KINDS } from '../../src/jobs/job-kinds';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import type { AlertView } from '../../src/store/alert-register';
import { createCapturedLogger } from '../helpers/captured-logger';

const REF = 'SOC-2026-0001';

function job(type: string, origin: OutboxJob['origin'], result: OutboxJob['result'] = {}): OutboxJob {
  return {
    id: `job-${type}`,
    type,
    idempotencyKey: `${REF}:${type}`,
    payload: { ref: REF, text: 'card', card: {} },
    status: 'succeeded',
    attempts: 1,
    nextAttemptAt: '2026-03-01T10:00:00.000Z',
    result,
    origin,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
  };
}

/** Records what would be told in which room, and who was left out. */
function recordingNotices(): RoomNotices & { told: Array<[string, string, string | undefined]> } {
  const told: Array<[string, string, string | undefined]> = [];
  return {
    told,
    tell: async (ref, text, except) => {
      told.push([ref, text, except]);
    },
  };
}

describe('room notices', () => {
  it('posts into every conversation of the room but the one that asked; a failed post is logged, not thrown', async () => {
    const delivered: string[] = [];
    const log = createCapturedLogger('warn');
    const notices = createRoomNotices({
      rooms: {
        roomOf: async (ref) =>
          ref === REF ? ['msteams/thread', 'webchat/dl_room', 'msteams/asker'] : undefined,
      },
      delivery: {
        deliver: async (key) => {
          if (key === 'webchat/dl_room') {
            throw new IntegrationError('page closed', {
              service: 'webchat',
              kind: 'not-found',
              retryable: false,
            });
          }
          delivered.push(key);
        },
      },
      logger: log.logger,
    });
    await notices.tell(REF, 'Ticket created.', 'msteams/asker');
    await notices.tell('SOC-2026-0002', 'no room here');
    expect(delivered).toEqual(['msteams/thread']);
    expect(log.text()).toContain('could not post to the incident room');
  });

  it("tells the room a side effect's outcome for its incident, not the room's own thread, cards or timers", async () => {
    let listener: ((settled: OutboxJob) => void) | undefined;
    const outbox = {
      onSettled: (heard: (settled: OutboxJob) => void) => {
        listener = heard;
        return () => (listener = undefined);
      },
    };
    const notices = recordingNotices();
    const rooms = reportOutcomesToRooms(outbox, notices, (settled) => JOB_KINDS.wordingOf(settled));
    listener?.(
      job(
        'ticket.create',
        { alertRef: REF, conversationKey: 'msteams/asker' },
        { system: 'servicenow', id: 'abc', number: 'INC0010001' },
      ),
    );
    listener?.(job('post.soc', { alertRef: REF }));
    listener?.(job('room.teams', { alertRef: REF, conversationKey: 'msteams/asker' }));
    listener?.(job('post.approval', { alertRef: REF, conversationKey: 'msteams/asker' }));
    listener?.(job('escalate.next', { alertRef: REF }));
    listener?.(job('ticket.create', { conversationKey: 'msteams/asker' }));
    await rooms.close();
    expect(listener).toBeUndefined();
    expect(notices.told).toHaveLength(1);
    expect(notices.told[0]?.[0]).toBe(REF);
    expect(notices.told[0]?.[1]).toMatch(/^SOC-2026-0001: /);
    expect(notices.told[0]?.[2]).toBe('msteams/asker');
  });

  it('tells a lifecycle change that changed something, once, leaving out the conversation that asked', async () => {
    let current: AlertView = view('registered', null);
    const change = async (): Promise<AlertView> => {
      current = view('investigating', { id: 'ana@soc.example', name: 'Ana' });
      return current;
    };
    const lifecycle = {
      lookup: async () => current,
      list: async () => [current],
      takeLead: change,
      assign: change,
      note: change,
      contain: change,
      close: async () => ({
        ...(await change()),
        ticketUpdate: { queued: false, reason: 'no-ticketing', said: '' },
      }),
      reopen: async () => ({
        ...(await change()),
        ticketUpdate: { queued: false, reason: 'no-ticketing', said: '' },
      }),
    } as unknown as AlertLifecycle;
    const notices = recordingNotices();
    const told = roomToldLifecycle(lifecycle, notices, async () => current);
    const asked = {
      actor: { id: 'ana@soc.example', name: 'Ana' },
      ref: REF,
      requestId: 'r1',
      conversationKey: 'msteams/ana',
    };

    await told.takeLead(asked);
    // The same request again (a replayed Confirm): nothing changed, nothing told.
    await told.takeLead(asked);
    expect(notices.told).toEqual([
      [REF, `${REF} is now investigating; lead: Ana. Changed by Ana.`, 'msteams/ana'],
    ]);
  });
});

function view(status: AlertView['status'], lead: AlertView['lead']): AlertView {
  return {
    ref: REF,
    alertId: '4711',
    terminal: 'PC-0815',
    username: 'DDIC',
    system: 'PRD',
    priority: 'P2',
    createdBy: 'Ana',
    conversationId: 'c0',
    createdAt: '2026-03-01T10:00:00.000Z',
    status,
    classification: null,
    lead,
    notes: [],
    updatedAt: null,
  };
}
