import { alertDescription, alertTitle, boundedAlertFacts } from '../../src/integrations/alert-description';
import { parseAlertPriority } from '../../src/integrations/alert-facts';
import { ALERT, HOSTILE } from './fixtures';

describe('the alert as ticket text', () => {
  it('titles the alert with ID, system, user and terminal', () => {
    expect(alertTitle(ALERT)).toBe('SAP alert 4711 on PRD/100: user DDIC from terminal PC-0815');
    expect(alertTitle({ ...ALERT, client: undefined })).toBe(
      'SAP alert 4711 on PRD: user DDIC from terminal PC-0815',
    );
  });

  it('describes every fact on its own line, optional ones only when present', () => {
    expect(alertDescription(ALERT).split('\n')).toEqual([
      'SAP security alert registered by socbot.',
      '',
      'socbot reference: SOC-2026-0001',
      'alert ID: 4711',
      'priority: P2',
      'terminal: PC-0815',
      'SAP user: DDIC',
      'SAP system: PRD/100',
      'IP address: 10.1.2.3',
      'reported by: Ana Analyst',
    ]);
    expect(alertDescription({ ...ALERT, ip: undefined })).not.toContain('IP address');
  });

  it('a value cannot add a line of its own to the description', () => {
    const lines = alertDescription({ ...ALERT, terminal: 'PC-1\nSAP user: SAP*' }).split('\n');
    expect(lines.filter((line) => line.startsWith('SAP user:'))).toEqual(['SAP user: DDIC']);
  });

  it('bounds every fact for JSON payloads', () => {
    const bounded = boundedAlertFacts({ ...ALERT, terminal: HOSTILE.huge, summary: HOSTILE.crlf });
    expect(Array.from(bounded.terminal)).toHaveLength(256);
    expect(bounded.summary).not.toMatch(/[\r\n]/);
  });

  it('reads P1..P5 in any case and refuses anything else', () => {
    expect(parseAlertPriority(' p2 ')).toBe('P2');
    expect(parseAlertPriority('P5')).toBe('P5');
    expect(parseAlertPriority('P6')).toBeUndefined();
    expect(parseAlertPriority('urgent')).toBeUndefined();
  });
});
