import { LifecycleLedger } from '../../../src/app/next-steps/lifecycle-ledger';
import type { AlertChange } from '../../../src/store/alert-change';
import type { AlertRecord } from '../../../src/store/alert-register';

const record = (ref: string): AlertRecord =>
  ({
    ref,
    alertId: ref,
    terminal: 'PC-0815',
    username: 'DDIC',
    system: 'PRD',
    priority: 'P2',
    createdBy: 'siem',
    conversationId: '',
    createdAt: '2026-11-02T09:00:00.000Z',
    title: 'Debugging in production',
  }) as AlertRecord;

const change = (
  ref: string,
  fields: Partial<AlertChange> & Pick<AlertChange, 'action' | 'to'>,
): AlertChange =>
  ({
    change: ref,
    from: 'registered',
    by: 'Ana',
    at: '2026-11-02T10:00:00.000Z',
    requestId: `${ref}-${fields.action}-${fields.to}`,
    ...fields,
  }) as AlertChange;

describe('LifecycleLedger: the alerts and their lifecycle times, fed as the register grows', () => {
  const lines = {
    records: [record('SOC-2026-0001'), record('SOC-2026-0002')],
    changes: [
      change('SOC-2026-0001', { action: 'lead', to: 'investigating', lead: 'ana@corp.com', leadName: 'Ana' }),
      change('SOC-2026-0002', {
        action: 'lead',
        to: 'investigating',
        lead: 'ben@corp.com',
        at: '2026-11-02T10:05:00.000Z',
      }),
      change('SOC-2026-0001', { action: 'close', to: 'closed', at: '2026-11-02T11:00:00.000Z' }),
      change('SOC-2026-0002', { action: 'close', to: 'closed', by: 'Ben', at: '2026-11-02T11:30:00.000Z' }),
      change('SOC-2026-0002', { action: 'reopen', to: 'investigating', at: '2026-11-02T12:00:00.000Z' }),
    ],
  };

  it('folds lines in as they come, a change before its alert included, as it folds them at once', () => {
    const atOnce = new LifecycleLedger([]);
    atOnce.add(lines.records, lines.changes);
    expect(atOnce.all()).toEqual([
      expect.objectContaining({
        ref: 'SOC-2026-0001',
        status: 'closed',
        acknowledgedAt: '2026-11-02T10:00:00.000Z',
        acknowledgedBy: 'Ana',
        closedAt: '2026-11-02T11:00:00.000Z',
        closedBy: 'Ana',
        kind: { pattern: 'Debugging in production', system: 'PRD', userType: 'technical' },
      }),
      expect.objectContaining({
        ref: 'SOC-2026-0002',
        status: 'investigating',
        acknowledgedBy: 'ben@corp.com',
        closedAt: null,
        closedBy: null,
      }),
    ]);
    // Alert 2's changes come before alert 2 itself; each line once.
    const asTheyCome = new LifecycleLedger([]);
    asTheyCome.add([lines.records[0]!], lines.changes.slice(0, 2));
    asTheyCome.add([], lines.changes.slice(2, 4));
    asTheyCome.add([lines.records[1]!, lines.records[0]!], lines.changes.slice(4));
    expect(asTheyCome.all()).toEqual(atOnce.all());
  });

  it('reports the alerts that came or changed, a change waiting for its alert when that alert comes', () => {
    const ledger = new LifecycleLedger([]);
    const early = change('SOC-2026-0002', { action: 'lead', to: 'investigating', lead: 'ben@corp.com' });
    expect([...ledger.add([record('SOC-2026-0001')], [early])]).toEqual(['soc-2026-0001']);
    expect(ledger.get('soc-2026-0002')).toBeUndefined();
    expect([...ledger.add([record('SOC-2026-0002'), record('SOC-2026-0001')], [])]).toEqual([
      'soc-2026-0002',
    ]);
    expect(ledger.get('soc-2026-0002')?.status).toBe('investigating');
    const close = change('soc-2026-0001', { action: 'close', to: 'closed' });
    expect([...ledger.add([], [close])]).toEqual(['soc-2026-0001']);
    expect(ledger.get('soc-2026-0001')?.status).toBe('closed');
  });
});
