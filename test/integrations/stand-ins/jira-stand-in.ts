import { requireBasicAuth } from './basic-auth-check';
import { startStandIn, type RecordedRequest, type StandIn, type StandInAnswer } from './stand-in-server';

export interface JiraIssue {
  id: string;
  key: string;
  fields: { project: { key: string }; labels: string[]; [field: string]: unknown };
  /** The workflow status: `To Do` (new) → `Done` (done), and back by `Reopen`. */
  status: 'To Do' | 'Done';
  comments: string[];
}

/** The stand-in's workflow: from To Do only `Done` (id 31), from Done only `Reopen` (id 41). */
const WORKFLOW = {
  'To Do': [{ id: '31', name: 'Done', to: { name: 'Done', statusCategory: { key: 'done' } } }],
  Done: [{ id: '41', name: 'Reopen', to: { name: 'To Do', statusCategory: { key: 'new' } } }],
} as const;

/**
 * Jira REST v2 as socbot uses it: basic auth (e-mail:API token); a JQL search
 * `project = "K" AND labels = "l"` (string literals with \" escapes) → `{ issues }`;
 * `GET /rest/api/2/issue/{id}`; `POST /rest/api/2/issue` → 201 `{ id, key, self }`;
 * `GET /rest/api/2/issue/{idOrKey}?fields=status`; `GET|POST …/transitions` (POST of a transition
 * the issue's status does not offer → 400); `GET|POST …/comment` (`orderBy=-created`, `maxResults`).
 */
export interface JiraStandIn extends StandIn {
  issues: JiraIssue[];
  /** Every transition applied, as `<key> <transition name>`. */
  transitionsMade: string[];
  /** The JQL string literals of the last search, unescaped, in order. */
  lastJqlLiterals: string[];
}

const JQL_LITERAL = /"((?:[^"\\]|\\.)*)"/g;

/**
 * `cloud`: `/rest/api/2/search` is gone (410) and `/rest/api/2/search/jql` answers issue ids only;
 * `datacenter`: only `/rest/api/2/search`, with id and key.
 */
export type JiraFlavour = 'cloud' | 'datacenter';

export async function startJiraStandIn(
  user: string,
  token: string,
  project: string,
  flavour: JiraFlavour = 'cloud',
): Promise<JiraStandIn> {
  const issues: JiraIssue[] = [];
  const transitionsMade: string[] = [];
  const lastJqlLiterals: string[] = [];
  const standIn = await startStandIn((request) => {
    const denied = requireBasicAuth(request, user, token, 'Unauthorized');
    if (denied) return denied;
    const searchPath = flavour === 'cloud' ? '/rest/api/2/search/jql' : '/rest/api/2/search';
    if (flavour === 'cloud' && request.url.pathname === '/rest/api/2/search') {
      return {
        status: 410,
        body: {
          errorMessages: [
            'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.',
          ],
        },
      };
    }
    const issuePath = /^\/rest\/api\/2\/issue\/([^/]+)(\/transitions|\/comment)?$/.exec(request.url.pathname);
    if (issuePath) {
      const wanted = decodeURIComponent(issuePath[1] ?? '');
      const issue = issues.find((candidate) => candidate.id === wanted || candidate.key === wanted);
      if (!issue) return { status: 404, body: { errorMessages: ['Issue does not exist'] } };
      if (issuePath[2] === '/transitions') return transition(issue, request, transitionsMade);
      if (issuePath[2] === '/comment') return comment(issue, request);
      if (request.method !== 'GET') return { status: 405 };
      const category = issue.status === 'Done' ? 'done' : 'new';
      return {
        status: 200,
        body: {
          id: issue.id,
          key: issue.key,
          fields: { status: { name: issue.status, statusCategory: { key: category } } },
        },
      };
    }
    if (request.method === 'GET' && request.url.pathname === searchPath) {
      const jql = request.url.searchParams.get('jql') ?? '';
      // A valid query here is exactly: project = "<literal>" AND labels = "<literal>"
      const shape = /^project = ("(?:[^"\\]|\\.)*") AND labels = ("(?:[^"\\]|\\.)*")$/.exec(jql);
      if (!shape) return { status: 400, body: { errorMessages: [`Error in the JQL Query: ${jql}`] } };
      const literals = [...jql.matchAll(JQL_LITERAL)].map((match) =>
        (match[1] ?? '').replace(/\\(.)/g, '$1'),
      );
      lastJqlLiterals.splice(0, lastJqlLiterals.length, ...literals);
      const [projectKey, label] = literals;
      const found = issues.filter(
        (issue) => issue.fields.project.key === projectKey && issue.fields.labels.includes(label ?? ''),
      );
      const page = found.slice(0, 1);
      return flavour === 'cloud'
        ? { status: 200, body: { issues: page.map((issue) => ({ id: issue.id })), isLast: true } }
        : { status: 200, body: { startAt: 0, maxResults: 1, total: found.length, issues: page } };
    }
    if (request.method === 'POST' && request.url.pathname === '/rest/api/2/issue') {
      const { fields } = JSON.parse(request.body) as { fields: JiraIssue['fields'] };
      if (fields.project.key !== project)
        return { status: 400, body: { errors: { project: 'project is required' } } };
      const id = String(10000 + issues.length);
      const key = `${project}-${issues.length + 1}`;
      issues.push({ id, key, fields, status: 'To Do', comments: [] });
      return { status: 201, body: { id, key, self: `http://127.0.0.1/rest/api/2/issue/${id}` } };
    }
    return { status: 404, body: { errorMessages: ['not found'] } };
  });
  return Object.assign(standIn, { issues, transitionsMade, lastJqlLiterals });
}

function transition(issue: JiraIssue, request: RecordedRequest, made: string[]): StandInAnswer {
  const offered = WORKFLOW[issue.status];
  if (request.method === 'GET') return { status: 200, body: { transitions: offered } };
  if (request.method !== 'POST') return { status: 405 };
  const { transition: asked } = JSON.parse(request.body) as { transition?: { id?: string } };
  const chosen = offered.find((candidate) => candidate.id === asked?.id);
  if (!chosen) {
    return {
      status: 400,
      body: { errorMessages: [`Transition id '${asked?.id ?? ''}' is not valid for this issue.`] },
    };
  }
  issue.status = chosen.to.name;
  made.push(`${issue.key} ${chosen.name}`);
  return { status: 204 };
}

function comment(issue: JiraIssue, request: RecordedRequest): StandInAnswer {
  if (request.method === 'GET') {
    // `orderBy` (`created` or `-created`) and `maxResults` (default 5000 on Cloud) as Jira reads them.
    const all = issue.comments.map((body, index) => ({ id: String(100 + index), body }));
    const ordered = request.url.searchParams.get('orderBy') === '-created' ? all.toReversed() : all;
    const maxResults = Number(request.url.searchParams.get('maxResults') ?? '5000');
    const comments = ordered.slice(0, maxResults);
    return { status: 200, body: { startAt: 0, maxResults, total: all.length, comments } };
  }
  if (request.method !== 'POST') return { status: 405 };
  const { body } = JSON.parse(request.body) as { body?: unknown };
  if (typeof body !== 'string' || body === '')
    return { status: 400, body: { errors: { comment: 'Comment body can not be empty!' } } };
  issue.comments.push(body);
  return { status: 201, body: { id: String(99 + issue.comments.length), body } };
}
