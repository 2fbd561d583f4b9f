import { jsonBody } from '../stand-ins/stand-in-server';
import { createCapturedLogger } from '../../helpers/captured-logger';
import { startMispStandIn, type MispAttribute, type MispStandIn } from '../stand-ins/misp-stand-in';
import { DOMAIN, enrichmentService, HASH, reportOf } from './enrichment-fixtures';

const API_KEY = 'misp-auth-key-NEVER-LOGGED-40chars-xxxxx';

function attribute(id: number, eventId: number, value: string, toIds: boolean, info: string): MispAttribute {
  return {
    id: String(id),
    event_id: String(eventId),
    type: 'domain',
    category: 'Network activity',
    value,
    to_ids: toIds,
    Event: { id: String(eventId), info, org_id: '1', uuid: `uuid-${eventId}` },
  };
}

describe('MISP restSearch against a stand-in', () => {
  let standIn: MispStandIn;
  const log = createCapturedLogger('debug');
  const service = () =>
    enrichmentService({ misp: { url: standIn.url, apiKey: API_KEY } }, { logger: log.logger });

  beforeEach(async () => {
    standIn = await startMispStandIn(API_KEY);
  });
  afterEach(() => standIn.close());

  it('reports hits with their events; one marked for detection makes it malicious', async () => {
    standIn.attributes.push(
      attribute(1, 42, DOMAIN.value, true, 'Phishing wave against SAP logins'),
      attribute(2, 57, DOMAIN.value, false, 'OSINT feed'),
      attribute(3, 42, DOMAIN.value, false, 'Phishing wave against SAP logins'),
    );
    expect(await reportOf(service(), 'misp', DOMAIN)).toEqual({
      source: 'misp',
      status: 'answered',
      verdict: 'malicious',
      facts: [
        { label: 'Hits', value: '3 (1 marked for detection)' },
        { label: 'Events', value: '#42 Phishing wave against SAP logins; #57 OSINT feed' },
      ],
      link: `${standIn.url}/events/view/42`,
    });
    const [request] = standIn.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers.authorization).toBe(API_KEY);
    expect(request?.headers.accept).toBe('application/json');
    expect(jsonBody(request)).toEqual({ value: DOMAIN.value, returnFormat: 'json', limit: 50 });
  });

  it('hits none marked for detection are suspicious; no hit is no-data', async () => {
    standIn.attributes.push(attribute(1, 7, HASH.value, false, 'Sandbox run'));
    expect(await reportOf(service(), 'misp', HASH)).toMatchObject({ verdict: 'suspicious' });
    expect(await reportOf(service(), 'misp', DOMAIN)).toEqual({
      source: 'misp',
      status: 'answered',
      verdict: 'no-data',
      facts: [],
    });
  });

  it('sends hostile values as JSON data, never spliced into the body', async () => {
    const hostile = { kind: 'url' as const, value: 'https://x.example/"},{"value":"*"}' };
    await reportOf(service(), 'misp', hostile);
    expect(jsonBody(standIn.requests[0]).value).toBe(hostile.value);
  });
});
