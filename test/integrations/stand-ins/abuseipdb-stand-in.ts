import { startStandIn, type StandIn } from './stand-in-server';

/**
 * AbuseIPDB API v2 `GET /api/v2/check?ipAddress=…&maxAgeInDays=…`: header `Key` (401 with
 * `errors[].detail` otherwise), `Accept: application/json` expected; 422 for a value that is not
 * an IP address; an address nobody reported answers with score 0 and 0 reports.
 */
export interface AbuseIpdbStandIn extends StandIn {
  /** Reported addresses: score, reports, ISP …; others are unreported. */
  addresses: Map<string, Record<string, unknown>>;
}

export async function startAbuseIpdbStandIn(apiKey: string): Promise<AbuseIpdbStandIn> {
  const addresses = new Map<string, Record<string, unknown>>();
  const standIn = await startStandIn((request) => {
    if (request.headers.key !== apiKey)
      return {
        status: 401,
        body: {
          errors: [
            {
              detail: 'Authentication failed. Your API key is either missing, incorrect, or revoked.',
              status: 401,
            },
          ],
        },
      };
    if (request.method !== 'GET' || request.url.pathname !== '/api/v2/check')
      return { status: 404, body: { errors: [{ detail: 'Not found', status: 404 }] } };
    if (request.headers.accept !== 'application/json')
      return { status: 406, body: 'Accept: application/json required' };
    const ip = request.url.searchParams.get('ipAddress') ?? '';
    const maxAge = Number(request.url.searchParams.get('maxAgeInDays'));
    if (!/^[0-9a-f:.]+$/i.test(ip) || !(maxAge >= 1 && maxAge <= 365))
      return {
        status: 422,
        body: {
          errors: [
            {
              detail: 'The ip address must be a valid IPv4 or IPv6 address.',
              status: 422,
              source: { parameter: 'ipAddress' },
            },
          ],
        },
      };
    const known = addresses.get(ip) ?? {};
    return {
      status: 200,
      body: {
        data: {
          ipAddress: ip,
          isPublic: true,
          ipVersion: ip.includes(':') ? 6 : 4,
          isWhitelisted: false,
          abuseConfidenceScore: 0,
          countryCode: null,
          usageType: null,
          isp: null,
          domain: null,
          hostnames: [],
          isTor: false,
          totalReports: 0,
          numDistinctUsers: 0,
          lastReportedAt: null,
          ...known,
        },
      },
    };
  });
  return Object.assign(standIn, { addresses });
}
