/**
 * Retention and erasure: each agency's retention periods, the erasure of one case (by its DPO, or by the sweep
 * once the case is past its period), and the sweep itself (in the server, and `npm run retention`).
 *
 * Erasing a case empties every personal column of the case, and removes the free text tied to it: consent
 * evidence references, guardian names and withdrawal reasons, lifecycle notes, and through their owners'
 * functions the referrals' reasons, notes and messages and the feedback comments. What remains is the case
 * code, dates, statuses, the referral skeleton, the consents' structure and the audit chain (which never held a
 * value), so statistics totals and verifyAuditChain still hold. One transaction per case: an interrupted sweep
 * never leaves a case half-erased, and the next one resumes with the cases still due.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import type { Viewer } from '../auth/roles';
import { directoryNames } from '../directory/sql';
import { eraseFeedbackComments } from '../feedback/sql';
import { may, relationMessage, relationsThatMay, relationsToAgencySettings, type Operation } from '../policy/authority';
import { eraseReferralTextsOfCase, hasOpenReferralSql, lastReferralActivitySql, openReferralsOfCase } from '../referrals/sql';
import { conflict, forbidden } from '../shared/errors';
import { onceFor } from '../shared/idempotency';
import { pickLocalized } from '../shared/i18n';
import { logger } from '../shared/logger';
import { PERSON_COLUMNS, type CasesService } from './cases.service';
import type { Case } from './entities';
import { CaseStatus } from './enums';
import { CaseClosureReason, CaseLifecycleKind } from './lifecycle';
import { heldFields } from './lifecycle.service';
import { CaseErasureReason, RETENTION_SWEEP_ACTOR, RetentionRule, type DueCase, type RetentionPolicy, type RetentionPolicyInput, type SweepReport } from './retention';

type Query = Pick<EntityManager, 'query'>;

const DAY_MS = 86_400_000;
/** Cases erased per selection: a backlog is worked through in rounds, each case in its own transaction. */
const SWEEP_BATCH = 200;

/** Every personal column emptied (the array columns are NOT NULL: empty arrays). */
const ERASE_PERSON = [...new Set(Object.values(PERSON_COLUMNS))]
  .map((column) => (column === 'languages' || column === 'vulnerabilities' ? `${column} = '{}'` : `${column} = NULL`)).join(', ');

/** SQL: the latest activity on the case `c`: its own changes, its consents, its referrals' steps and messages. */
const LAST_ACTIVITY = `greatest(c.updated_at,
  (SELECT max(greatest(k.recorded_at, k.withdrawn_at, k.superseded_at)) FROM consents k WHERE k.case_id = c.id),
  ${lastReferralActivitySql('c.id')})`;

/**
 * SQL: the cases past their agency's retention period at $1, not yet erased, with the rule that makes them due.
 * `where` narrows it further (parameters from $2). The one definition of "due", for the sweep, its dry run and
 * the check made again under the case's lock.
 */
const dueSql = (where = 'true') => `
  SELECT c.id, c.case_code, c.owner_agency_id, 'CLOSED' AS rule, p.closed_days AS period_days, c.closed_at AS since
    FROM cases c JOIN case_retention_policies p ON p.agency_id = c.owner_agency_id
   WHERE c.erased_at IS NULL AND c.status = 'CLOSED' AND p.closed_days IS NOT NULL
     AND c.closed_at < $1::timestamptz - make_interval(days => p.closed_days) AND ${where}
  UNION ALL
  SELECT c.id, c.case_code, c.owner_agency_id, 'INACTIVE_OPEN', p.inactive_open_days, ${LAST_ACTIVITY}
    FROM cases c JOIN case_retention_policies p ON p.agency_id = c.owner_agency_id
   WHERE c.erased_at IS NULL AND c.status = 'OPEN' AND p.inactive_open_days IS NOT NULL
     AND c.updated_at < $1::timestamptz - make_interval(days => p.inactive_open_days)
     AND ${LAST_ACTIVITY} < $1::timestamptz - make_interval(days => p.inactive_open_days)
     AND NOT ${hasOpenReferralSql('c.id')} AND ${where}`;

const dueFromRow = (r: any): DueCase => ({
  caseId: r.id, caseCode: r.case_code, agencyId: r.owner_agency_id, rule: r.rule, periodDays: Number(r.period_days), since: new Date(r.since),
});

export interface RetentionOptions {
  /** Tests only: the sweep judges periods as if it were this many days later (config refuses it in production). */
  nowOffsetDays?: number;
}

export class RetentionService {
  private running: Promise<SweepReport> | null = null;

  constructor(private readonly db: DataSource, private readonly cases: CasesService, private readonly options: RetentionOptions = {}) {}

  /** The moment retention periods are judged at. */
  now(): Date {
    return new Date(Date.now() + (this.options.nowOffsetDays ?? 0) * DAY_MS);
  }

  /** The viewer's agency's policy (both periods null when never set: everything is kept). */
  async policy(viewer: Viewer): Promise<RetentionPolicy> {
    this.mayOnPolicy(viewer, 'read');
    return this.policyOf(this.db, viewer.agencyId);
  }

  /** Sets both periods of the viewer's agency (its AGENCY_ADMIN or DATA_PROTECTION_OFFICER); audited with the periods, before and after. */
  async setPolicy(viewer: Viewer, input: RetentionPolicyInput): Promise<RetentionPolicy> {
    this.mayOnPolicy(viewer, 'set');
    const closedDays = input.closedDays ?? null;
    const inactiveOpenDays = input.inactiveOpenDays ?? null;
    return this.db.transaction(async (m) => {
      const before = await this.policyOf(m, viewer.agencyId, true);
      await m.query(
        `INSERT INTO case_retention_policies (agency_id, closed_days, inactive_open_days, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (agency_id) DO UPDATE SET closed_days = EXCLUDED.closed_days, inactive_open_days = EXCLUDED.inactive_open_days,
           updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [viewer.agencyId, closedDays, inactiveOpenDays, viewer.userId]);
      await recordAudit(m, viewer, 'retention.policy_set', 'agency', viewer.agencyId, {
        closedDays, inactiveOpenDays, previous: { closedDays: before.closedDays, inactiveOpenDays: before.inactiveOpenDays },
      });
      return this.policyOf(m, viewer.agencyId);
    });
  }

  /** How many cases of the viewer's agency are past their period now: the next sweep erases them. One statement. */
  async dueCount(viewer: Viewer): Promise<number> {
    this.mayOnPolicy(viewer, 'read');
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM (${dueSql('c.owner_agency_id = $2')}) due`, [this.now(), viewer.agencyId]);
    return row.n;
  }

  /**
   * Erases the person's data in a case of the viewer's agency (its DATA_PROTECTION_OFFICER), on request or ahead
   * of the sweep. The case must be CLOSED (so no referral of it is open); an erased case answers its existing
   * erasure, unchanged. Returns the case as it is after.
   */
  async eraseCase(viewer: Viewer, caseId: string, reason: CaseErasureReason, idempotencyKey?: string | null): Promise<Case> {
    return this.db.transaction(async (m) => {
      const { id } = await onceFor(m, viewer, idempotencyKey, 'eraseCase', { caseId, reason }, async () => {
        const c = await this.cases.caseFor(viewer, caseId, 'erase', m, true);
        // erasing twice: the first erasure stands, with its time, reason and author
        if (c.erasedAt) return c.id;
        if (c.status !== CaseStatus.CLOSED) {
          throw conflict('retention.caseOpen', {}, { status: c.status });
        }
        const open = await openReferralsOfCase(m, c.id);
        if (Object.keys(open).length) throw conflict('retention.openReferrals', {}, { openReferrals: open });
        await this.eraseLocked(m, c, reason, viewer.userId, viewer, {});
        return c.id;
      });
      return this.cases.caseFor(viewer, id, 'read', m);
    });
  }

  /** The cases due for erasure at `now`, per agency and oldest first; `agencyId` narrows to one agency. One statement. */
  async due(now: Date, agencyId?: string | null, limit?: number): Promise<DueCase[]> {
    const rows = await this.db.query(
      `SELECT * FROM (${dueSql(agencyId ? 'c.owner_agency_id = $2' : 'true')}) due ORDER BY owner_agency_id, since, id${limit ? ` LIMIT ${Number(limit)}` : ''}`,
      agencyId ? [now, agencyId] : [now]);
    return rows.map(dueFromRow);
  }

  /**
   * One sweep: every case past its agency's period is erased, each in its own transaction (checked again under
   * the case's lock, so a case reopened or erased meanwhile is skipped). `dryRun` lists them and changes nothing.
   * A sweep still running is joined, not doubled.
   */
  sweep(options: { dryRun?: boolean; agencyId?: string | null; now?: Date } = {}): Promise<SweepReport> {
    if (!options.dryRun && this.running) return this.running;
    const run = this.runSweep(options.dryRun ?? false, options.agencyId ?? null, options.now ?? this.now());
    if (options.dryRun) return run;
    this.running = run.finally(() => { this.running = null; });
    return this.running;
  }

  private async runSweep(dryRun: boolean, agencyId: string | null, now: Date): Promise<SweepReport> {
    const perAgency = new Map<string, SweepReport['agencies'][number]>();
    const entry = (id: string) => {
      let e = perAgency.get(id);
      if (!e) perAgency.set(id, (e = { agencyId: id, agencyName: null, due: 0, erased: 0, skipped: 0, failed: 0, caseCodes: [] }));
      return e;
    };
    if (dryRun) {
      for (const d of await this.due(now, agencyId)) {
        const e = entry(d.agencyId);
        e.due++;
        e.caseCodes.push(d.caseCode);
      }
    } else {
      // rounds until nothing is left that this sweep has not tried: a failing case is reported, not retried forever
      const tried = new Set<string>();
      for (;;) {
        const batch = (await this.due(now, agencyId, SWEEP_BATCH + tried.size)).filter((d) => !tried.has(d.caseId));
        if (!batch.length) break;
        for (const d of batch) {
          tried.add(d.caseId);
          const e = entry(d.agencyId);
          e.due++;
          try {
            if (await this.eraseDue(d.caseId, now)) {
              e.erased++;
              e.caseCodes.push(d.caseCode);
              // progress, for an operator following a long sweep (and the test that interrupts one)
              logger.debug({ erased: tried.size }, 'retention sweep: case erased');
            } else e.skipped++;
          } catch (err) {
            e.failed++;
            logger.warn({ err: { message: (err as Error).message }, caseId: d.caseId }, 'retention sweep: a case could not be erased; the next sweep tries again');
          }
        }
      }
    }
    const agencies = [...perAgency.values()];
    if (agencies.length) {
      const names = await directoryNames(this.db, agencies.map((a) => a.agencyId), []);
      for (const a of agencies) a.agencyName = pickLocalized(names.get(a.agencyId), 'en');
    }
    const sum = (k: 'due' | 'erased' | 'skipped' | 'failed') => agencies.reduce((n, a) => n + a[k], 0);
    return { dryRun, now, agencies, due: sum('due'), erased: sum('erased'), skipped: sum('skipped'), failed: sum('failed') };
  }

  /** Erases one case if it is still due at `now`, in its own transaction under the case's lock; false when it no longer is. */
  private async eraseDue(caseId: string, now: Date): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const [locked] = await m.query(`SELECT id FROM cases WHERE id = $1 AND erased_at IS NULL FOR UPDATE`, [caseId]);
      if (!locked) return false;
      const [row] = await m.query(`SELECT * FROM (${dueSql('c.id = $2')}) due`, [now, caseId]);
      if (!row) return false;
      const due = dueFromRow(row);
      const [c] = await this.cases.byIds([caseId], m);
      if (due.rule === RetentionRule.INACTIVE_OPEN) await this.closeUnreachable(m, c);
      await this.eraseLocked(m, c, CaseErasureReason.RETENTION_PERIOD_ENDED, RETENTION_SWEEP_ACTOR, null, {
        rule: due.rule, periodDays: due.periodDays, since: due.since.toISOString(),
      });
      return true;
    });
  }

  /** An OPEN case without activity for its period is closed first, as the lifecycle would (PERSON_UNREACHABLE), then erased. */
  private async closeUnreachable(m: EntityManager, c: Case): Promise<void> {
    await m.query(`UPDATE cases SET status = 'CLOSED', closed_at = now(), closure_reason = $2, updated_at = now(), updated_by = $3 WHERE id = $1`,
      [c.id, CaseClosureReason.PERSON_UNREACHABLE, RETENTION_SWEEP_ACTOR]);
    const [event] = await m.query(
      `INSERT INTO case_lifecycle_events (case_id, kind, reason, note, from_agency_id, actor_id) VALUES ($1, $2, $3, NULL, $4, $5) RETURNING id`,
      [c.id, CaseLifecycleKind.CLOSED, CaseClosureReason.PERSON_UNREACHABLE, c.ownerAgencyId, RETENTION_SWEEP_ACTOR]);
    await recordAudit(m, null, 'case.closed', 'case', c.id, { eventId: event.id, reason: CaseClosureReason.PERSON_UNREACHABLE, noteSha256: null, by: RETENTION_SWEEP_ACTOR });
  }

  /**
   * The erasure itself, in the caller's transaction with the case row locked. Audited as `case.erased` with the
   * names of the fields that held a value and counts of what was removed, never a value.
   */
  private async eraseLocked(m: EntityManager, c: Case, reason: CaseErasureReason, by: string, viewer: Viewer | null, basis: Record<string, unknown>): Promise<void> {
    const fields = heldFields(c);
    await m.query(
      `UPDATE cases SET ${ERASE_PERSON}, possible_duplicate_of = '{}', erased_at = now(), erasure_reason = $2, erased_by = $3, updated_at = now(), updated_by = $3 WHERE id = $1`,
      [c.id, reason, by]);
    // another case flagged as this one's duplicate would say who this person was: the flag goes too
    await m.query(`UPDATE cases SET possible_duplicate_of = array_remove(possible_duplicate_of, $1::uuid) WHERE $1::uuid = ANY(possible_duplicate_of)`, [c.id]);
    const [consents] = await m.query(
      `WITH erased AS (
         UPDATE consents SET guardian_name = NULL, evidence_reference = NULL, withdrawal_reason = NULL
          WHERE case_id = $1 AND (guardian_name IS NOT NULL OR evidence_reference IS NOT NULL OR withdrawal_reason IS NOT NULL) RETURNING id)
       SELECT count(*)::int AS n FROM erased`, [c.id]);
    const [notes] = await m.query(
      `WITH erased AS (UPDATE case_lifecycle_events SET note = NULL WHERE case_id = $1 AND note IS NOT NULL RETURNING id) SELECT count(*)::int AS n FROM erased`, [c.id]);
    const referrals = await eraseReferralTextsOfCase(m, c.id, by);
    const feedback = await eraseFeedbackComments(m, referrals.referralIds);
    await recordAudit(m, viewer, 'case.erased', 'case', c.id, {
      reason, by, ...basis, fields, consents: consents.n, lifecycleNotes: notes.n,
      referrals: referrals.referrals, referralTexts: referrals.texts, messages: referrals.messages, feedbackComments: feedback,
    });
  }

  private mayOnPolicy(viewer: Viewer, operation: Operation<'retentionPolicy'>): void {
    if (!may('retentionPolicy', operation, relationsToAgencySettings(viewer, viewer.agencyId))) {
      throw forbidden('retention.policyIsFor', { whom: relationsThatMay('retentionPolicy', operation).map(relationMessage) });
    }
  }

  private async policyOf(m: Query, agencyId: string, lock = false): Promise<RetentionPolicy> {
    const [row] = await m.query(
      `SELECT closed_days, inactive_open_days, updated_by, updated_at FROM case_retention_policies WHERE agency_id = $1${lock ? ' FOR UPDATE' : ''}`, [agencyId]);
    return { agencyId, closedDays: row?.closed_days ?? null, inactiveOpenDays: row?.inactive_open_days ?? null, updatedBy: row?.updated_by ?? null, updatedAt: row?.updated_at ?? null };
  }
}
