import type { Request, Response } from 'restify';
import { asSocbotError, SocbotError } from '../../errors';
import { escapeHtml } from '../../integrations/escape-html';
import { sendError } from '../http-error';
import { DirectLineConversations } from '../directline/directline-conversations';
import { proxiedUser, requestedUser, requireSecret } from '../directline/directline-endpoint';
import type { RouteMount } from '../start-server';
import { webChatAccess } from './access-policy';
import type { WebChatConfig } from './webchat-config';
import { webChatPageHeaders, WEBCHAT_PAGE_HTML } from './webchat-page';

/** socbot's reference as it may appear in the page's path. */
const REF_IN_PATH = /^SOC-\d{4}-\d{4,6}$/i;

/** Who asks to join a room, as the token request names them. */
export interface RoomViewer {
  id: string;
  name?: string;
}

/** What the incident page needs from the app: the room of a reference, and who may join it. */
export interface IncidentPageDeps {
  /**
   * May this viewer join incident rooms (the analyst or lead role, as a Web Chat turn of theirs
   * would be checked)? A refusal is audited by the implementation; `reason` is shown.
   */
  mayJoin(viewer: RoomViewer): Promise<{ allowed: true } | { allowed: false; reason: string }>;
  /**
   * The room's shared Direct Line conversation (the room is opened, by `viewer`, when the incident
   * has none yet), or undefined when the register has no such incident.
   */
  conversationOf(
    ref: string,
    viewer: RoomViewer,
  ): Promise<{ ref: string; conversationId: string } | undefined>;
}

/**
 * An incident's shared Web Chat page (issue 13 §2): every permitted analyst who opens
 * `/incidents/SOC-2026-0001` is on the room's ONE Direct Line conversation, so everyone sees
 * everyone's messages, commands and the bot's answers as they come.
 *
 * - `GET /incidents/:ref`: the Web Chat page (its script takes the token from the route below); a
 *   path that is no socbot reference answers a 404 page that says what to open instead.
 * - `GET|POST /incidents/:ref/token`: a token for the room's conversation, as the viewer. Identified
 *   as on `/webchat/token` (docs/webchat.md): with WEBCHAT_SECRET only requests with
 *   `Authorization: Bearer <WEBCHAT_SECRET>` and the analyst's identity (`X-Socbot-User` from the SSO
 *   proxy, or a portal's `{ user }`) get one, else 401; without a secret the access policy decides
 *   and the viewer is a fresh id (the local user on loopback). Then the role: analyst or lead, else
 *   403. Only then the incident: 404 for one the register lacks, with how to fix it.
 *
 * @example
 *   startServer(config, { createBot, routes: [incidentPageRoute(deps, config.webChat)] });
 */
export function incidentPageRoute(deps: IncidentPageDeps, config: WebChatConfig): RouteMount {
  return (server, context) => {
    const webChat = context.webChat;
    if (!webChat) return;
    const access = webChatAccess(config);
    const pageHeaders = webChatPageHeaders(config.frameAncestors);

    const servePage = async (req: Request, res: Response): Promise<void> => {
      const refusal = access(req);
      if (refusal) return sendError(res, refusal.status, 'FORBIDDEN', refusal.message);
      const ref = refOf(req);
      if (!REF_IN_PATH.test(ref)) {
        sendHtml(res, 404, notFoundPage(ref), pageHeaders);
        return;
      }
      sendHtml(res, 200, WEBCHAT_PAGE_HTML, pageHeaders);
    };

    const issueToken = async (req: Request, res: Response): Promise<void> => {
      const refusal = access(req);
      if (refusal) return sendError(res, refusal.status, 'FORBIDDEN', refusal.message);
      try {
        const viewer = await viewerOf(req, config.secret);
        const answer = await deps.mayJoin(viewer);
        if (!answer.allowed) {
          sendError(res, 403, 'FORBIDDEN', `You cannot join incident rooms: ${answer.reason}`);
          return;
        }
        const ref = refOf(req);
        const room = REF_IN_PATH.test(ref) ? await deps.conversationOf(ref, viewer) : undefined;
        if (!room) {
          sendError(res, 404, 'NOT_FOUND', notFoundMessage(ref));
          return;
        }
        const { token, grant } = webChat.tokens.issue({
          conversationId: room.conversationId,
          userId: viewer.id,
          ...(viewer.name ? { userName: viewer.name } : {}),
        });
        res.setHeader('Cache-Control', 'no-store');
        res.send(200, {
          conversationId: grant.conversationId,
          token,
          expires_in: Math.round(webChat.tokens.ttlMs / 1000),
          ref: room.ref,
        });
      } catch (error) {
        const coded = asSocbotError(error);
        if (coded.code === 'UNAUTHORIZED') return sendError(res, 401, coded.code, coded.message);
        if (coded.code === 'INPUT_INVALID') return sendError(res, 400, coded.code, coded.message);
        context.logger.error({ err: error }, 'incident page token failed');
        sendError(res, 500, 'INTERNAL', 'socbot could not issue the token; the error is in its log.');
      }
    };

    server.get('/incidents/:ref', servePage);
    server.get('/incidents/:ref/token', issueToken);
    server.post('/incidents/:ref/token', issueToken);
  };
}

/**
 * The viewer a token request names. With WEBCHAT_SECRET: its holder (the SSO proxy or a portal)
 * must name the analyst, since a room is joined by role; without it, a fresh id, as the Web Chat page gets.
 */
async function viewerOf(req: Request, secret: string): Promise<RoomViewer> {
  if (secret === '') return { id: DirectLineConversations.newUserId() };
  requireSecret(req, secret);
  const named = { ...(await requestedUser(req)), ...proxiedUser(req) };
  if (named.id === undefined) {
    throw new SocbotError(
      'UNAUTHORIZED',
      'An incident room is joined by role, so the token request must name the analyst: let your SSO proxy set X-Socbot-User (or your portal send { "user": { "id": … } }), as for /webchat/token (docs/webchat.md).',
      { reason: 'no-user' },
    );
  }
  return { id: named.id, ...(named.name ? { name: named.name } : {}) };
}

function refOf(req: Request): string {
  return String((req.params as Record<string, unknown>).ref ?? '').trim();
}

function notFoundMessage(ref: string): string {
  return (
    `There is no incident ${ref} in socbot's register, so it has no room. Check the reference in the address ` +
    '(`socbot alerts` lists them, e.g. /incidents/SOC-2026-0001), or register the alert first.'
  );
}

function notFoundPage(ref: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>socbot · no such incident</title></head>
  <body>
    <h1>No incident ${escapeHtml(ref)}</h1>
    <p>${escapeHtml(notFoundMessage(ref))}</p>
    <p><a href="/webchat">Open socbot's Web Chat</a> and say "investigate SOC-2026-0001" to open an incident's room.</p>
  </body>
</html>
`;
}

function sendHtml(
  res: Response,
  status: number,
  html: string,
  headers: Readonly<Record<string, string>>,
): void {
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
}
