import { startStandIn, type StandIn } from './stand-in-server';

/** One MISP attribute as restSearch returns it (with its Event summary). */
export interface MispAttribute {
  id: string;
  event_id: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  Event: { id: string; info: string; org_id: string; uuid: string };
}

/**
 * MISP `POST /attributes/restSearch` with a JSON body `{ value, returnFormat: 'json', limit }`:
 * header `Authorization: <key>` (403 otherwise, as MISP answers), `Accept: application/json`;
 * answers `{ response: { Attribute: [...] } }` (empty when nothing matches), at most `limit`.
 */
export interface MispStandIn extends StandIn {
  attributes: MispAttribute[];
}

export async function startMispStandIn(apiKey: string): Promise<MispStandIn> {
  const attributes: MispAttribute[] = [];
  const standIn = await startStandIn((request) => {
    if (request.headers.authorization !== apiKey)
      return {
        status: 403,
        body: {
          name: 'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.',
          message: 'Authentication failed.',
          url: '/attributes/restSearch',
        },
      };
    if (request.method !== 'POST' || request.url.pathname !== '/attributes/restSearch')
      return { status: 404, body: { name: 'Not Found', message: 'Not Found' } };
    if (
      request.headers.accept !== 'application/json' ||
      !String(request.headers['content-type']).startsWith('application/json')
    )
      return { status: 400, body: { name: 'Bad request', message: 'JSON expected' } };
    const query = JSON.parse(request.body) as { value?: string; returnFormat?: string; limit?: number };
    if (query.returnFormat !== 'json' || typeof query.value !== 'string')
      return { status: 400, body: { name: 'Bad request', message: 'value and returnFormat json expected' } };
    const found = attributes
      .filter((attribute) => attribute.value === query.value)
      .slice(0, query.limit ?? 1000);
    return { status: 200, body: { response: { Attribute: found } } };
  });
  return Object.assign(standIn, { attributes });
}
