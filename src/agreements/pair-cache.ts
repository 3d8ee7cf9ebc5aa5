import type { EntityManager } from 'typeorm';
import { agreementColumnsSql, type AgreementRow } from './data-sharing';

/** The agreements' epoch as a select-list item (an uncorrelated subquery: read once per statement). See the AgreementsEpoch migration. */
export const AGREEMENTS_EPOCH_SQL = `(SELECT epoch FROM agreements_epoch)::text`;

type Db = Pick<EntityManager, 'query'>;

/** "providing|receiving" */
export const pairKey = (providing: string, receiving: string) => `${providing}|${receiving}`;

/**
 * The data-sharing agreements of pairs of agencies, kept per process, each pair tagged with the agreements'
 * epoch it was read at. A statement that reads referrals reads the epoch (AGREEMENTS_EPOCH_SQL) instead of
 * every referral's agreements: the pairs held at that epoch are what the database holds at that moment,
 * the others are read in one statement. Reading the agreements in the page's statement cost more than half
 * of it in PostgreSQL (three index lookups and a JSON object per referral, 1-1.8 ms of 2.2-3.4 ms at 50).
 * No change feed is needed: an agreement written on another instance changes the epoch every reader checks.
 */
export class AgreementPairCache {
  private readonly pairs = new Map<string, { epoch: string; rows: AgreementRow[] }>();
  /** Pairs served from memory and pairs read, since the start (/metrics). */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly maxPairs = 20_000) {}

  /**
   * The agreements of each pair (by pairKey) as of `epoch`, read by the caller's statement; pairs not held
   * at that epoch are read now (one statement), which is as current as the caller's read or later.
   */
  async forPairs(db: Db, pairs: Iterable<readonly [string, string]>, epoch: string | null): Promise<Map<string, AgreementRow[]>> {
    const found = new Map<string, AgreementRow[]>();
    const missing: (readonly [string, string])[] = [];
    for (const pair of pairs) {
      const key = pairKey(pair[0], pair[1]);
      if (found.has(key)) continue;
      const held = this.pairs.get(key);
      if (held && epoch !== null && held.epoch === epoch) {
        found.set(key, held.rows);
        this.stats.hits++;
      } else {
        this.stats.misses++;
        found.set(key, []);
        missing.push(pair);
      }
    }
    if (!missing.length) return found;
    const rows: (AgreementRow & { epoch: string | null })[] = await db.query(
      `WITH d AS (
         SELECT ${agreementColumnsSql('d')}
           FROM data_sharing_agreements d
           JOIN unnest($1::uuid[], $2::uuid[]) AS pair(providing, receiving)
             ON d.providing_agency_id = pair.providing AND d.receiving_agency_id = pair.receiving)
       SELECT ${AGREEMENTS_EPOCH_SQL} AS epoch, d.* FROM (SELECT 1) one LEFT JOIN d ON true`,
      [missing.map((p) => p[0]), missing.map((p) => p[1])],
    );
    const readAt = rows[0]?.epoch ?? null;
    for (const { epoch: _epoch, ...row } of rows) {
      if (row.id === null) continue; // the one row of a read that found no agreement
      found.get(pairKey(row.providing_agency_id, row.receiving_agency_id))!.push(row);
    }
    if (readAt !== null) {
      for (const [providing, receiving] of missing) {
        const key = pairKey(providing, receiving);
        this.pairs.delete(key); // re-inserted last: the oldest pairs are dropped first when full
        this.pairs.set(key, { epoch: readAt, rows: found.get(key)! });
      }
      for (const key of this.pairs.keys()) {
        if (this.pairs.size <= this.maxPairs) break;
        this.pairs.delete(key);
      }
    }
    return found;
  }

  get size(): number {
    return this.pairs.size;
  }
}

/** One per database (a process running two servers, as the tests do, keeps two). */
const caches = new WeakMap<object, AgreementPairCache>();

/** The cache of the data source behind `db` (a DataSource, or an EntityManager of one of its transactions). */
export function agreementPairCache(db: Db): AgreementPairCache {
  const owner = (db as { connection?: object }).connection ?? db;
  let cache = caches.get(owner);
  if (!cache) caches.set(owner, (cache = new AgreementPairCache()));
  return cache;
}
