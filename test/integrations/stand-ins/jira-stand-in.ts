import { requireBasicAuth } from './basic-auth-check';
import { startStandIn, type StandIn } from './stand-in-server';

export interface JiraIssue {
  id: string;
  key: string;
  fields: { project: { key: string }; labels: string[]; [field: string]: unknown };
}

/**
 * Jira REST v2 as socbot uses it: basic auth (e-mail:API token);
 * `GET /rest/api/2/search?jql=project = "K" AND labels = "l"` (string literals with \" escapes)
 * → `{ issues }`; `POST /rest/api/2/issue` → 201 `{ id, key, self }`.
 */
export interface JiraStandIn extends StandIn {
  issues: JiraIssue[];
  /** The JQL string literals of the last search, unescaped, in order. */
  lastJqlLiterals: string[];
}

const JQL_LITERAL = /"((?:[^"\\]|\\.)*)"/g;

export async function startJiraStandIn(user: string, token: string, project: string): Promise<JiraStandIn> {
  const issues: JiraIssue[] = [];
  const lastJqlLiterals: string[] = [];
  const standIn = await startStandIn((request) => {
    const denied = requireBasicAuth(request, user, token, 'Unauthorized');
    if (denied) return denied;
    if (request.method === 'GET' && request.url.pathname === '/rest/api/2/search') {
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
      return {
        status: 200,
        body: { startAt: 0, maxResults: 1, total: found.length, issues: found.slice(0, 1) },
      };
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
