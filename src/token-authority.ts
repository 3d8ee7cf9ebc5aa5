import { LRUCache } from 'lru-cache';
import type { AuthorityLookup, TokenAuthority } from './auth/jwt';
import { userStandingSql } from './auth/users';
import { agencyStandingSql } from './directory/sql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Looks up a token's agency (does it exist, is it active, which roles may it grant) and its subject in
 * the users table, in one statement, remembered for `ttlMs` so most requests cost no SQL. A change to an
 * agency or user takes effect within that time.
 */
export function createAuthorityLookup(db: { query(sql: string, params?: unknown[]): Promise<any[]> }, ttlMs = 30_000): AuthorityLookup {
  const cache = new LRUCache<string, TokenAuthority>({
    max: 20_000,
    ttl: ttlMs,
    fetchMethod: async (key) => {
      const [agencyId, userId] = key.split('|');
      const [row] = await db.query(
        `SELECT ${agencyStandingSql('$1')} AS agency, ${userStandingSql('$2')} AS "user"`,
        [agencyId, UUID.test(userId) ? userId : null],
      );
      return { agency: row?.agency ?? null, user: row?.user ?? null };
    },
  });
  return async (agencyId, userId) => (await cache.fetch(`${agencyId}|${userId}`))!;
}

