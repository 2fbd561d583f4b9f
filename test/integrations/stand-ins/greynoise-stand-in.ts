import { startStandIn, type StandIn } from './stand-in-server';

/**
 * GreyNoise Community API `GET /v3/community/{ip}`: header `key` (401 otherwise); an address
 * GreyNoise has not observed is 404 with `noise: false, riot: false` and a message.
 */
export interface GreyNoiseStandIn extends StandIn {
  /** Observed addresses: noise, riot, classification, name, last_seen. */
  addresses: Map<string, Record<string, unknown>>;
}

export async function startGreyNoiseStandIn(apiKey: string): Promise<GreyNoiseStandIn> {
  const addresses = new Map<string, Record<string, unknown>>();
  const standIn = await startStandIn((request) => {
    if (request.headers.key !== apiKey) return { status: 401, body: { message: 'Authentication required' } };
    const match = /^\/v3\/community\/([^/]+)$/.exec(request.url.pathname);
    if (request.method !== 'GET' || !match) return { status: 404, body: { message: 'Not found' } };
    const ip = decodeURIComponent(match[1] ?? '');
    const known = addresses.get(ip);
    if (!known)
      return {
        status: 404,
        body: {
          ip,
          noise: false,
          riot: false,
          message: 'IP not observed scanning the internet or contained in RIOT data set.',
        },
      };
    return {
      status: 200,
      body: { ip, link: `https://viz.greynoise.io/ip/${ip}`, message: 'Success', ...known },
    };
  });
  return Object.assign(standIn, { addresses });
}
