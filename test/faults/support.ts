import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../../src/auth/jwt';
import type { Role } from '../../src/auth/roles';
import { users } from '../../seed/demo-data';
import { createTestDatabase } from '../support/test-database';

export const SECRET = 'f'.repeat(48);
export const PG_URL = process.env.FAULTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh place for a server's data: a PGlite folder, or a new database on the local PostgreSQL. */
export async function freshDatabase(kind: 'embedded' | 'postgres') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mrn-faults-${kind}-`));
  if (kind === 'embedded') {
    return { env: { DATABASE_URL: undefined, DATA_DIR: path.join(dir, 'data') }, dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await createTestDatabase(PG_URL, 'mrn_faults');
  return {
    env: { DATABASE_URL: database.url }, dir,
    drop: async () => {
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const baseEnv = { JWT_SECRET: SECRET, SEED_DEMO_DATA: 'true', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000', NODE_ENV: 'test', LOG_LEVEL: 'info' };

export async function token(email: string) {
  const u = users.find((x) => x.email === email)!;
  return signToken(SECRET, { sub: u.id, agency: u.agency, roles: u.roles as Role[] });
}

export async function gqlAt(url: string, tokenValue: string, query: string, variables: unknown = {}) {
  const r = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenValue}` }, body: JSON.stringify({ query, variables }) });
  return { status: r.status, body: (await r.json()) as any };
}
