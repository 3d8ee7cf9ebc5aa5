import { createHash } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { decideDataSharing } from '../agreements/data-sharing';
import { SharingPurpose } from '../agreements/enums';
import { recordAudit } from '../audit/audit-log';
import type { Viewer } from '../auth/roles';
import { agencyStandingSql } from '../directory/sql';
import { ALL_FIELDS, FIELD_CATEGORY } from '../policy/data-catalogue';
import { consentStateAt } from '../policy/disclosure-rules';
import { openReferralsOfCase } from '../referrals/sql';
import { badInput, conflict, errorMessage, forbidden, notFound, reason, reasonMessage, type ErrorKey } from '../shared/errors';
import type { MessageParams } from '../shared/messages';
import { onceFor } from '../shared/idempotency';
import { isUuid } from '../shared/ids';
import type { CasesService } from './cases.service';
import { ageOf, type Case } from './entities';
import { CaseStatus, ConsentPurpose } from './enums';
import {
  CaseLifecycleKind, type CaseLifecycleEvent, type CloseCaseInput, type ReopenCaseInput, type TransferCaseInput, type TransferRefusal,
} from './lifecycle';
import { grantedConsentsTo } from './sql';

type Query = Pick<EntityManager, 'query'>;

/** Free text never enters the append-only audit log: the event points at the record and holds a hash. */
const textHash = (text: string | null) => (text ? createHash('sha256').update(text).digest('hex') : null);

const EVENT_COLUMNS = 'e.id, e.case_id, e.kind, e.reason, e.note, e.from_agency_id, e.to_agency_id, e.consent_id, e.agreement_ids, e.actor_id, e.at';
const eventFromRow = (r: any): CaseLifecycleEvent => ({
  id: r.id, caseId: r.case_id, kind: r.kind, reason: r.reason, note: r.note, fromAgencyId: r.from_agency_id, toAgencyId: r.to_agency_id,
  consentId: r.consent_id, agreementIds: r.agreement_ids, actorId: r.actor_id, at: new Date(r.at),
});

/**
 * The catalogue fields the case holds a value for: what a transfer hands over. A catalogue field is read from
 * the Case property of the same name ('age' is derived), so a new catalogue field is checked once Case has it.
 */
export function heldFields(c: Case): string[] {
  return ALL_FIELDS.filter((f) => {
    const v = f === 'age' ? ageOf(c) : (c as unknown as Record<string, unknown>)[f];
    return v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
  });
}

/** Why the data-sharing agreement does not let the case pass, by decideDataSharing's reason. */
const SHARING_PROBLEM: Record<string, ErrorKey> = {
  NO_AGREEMENT: 'lifecycle.sharing.NO_AGREEMENT',
  NOT_SIGNED: 'lifecycle.sharing.NOT_SIGNED',
  NOT_YET_VALID: 'lifecycle.sharing.NOT_YET_VALID',
  EXPIRED: 'lifecycle.sharing.EXPIRED',
  TERMINATED: 'lifecycle.sharing.TERMINATED',
  PURPOSE_NOT_COVERED: 'lifecycle.sharing.PURPOSE_NOT_COVERED',
};
const refusal = (code: string, key: ErrorKey, params?: MessageParams, fields?: string[]): TransferRefusal => reason(code, key, params, fields ? { fields } : {});

/**
 * Closing, reopening and transferring a case. Each step locks the case row (FOR UPDATE) and runs in one
 * transaction with its lifecycle event and audit event: of two concurrent steps one wins, the other meets the
 * new state (CONFLICT) or, after a transfer, no longer finds the case. sendReferral takes the same lock, so a
 * case is never closed or transferred with a referral sent behind its back.
 */
export class CaseLifecycleService {
  constructor(private readonly db: DataSource, private readonly cases: CasesService) {}

  async close(viewer: Viewer, input: CloseCaseInput, idempotencyKey?: string | null): Promise<Case> {
    const note = this.note(input.reason, input.note);
    return this.db.transaction(async (m) => {
      const { id } = await onceFor(m, viewer, idempotencyKey, 'closeCase', input, async () => {
        const c = await this.lockOwnCase(m, viewer, input.caseId, 'close');
        if (c.status === CaseStatus.CLOSED) throw conflict('lifecycle.alreadyClosed', { since: c.closedAt?.toISOString() ?? errorMessage('lifecycle.beforeHistory') }, { status: c.status });
        await this.refuseWhileReferralsOpen(m, c.id, 'closed');
        await m.query(`UPDATE cases SET status = 'CLOSED', closed_at = now(), closure_reason = $2, updated_at = now(), updated_by = $3 WHERE id = $1`,
          [c.id, input.reason, viewer.userId]);
        const eventId = await this.insertEvent(m, viewer, c, CaseLifecycleKind.CLOSED, input.reason, note);
        await recordAudit(m, viewer, 'case.closed', 'case', c.id, { eventId, reason: input.reason, noteSha256: textHash(note) });
        return c.id;
      });
      // a replay is read again under the caller's current rights
      return this.cases.caseFor(viewer, id, 'read', m);
    });
  }

  async reopen(viewer: Viewer, input: ReopenCaseInput, idempotencyKey?: string | null): Promise<Case> {
    const note = this.note(input.reason, input.note);
    return this.db.transaction(async (m) => {
      const { id } = await onceFor(m, viewer, idempotencyKey, 'reopenCase', input, async () => {
        const c = await this.lockOwnCase(m, viewer, input.caseId, 'reopen');
        if (c.status !== CaseStatus.CLOSED) throw conflict('lifecycle.onlyClosedReopened', { status: c.status }, { status: c.status });
        await m.query(`UPDATE cases SET status = 'OPEN', closed_at = NULL, closure_reason = NULL, updated_at = now(), updated_by = $2 WHERE id = $1`, [c.id, viewer.userId]);
        const eventId = await this.insertEvent(m, viewer, c, CaseLifecycleKind.REOPENED, input.reason, note);
        await recordAudit(m, viewer, 'case.reopened', 'case', c.id, { eventId, reason: input.reason, noteSha256: textHash(note) });
        return c.id;
      });
      return this.cases.caseFor(viewer, id, 'read', m);
    });
  }

  /**
   * Hands the case over to another agency, which then owns it: its staff work it by their relation to it, the
   * old agency's assignment and sharing end, and the old agency reads it only as its referrals let it. Needs the
   * person's consent to CASE_COORDINATION naming the agency and covering every category the case holds, and an
   * active data-sharing agreement from the old to the new agency covering each field held, for CASE_COORDINATION.
   * Refused (FORBIDDEN, every reason listed, nothing changed) otherwise; the refusal itself is audited.
   */
  async transfer(viewer: Viewer, input: TransferCaseInput, idempotencyKey?: string | null): Promise<CaseLifecycleEvent> {
    const note = this.note(input.reason, input.note);
    const to = input.toAgencyId.toLowerCase();
    try {
      return await this.db.transaction(async (m) => {
        const { id } = await onceFor(m, viewer, idempotencyKey, 'transferCase', input, async () => {
          const c = await this.lockOwnCase(m, viewer, input.caseId, 'transfer');
          if (to === c.ownerAgencyId) throw badInput('input.toAgencyId', 'lifecycle.alreadyYours');
          const [{ standing }] = await m.query(`SELECT ${agencyStandingSql('$1')} AS standing`, [to]);
          if (!standing) throw badInput('input.toAgencyId', 'lifecycle.unknownAgency', { id: input.toAgencyId });
          if (c.status === CaseStatus.CLOSED) throw conflict('lifecycle.closedNoTransfer', {}, { status: c.status });
          await this.refuseWhileReferralsOpen(m, c.id, 'transferred');
          const basis = await this.transferBasis(m, c, to, standing.active !== false);
          if (basis.refusals.length) {
            throw forbidden('lifecycle.cannotTransfer', { reasons: basis.refusals.map((r) => reasonMessage(r)!) }, { reasons: basis.refusals });
          }
          await m.query(
            `UPDATE cases SET owner_agency_id = $2, assigned_to = NULL, shared_with = '{}', possible_duplicate_of = '{}', updated_at = now(), updated_by = $3 WHERE id = $1`,
            [c.id, to, viewer.userId]);
          // the old agency's case manager stops working it: the assignment history shows where it ended
          if (c.assignedTo !== null) await m.query(`INSERT INTO case_assignments (case_id, assigned_to, assigned_by) VALUES ($1, NULL, $2)`, [c.id, viewer.userId]);
          const eventId = await this.insertEvent(m, viewer, c, CaseLifecycleKind.TRANSFERRED, input.reason, note, { to, consentId: basis.consentId, agreementIds: basis.agreementIds });
          await recordAudit(m, viewer, 'case.transferred', 'case', c.id, {
            eventId, fromAgencyId: c.ownerAgencyId, toAgencyId: to, reason: input.reason, noteSha256: textHash(note), fields: basis.fields,
            consentId: basis.consentId, agreementIds: basis.agreementIds, assignmentEnded: c.assignedTo !== null, sharingEnded: c.sharedWith.length,
          });
          return eventId;
        });
        return this.eventById(m, id);
      });
    } catch (e) {
      // a refused attempt to hand a person's record over is accountable: one audit event, outside the rolled-back transaction
      const refused = (e as { extensions?: { code?: string; reasons?: TransferRefusal[] } }).extensions;
      if (refused?.code === 'FORBIDDEN' && refused.reasons) {
        await recordAudit(this.db.manager, viewer, 'case.transfer_refused', 'case', input.caseId.toLowerCase(), {
          toAgencyId: to, reason: input.reason, reasons: refused.reasons.map((r) => ({ code: r.code, fields: r.fields ?? [] })),
        });
      }
      throw e;
    }
  }

  /** The lifecycle events of many cases, oldest first. One statement. */
  async eventsOf(caseIds: readonly string[]): Promise<CaseLifecycleEvent[]> {
    const rows = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM case_lifecycle_events e WHERE e.case_id = ANY($1::uuid[]) ORDER BY e.at, e.id`, [caseIds]);
    return rows.map(eventFromRow);
  }

  private async eventById(m: Query, id: string): Promise<CaseLifecycleEvent> {
    const [row] = await m.query(`SELECT ${EVENT_COLUMNS} FROM case_lifecycle_events e WHERE e.id = $1`, [id]);
    if (!row) throw notFound('Case lifecycle event', id);
    return eventFromRow(row);
  }

  /**
   * The case, locked, if the viewer's relation to it allows `operation`. A case the viewer's agency transferred
   * away is a CONFLICT saying so (the agency knew it), not NOT_FOUND: the loser of two concurrent transfers,
   * or a colleague acting on a stale screen, learns what happened.
   */
  private async lockOwnCase(m: Query, viewer: Viewer, caseId: string, operation: 'close' | 'reopen' | 'transfer'): Promise<Case> {
    try {
      return await this.cases.caseFor(viewer, caseId, operation, m, true);
    } catch (e) {
      if ((e as GraphQLError).extensions?.code !== 'NOT_FOUND' || !isUuid(caseId)) throw e;
      const [gone] = await m.query(
        `SELECT at FROM case_lifecycle_events WHERE case_id = $1 AND from_agency_id = $2 AND kind = 'TRANSFERRED' ORDER BY at DESC LIMIT 1`, [caseId, viewer.agencyId]);
      if (!gone) throw e;
      throw conflict('lifecycle.transferredAway', { date: new Date(gone.at).toISOString(), operation: errorMessage(`lifecycle.op.${operation}`) });
    }
  }

  /** The note, trimmed; OTHER needs one so the reason means something. */
  private note(reason: string, note: string | null | undefined): string | null {
    const text = note?.trim() || null;
    if (reason === 'OTHER' && !text) throw badInput('input.note', 'lifecycle.explainOther');
    return text;
  }

  private async refuseWhileReferralsOpen(m: Query, caseId: string, verb: 'closed' | 'transferred'): Promise<void> {
    const open = await openReferralsOfCase(m, caseId);
    const total = Object.values(open).reduce((a, b) => a + b, 0);
    if (!total) return;
    const states = Object.entries(open).map(([status, n]) => `${n} ${status}`);
    throw conflict(total === 1 ? 'lifecycle.openReferralsOne' : 'lifecycle.openReferralsMany', { verb: errorMessage(`lifecycle.verb.${verb}`), total, states }, { openReferrals: open });
  }

  /** Why the case may not pass to `to` (empty when it may), and what the transfer relies on. */
  private async transferBasis(m: Query, c: Case, to: string, agencyActive: boolean) {
    const refusals: TransferRefusal[] = [];
    if (!agencyActive) refusals.push(refusal('AGENCY_INACTIVE', 'lifecycle.agencyInactive'));
    const fields = heldFields(c);
    const categoryOf = (f: string) => FIELD_CATEGORY.get(f)!;

    // the consent: granted to CASE_COORDINATION, naming the agency, holding now, covering every category held
    const now = new Date();
    const state = (k: any) => consentStateAt({
      decision: k.decision, withdrawnAt: k.withdrawn_at, supersededAt: k.superseded_at, validUntil: k.valid_until ? new Date(k.valid_until) : null,
    }, now);
    const consents = await grantedConsentsTo(m, c.id, ConsentPurpose.CASE_COORDINATION, to);
    const holding = consents.filter((k) => state(k) === 'ACTIVE');
    const covering = holding.find((k) => fields.every((f) => k.categories.includes(categoryOf(f))));
    if (!covering) {
      if (holding.length) {
        const missing = fields.filter((f) => !holding[0].categories.includes(categoryOf(f)));
        const categories = [...new Set(missing.map(categoryOf))];
        refusals.push(refusal('CATEGORY_NOT_CONSENTED', 'lifecycle.categoryNotConsented', { categories, fields: missing }, missing));
      } else {
        const states = consents.map(state);
        if (states.includes('WITHDRAWN')) refusals.push(refusal('CONSENT_WITHDRAWN', 'lifecycle.consentWithdrawn'));
        else if (states.includes('EXPIRED')) refusals.push(refusal('CONSENT_EXPIRED', 'lifecycle.consentExpired'));
        else refusals.push(refusal('NO_CONSENT', 'lifecycle.noConsent'));
      }
    }

    // the agreement: each field held may pass from the owner to that agency for CASE_COORDINATION
    const decisions = await decideDataSharing(m, fields.map((field) => ({ providingAgencyId: c.ownerAgencyId, receivingAgencyId: to, purpose: SharingPurpose.CASE_COORDINATION, field })));
    const refusedBy = new Map<string, string[]>();
    decisions.forEach((d, i) => { if (!d.allowed) refusedBy.set(d.reason, [...(refusedBy.get(d.reason) ?? []), fields[i]]); });
    for (const [code, refused] of refusedBy) {
      if (code === 'CATEGORY_NOT_COVERED') refusals.push(refusal(code, 'lifecycle.sharing.CATEGORY_NOT_COVERED', { categories: [...new Set(refused.map(categoryOf))], fields: refused }, refused));
      else if (code === 'FIELD_EXCLUDED') refusals.push(refusal(code, 'lifecycle.sharing.FIELD_EXCLUDED', { fields: refused }, refused));
      else {
        const problem = SHARING_PROBLEM[code] ? errorMessage(SHARING_PROBLEM[code]) : errorMessage('lifecycle.sharing.other', { code });
        refusals.push(refusal(code, 'lifecycle.sharing.fieldsHeld', { problem, fields: refused }, refused));
      }
    }
    const agreementIds = [...new Set(decisions.filter((d) => d.allowed).map((d) => d.agreementId!))];
    return { refusals, fields, consentId: covering?.id ?? null, agreementIds };
  }

  private async insertEvent(m: Query, viewer: Viewer, c: Case, kind: CaseLifecycleKind, reason: string, note: string | null,
    transfer: { to: string; consentId: string | null; agreementIds: string[] } | null = null): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO case_lifecycle_events (case_id, kind, reason, note, from_agency_id, to_agency_id, consent_id, agreement_ids, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [c.id, kind, reason, note, c.ownerAgencyId, transfer?.to ?? null, transfer?.consentId ?? null, transfer?.agreementIds ?? [], viewer.userId],
    );
    return row.id;
  }
}
