import { startStandIn, type StandIn } from './stand-in-server';

/**
 * Shodan `GET /shodan/host/{ip}?key=…`: the key in the query (401 `{ error }` otherwise, quoting
 * nothing); an address Shodan has no banners for is 404 "No information available for that IP.".
 * `minify=true` leaves out the banners (`data`).
 */
export interface ShodanStandIn extends StandIn {
  /** Hosts: ports, vulns, org, tags. */
  hosts: Map<string, Record<string, unknown>>;
}

export async function startShodanStandIn(apiKey: string): Promise<ShodanStandIn> {
  const hosts = new Map<string, Record<string, unknown>>();
  const standIn = await startStandIn((request) => {
    if (request.url.searchParams.get('key') !== apiKey)
      return { status: 401, body: { error: 'Please provide a valid API key' } };
    const match = /^\/shodan\/host\/([^/]+)$/.exec(request.url.pathname);
    if (request.method !== 'GET' || !match) return { status: 404, body: { error: 'Not found' } };
    const ip = decodeURIComponent(match[1] ?? '');
    const host = hosts.get(ip);
    if (!host) return { status: 404, body: { error: 'No information available for that IP.' } };
    const minify = request.url.searchParams.get('minify') === 'true';
    return {
      status: 200,
      body: {
        ip_str: ip,
        ports: [],
        hostnames: [],
        ...host,
        ...(minify ? {} : { data: [{ port: 22, data: 'SSH-2.0' }] }),
      },
    };
  });
  return Object.assign(standIn, { hosts });
}
