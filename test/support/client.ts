import { signToken } from '../../src/auth/jwt';
import type { Role } from '../../src/auth/roles';
import { users } from '../../seed/demo-data';

export const SERVER_URL = () => process.env.MRN_TEST_URL!;

export interface GqlResult<T = any> {
  status: number;
  data: T | null;
  errors: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] | undefined;
  statements: number;
  headers: Headers;
}

/** Posts a GraphQL request to the test server. `token: null` sends none. */
export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token: string | null = null, headers: Record<string, string> = {}): Promise<GqlResult<T>> {
  const send = () => fetch(`${SERVER_URL()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  let response: Response;
  try {
    response = await send();
  } catch (e) {
    // a pooled keep-alive socket the server closed at the moment it was reused: the request never
    // reached the server, so it is sent once more on a new connection
    if (!/other side closed|ECONNRESET|socket hang up/i.test(String((e as any)?.cause?.message ?? (e as Error).message))) throw e;
    response = await send();
  }
  const body = (await response.json()) as { data?: T; errors?: GqlResult['errors'] };
  return {
    status: response.status,
    data: body.data ?? null,
    errors: body.errors,
    statements: Number(response.headers.get('x-sql-statements') ?? NaN),
    headers: response.headers,
  };
}

/** The error codes of a response, in order. */
export const codes = (r: GqlResult) => (r.errors ?? []).map((e) => e.extensions?.code);

/** A token for a demo user (by e-mail) or for any claims, signed with the test run's secret. */
export async function tokenFor(who: string | { sub: string; agency: string; roles: Role[] }, expiresIn: string | number = '1h'): Promise<string> {
  const claims = typeof who === 'string' ? demoUser(who) : who;
  return signToken(process.env.MRN_TEST_SECRET!, claims, expiresIn);
}

export function demoUser(email: string) {
  const user = users.find((u) => u.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  return { sub: user.id, agency: user.agency, roles: user.roles };
}

/** Throws with the server's errors when a request that should succeed did not. */
export function ok<T>(r: GqlResult<T>): T {
  if (r.errors?.length || !r.data) throw new Error(`request failed: ${JSON.stringify(r.errors)}`);
  return r.data;
}

/** Every entry of a case's audit trail, all pages (the token must be the owning agency's DPO). */
export async function wholeAuditTrail(caseId: string, token: string): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const r: GqlResult = await gql(`query($id: ID!, $after: String) { caseAuditTrail(caseId: $id, first: 100, after: $after) { edges { node { action details } } pageInfo { hasNextPage endCursor } } }`,
      { id: caseId, after }, token);
    const conn = ok(r).caseAuditTrail;
    out.push(...conn.edges.map((e: any) => e.node));
    if (!conn.pageInfo.hasNextPage) return out;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}
