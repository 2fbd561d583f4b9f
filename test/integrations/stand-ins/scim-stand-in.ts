import { requireBearer } from './basic-auth-check';
import { startStandIn, type StandIn } from './stand-in-server';

export interface ScimUser {
  id: string;
  userName: string;
  active: boolean;
}

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * A SCIM 2.0 service provider (RFC 7644) for Users: Bearer token;
 * `GET /Users?filter=userName eq "<JSON string>"` → ListResponse; `PATCH /Users/{id}` with a
 * PatchOp (`application/scim+json`) → 200 with the user. Filters it cannot parse → 400 invalidFilter.
 */
export interface ScimStandIn extends StandIn {
  users: ScimUser[];
  /** The userName values parsed out of filters, in order. */
  filteredUserNames: string[];
}

export async function startScimStandIn(token: string, users: ScimUser[]): Promise<ScimStandIn> {
  const filteredUserNames: string[] = [];
  const scimError = (status: number, scimType: string, detail: string) => ({
    status,
    headers: { 'Content-Type': 'application/scim+json' },
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(status),
      scimType,
      detail,
    },
  });
  const standIn = await startStandIn((request) => {
    const denied = requireBearer(request, token);
    if (denied) return denied;
    if (request.method === 'GET' && request.url.pathname === '/scim/v2/Users') {
      const filter = request.url.searchParams.get('filter') ?? '';
      const match = /^userName eq ("(?:[^"\\]|\\.)*")$/.exec(filter);
      if (!match?.[1]) return scimError(400, 'invalidFilter', 'unsupported filter');
      const userName = JSON.parse(match[1]) as string;
      filteredUserNames.push(userName);
      const found = users.filter((user) => user.userName === userName);
      return {
        status: 200,
        headers: { 'Content-Type': 'application/scim+json' },
        body: { schemas: [LIST_RESPONSE], totalResults: found.length, Resources: found },
      };
    }
    const patch = /^\/scim\/v2\/Users\/([^/]+)$/.exec(request.url.pathname);
    if (request.method === 'PATCH' && patch?.[1]) {
      if (request.headers['content-type'] !== 'application/scim+json')
        return scimError(415, 'invalidSyntax', 'media type');
      const user = users.find((candidate) => candidate.id === decodeURIComponent(patch[1] ?? ''));
      if (!user) return scimError(404, 'noTarget', 'no such user');
      const body = JSON.parse(request.body) as {
        schemas?: string[];
        Operations?: Array<{ op: string; path: string; value: unknown }>;
      };
      if (!body.schemas?.includes(PATCH_OP) || !Array.isArray(body.Operations))
        return scimError(400, 'invalidSyntax', 'not a PatchOp');
      for (const operation of body.Operations) {
        if (
          operation.op.toLowerCase() !== 'replace' ||
          operation.path !== 'active' ||
          typeof operation.value !== 'boolean'
        ) {
          return scimError(400, 'invalidValue', 'unsupported operation');
        }
        user.active = operation.value;
      }
      return { status: 200, headers: { 'Content-Type': 'application/scim+json' }, body: user };
    }
    return scimError(404, 'noTarget', 'not found');
  });
  return Object.assign(standIn, { users, filteredUserNames });
}
