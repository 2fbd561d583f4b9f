import { triageInputOf } from '../../src/app/triage-wiring';
import type { AlertView } from '../../src/store/alert-register';

/** What the model is told about an alert: its facts and notes, never who wrote a note. */
describe('triageInputOf', () => {
  it('gives the notes by time and text, without their authors', () => {
    const view = {
      ref: 'SOC-2026-0001',
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'sap-etd',
      conversationId: '',
      notes: [{ by: 'Maria Rossi', at: '2026-12-06T10:00:00.000Z', text: 'called the user' }],
    } as unknown as AlertView;
    const input = triageInputOf(view);
    expect(input.notes).toEqual(['2026-12-06T10:00:00.000Z: called the user']);
    expect(JSON.stringify(input)).not.toContain('Maria');
    expect(input.source).toBe('sap-etd');
  });
});
