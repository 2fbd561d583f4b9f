import { startStandIn, type StandIn } from './stand-in-server';

/** Attributes of one VirusTotal object (only what socbot reads, plus a little it does not). */
export type VirusTotalAttributes = Record<string, unknown>;

/**
 * VirusTotal API v3 under `/api/v3`: header `x-apikey` (401 WrongCredentialsError otherwise);
 * `GET /ip_addresses/{ip}`, `/domains/{domain}`, `/files/{hash}`, `/urls/{id}` where the id is
 * the URL in base64url without padding; an unknown object is 404 NotFoundError. Objects are keyed
 * `ip_addresses/8.8.8.8`, `urls/<the URL itself>`.
 */
export interface VirusTotalStandIn extends StandIn {
  objects: Map<string, VirusTotalAttributes>;
}

const COLLECTIONS = ['ip_addresses', 'domains', 'files', 'urls'];

export async function startVirusTotalStandIn(apiKey: string): Promise<VirusTotalStandIn> {
  const objects = new Map<string, VirusTotalAttributes>();
  const error = (status: number, code: string, message: string) => ({
    status,
    body: { error: { code, message } },
  });
  const standIn = await startStandIn((request) => {
    if (request.headers['x-apikey'] !== apiKey) return error(401, 'WrongCredentialsError', 'Wrong API key');
    const match = /^\/api\/v3\/([a-z_]+)\/([^/]+)$/.exec(request.url.pathname);
    if (request.method !== 'GET' || !match || !COLLECTIONS.includes(match[1] ?? ''))
      return error(400, 'BadRequestError', 'Bad request');
    const collection = match[1] ?? '';
    const raw = match[2] ?? '';
    let id: string;
    if (collection === 'urls') {
      // The API takes unpadded base64url; anything else is not a URL identifier.
      if (!/^[A-Za-z0-9_-]+$/.test(raw)) return error(400, 'BadRequestError', 'Invalid URL identifier');
      id = Buffer.from(raw, 'base64url').toString('utf8');
    } else {
      id = decodeURIComponent(raw);
    }
    const attributes = objects.get(`${collection}/${id}`);
    if (!attributes) return error(404, 'NotFoundError', `Resource not found: ${id}`);
    return { status: 200, body: { data: { id, type: collection.replace(/s$/, ''), attributes } } };
  });
  return Object.assign(standIn, { objects });
}
