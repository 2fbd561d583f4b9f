import { createCapturedLogger } from '../../helpers/captured-logger';
import { startGreyNoiseStandIn, type GreyNoiseStandIn } from '../stand-ins/greynoise-stand-in';
import { enrichmentService, HASH, IP, reportOf } from './enrichment-fixtures';

const API_KEY = 'greynoise-key-NEVER-LOGGED';

describe('GreyNoise community API against a stand-in', () => {
  let standIn: GreyNoiseStandIn;
  const log = createCapturedLogger('debug');
  const service = () =>
    enrichmentService({ greynoise: { url: standIn.url, apiKey: API_KEY } }, { logger: log.logger });

  beforeEach(async () => {
    standIn = await startGreyNoiseStandIn(API_KEY);
  });
  afterEach(() => standIn.close());

  it('reports classification, noise, RIOT, name and last seen', async () => {
    standIn.addresses.set(IP.value, {
      noise: true,
      riot: false,
      classification: 'malicious',
      name: 'unknown',
      last_seen: '2026-12-05',
    });
    expect(await reportOf(service(), 'greynoise', IP)).toEqual({
      source: 'greynoise',
      status: 'answered',
      verdict: 'malicious',
      facts: [
        { label: 'Classification', value: 'malicious' },
        { label: 'Internet noise', value: 'yes' },
        { label: 'RIOT (known business service)', value: 'no' },
        { label: 'Name', value: 'unknown' },
        { label: 'Last seen', value: '2026-12-05' },
      ],
      link: 'https://viz.greynoise.io/ip/185.220.101.4',
    });
    expect(standIn.requests[0]?.url.pathname).toBe('/v3/community/185.220.101.4');
    expect(standIn.requests[0]?.headers.key).toBe(API_KEY);
  });

  it('a RIOT business service is harmless', async () => {
    standIn.addresses.set('8.8.8.8', {
      noise: false,
      riot: true,
      classification: 'benign',
      name: 'Google Public DNS',
    });
    expect(await reportOf(service(), 'greynoise', { kind: 'ip', value: '8.8.8.8' })).toMatchObject({
      verdict: 'harmless',
    });
  });

  it('404 "not observed" is no-data, not clean', async () => {
    expect(await reportOf(service(), 'greynoise', IP)).toMatchObject({
      status: 'answered',
      verdict: 'no-data',
    });
  });

  it('encodes the address as one path segment and covers addresses only', async () => {
    await reportOf(service(), 'greynoise', { kind: 'ip', value: '2001:db8::1/../x' });
    expect(standIn.requests[0]?.url.pathname).toBe('/v3/community/2001%3Adb8%3A%3A1%2F..%2Fx');
    expect(await reportOf(service(), 'greynoise', HASH)).toEqual({
      source: 'greynoise',
      status: 'not-applicable',
    });
    expect(standIn.requests).toHaveLength(1);
  });
});
