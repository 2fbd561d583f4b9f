import { requireBasicAuth } from './basic-auth-check';
import { startStandIn, type StandIn } from './stand-in-server';

export interface JiraIssue {
  id: string;
  key: string;
  fields: { project: { key: string }; labels: string[]; [field: string]: unknown };
}

/**
 * Jira REST v2 as socbot uses it: basic auth (e-mail:API token); a JQL search
 * `project = "K" AND labels = "l"` (string literals with \" escapes) → `{ issues }`;
 * `GET /rest/api/2/issue/{id}`; `POST /rest/api/2/issue` → 201 `{ id, key, self }`.
 */
export interface JiraStandIn extends StandIn {
  issues: JiraIssue[];
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
    const issuePath = /^\/rest\/api\/2\/issue\/(\d+)$/.exec(request.url.pathname);
    if (request.method === 'GET' && issuePath) {
      const issue = issues.find((candidate) => candidate.id === issuePath[1]);
      return issue ? { status: 200, body: { id: issue.id, key: issue.key, fields: {} } } : { status: 404 };
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
      issues.push({ id, key, fields });
      return { status: 201, body: { id, key, self: `http://127.0.0.1/rest/api/2/issue/${id}` } };
    }
    return { status: 404, body: { errorMessages: ['not found'] } };
  });
  return Object.assign(standIn, { issues, lastJqlLiterals });
}
