/** Appending to the audit log: events written in the transaction of the change they describe, and the per-request disclosure event. */
import type { EntityManager } from 'typeorm';
import type { Viewer } from '../auth/roles';
import { sqlStatementCounter } from '../db/sql-stats';
import { signals } from '../shared/signals';

/**
 * Append-only record of who changed or disclosed what. Written inside the same transaction as the
 * change it describes, so an event exists exactly when the change does. Never holds personal fields.
 */
export async function recordAudit(
  manager: EntityManager,
  viewer: Viewer | null,
  action: string,
  entityType: string,
  entityId: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await manager.query(
    `INSERT INTO audit_events (actor_id, actor_agency_id, action, entity_type, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
    [viewer?.userId ?? null, viewer?.agencyId ?? null, action, entityType, entityId, JSON.stringify(details)],
  );
  signals.auditWritten(action);
}

type DisclosureReads = { caseId: string; referralId: string | null; fields: string[]; consentId: string | null; agreementIds: string[]; internal?: boolean }[];

const disclosureDetails = (reads: DisclosureReads) => ({ caseIds: [...new Set(reads.map((r) => r.caseId))], reads });

/** One INSERT for the events, in their order: the chain trigger links each row to the one before it. */
async function insertDisclosures(db: Pick<EntityManager, 'query'>, events: { viewer: Viewer | null; details: object }[]): Promise<void> {
  const values: unknown[] = [];
  const rows = events.map((e) => {
    values.push(e.viewer?.userId ?? null, e.viewer?.agencyId ?? null, JSON.stringify(e.details));
    const n = values.length;
    return `($${n - 2}, $${n - 1}::uuid, 'cases.disclosed', 'case', NULL, $${n}::jsonb)`;
  });
  await db.query(`INSERT INTO audit_events (actor_id, actor_agency_id, action, entity_type, entity_id, details) VALUES ${rows.join(', ')}`, values);
  for (let i = 0; i < events.length; i++) signals.auditWritten('cases.disclosed');
}

interface PendingDisclosure {
  viewer: Viewer | null;
  details: object;
  /** The statement count of the request that read (tests and the benchmark read it): its event costs it one. */
  counter: { statements: number } | undefined;
  done: (error?: unknown) => void;
}

/**
 * Logs personal fields read through referrals: one event per request, listing each case read (details.caseIds
 * is indexed, so a case's trail and disclosure report still find it), written as requests end (group commit). The chain trigger holds one lock
 * from its INSERT to its commit, so single-row INSERTs are written one at a time, each waiting for its own
 * flush to disk: the events of requests that end while one INSERT is in flight wait for it and go together
 * into the next, one row each, in order. Every request still answers only once its own event is committed,
 * and one request alone writes exactly as before: one row, one statement. A batch that fails is written
 * again row by row, so that a request fails only for its own event.
 */
export class DisclosureRecorder {
  private readonly queue: PendingDisclosure[] = [];
  private writing = false;

  constructor(private readonly db: Pick<EntityManager, 'query'>, private readonly maxRows = 100) {}

  record(viewer: Viewer | null, reads: DisclosureReads): Promise<void> {
    if (!reads.length) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ viewer, details: disclosureDetails(reads), counter: sqlStatementCounter.getStore(), done: (e) => (e === undefined ? resolve() : reject(e)) });
      if (!this.writing) void this.write();
    });
  }

  private async write(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxRows);
        for (const e of batch) if (e.counter) e.counter.statements++;
        // counted above for each request in the batch, not for whichever request's scope runs the loop
        const insert = (events: PendingDisclosure[]) => sqlStatementCounter.exit(() => insertDisclosures(this.db, events));
        try {
          await insert(batch);
          for (const e of batch) e.done();
        } catch (error) {
          if (batch.length === 1) {
            batch[0].done(error);
            continue;
          }
          for (const e of batch) await insert([e]).then(() => e.done(), (err) => e.done(err ?? new Error('audit write failed')));
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
