import { parseSiemAlert } from '../../src/channels/siem-intake/siem-alert-schema';

describe('parseSiemAlert', () => {
  it('treats null and empty values as absent and keeps the SIEM alert ID shape', () => {
    const parsed = parseSiemAlert({
      alertId: 'scheduler__admin__search_at_1795000000_42',
      terminal: null,
      username: '  ',
      priority: 1,
    });
    expect(parsed).toEqual({
      ok: true,
      facts: { alertId: 'scheduler__admin__search_at_1795000000_42', priority: 'P1', source: 'siem' },
    });
  });

  it('refuses an alert ID with characters unsafe in a key or a URL', () => {
    expect(parseSiemAlert({ alertId: '47/../11' })).toMatchObject({ ok: false, field: 'alertId' });
    expect(parseSiemAlert({ alertId: -1 })).toMatchObject({ ok: false, field: 'alertId' });
  });

  it('refuses a client that contradicts the system, and takes one given either way', () => {
    expect(parseSiemAlert({ alertId: '1', system: 'PRD/100', client: '200' })).toMatchObject({
      ok: false,
      field: 'client',
    });
    expect(parseSiemAlert({ alertId: '1', system: 'PRD', client: '100' })).toMatchObject({
      ok: true,
      facts: { system: 'PRD', client: '100' },
    });
    expect(parseSiemAlert({ alertId: '1', client: '1000' })).toMatchObject({ ok: false, field: 'client' });
  });

  it('refuses a source that could not be part of an idempotency key', () => {
    expect(parseSiemAlert({ alertId: '1', source: 'Splunk Prod:1' })).toMatchObject({
      ok: false,
      field: 'source',
    });
  });

  it.each([
    [{ sev: 9 }, 'P1'],
    [{ sev: '7' }, 'P2'],
    [{ Severity: 'Medium' }, 'P3'],
    [{ Severity: 'LOW' }, 'P4'],
    [{ sev: 2 }, 'P5'],
  ])('maps the ETD severity %j to %s', (severity, priority) => {
    expect(parseSiemAlert({ AlertId: '2888', ...severity })).toMatchObject({ ok: true, facts: { priority } });
  });

  it('names the ETD field when an ETD value is invalid or the ID is missing', () => {
    expect(parseSiemAlert({ AlertId: '2888', sev: 11 })).toMatchObject({ ok: false, field: 'sev' });
    expect(parseSiemAlert({ AlertId: null, PatternName: 'x' })).toMatchObject({
      ok: false,
      field: 'AlertId',
    });
  });

  it('takes the first ETD field present: the initiator before the actor', () => {
    expect(
      parseSiemAlert({
        AlertId: '1',
        NetworkHostnameActor: 'actor-host',
        NetworkHostnameInitiator: 'initiator-host',
      }),
    ).toMatchObject({ ok: true, facts: { terminal: 'initiator-host' } });
    expect(parseSiemAlert({ AlertId: '1', NetworkHostnameActor: 'actor-host' })).toMatchObject({
      ok: true,
      facts: { terminal: 'actor-host' },
    });
  });
});
