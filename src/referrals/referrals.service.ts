import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit.service';
import { decideDataSharing } from '../agreements/data-sharing';
import { SharingPurpose } from '../agreements/enums';
import { mouStatusSql } from '../agreements/status';
import { hasRole, Role, type Viewer } from '../auth/roles';
import { ConsentPurpose } from '../cases/enums';
import { hydrate, selectColumns } from '../db/hydrate';
import { badInput, badInputs, conflict, forbidden, notFound } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { pageQuery, type Page } from '../shared/pagination';
import { FIELD_CATEGORY, isCatalogueField } from '../policy/data-catalogue';
import { onceFor } from '../shared/idempotency';
import { Referral, type ReferralEvent } from './entities';
import { DEFAULT_RESPONSE_HOURS, OutcomeReason, ReferralOutcome, ReferralPriority, ReferralStatus } from './enums';
import type { CompleteReferralInput, DeclineReferralInput, ReferralFilter, SendReferralInput } from './inputs';

/** A reason sendReferral refuses; all of them are listed in the error's extensions. */
export interface RefusalReason {
  code: string;
  field?: string;
  message: string;
}

const PRIORITY_ORDER = `CASE r.priority WHEN 'EMERGENCY' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END`;

export class ReferralsService {
  constructor(private readonly db: DataSource) {}

  hydrateReferral(row: Record<string, unknown>): Referral {
    return hydrate(this.db, Referral, row);
  }

  /** Visible to the sending and the receiving agency only; anyone else gets NOT_FOUND. */
  async get(viewer: Viewer, id: string): Promise<Referral> {
    if (!isUuid(id)) throw notFound('Referral', id);
    const [row] = await this.db.query(
      `SELECT ${selectColumns(this.db, Referral, 'r')} FROM referrals r WHERE r.id = $1 AND $2::uuid IN (r.sending_agency_id, r.receiving_agency_id)`,
      [id, viewer.agencyId],
    );
    if (!row) throw notFound('Referral', id);
    return this.hydrateReferral(row);
  }

  async send(viewer: Viewer, input: SendReferralInput, idempotencyKey?: string | null): Promise<Referral> {
    const vital = input.vitalInterestJustification?.trim() || null;
    const bad: { field: string; problem: string }[] = [];
    for (const f of input.disclosedFields ?? []) if (!isCatalogueField(f)) bad.push({ field: 'input.disclosedFields', problem: `"${f}" is not a field of the data catalogue (see dataCatalogue)` });
    if (input.anonymous && input.disclosedFields?.length) bad.push({ field: 'input.disclosedFields', problem: 'an anonymous referral discloses no personal field' });
    if (vital && input.priority !== ReferralPriority.EMERGENCY) bad.push({ field: 'input.vitalInterestJustification', problem: 'the vital-interest basis is only for EMERGENCY referrals' });
    if (bad.length) throw badInputs(bad);
    if (!vital && !hasRole(viewer, Role.CASE_MANAGER)) throw forbidden('Only a CASE_MANAGER sends referrals; a DATA_PROTECTION_OFFICER only emergency ones on the vital-interest basis');

    return this.db.transaction(async (m) => {
      const { id } = await onceFor(m, viewer, idempotencyKey, 'sendReferral', input, () => this.insertReferral(m, viewer, input, vital));
      const [row] = await m.query(`SELECT ${selectColumns(this.db, Referral, 'r')} FROM referrals r WHERE r.id = $1`, [id]);
      return this.hydrateReferral(row);
    });
  }

  /** Checks consent, agreements and the service, then writes the referral, its first event and the audit; returns its id. */
  private async insertReferral(m: EntityManager, viewer: Viewer, input: SendReferralInput, vital: string | null): Promise<string> {
    {
      const [target] = await m.query(
        `SELECT c.id AS case_id, s.id AS service_id, s.agency_id, s.status, s.referral_fields, s.category_codes
           FROM cases c, services s WHERE c.id = $1 AND c.owner_agency_id = $2 AND s.id = $3`,
        [input.caseId, viewer.agencyId, input.serviceId],
      );
      if (!target) {
        const [exists] = await m.query(`SELECT EXISTS (SELECT 1 FROM cases WHERE id = $1 AND owner_agency_id = $2) AS own_case`, [input.caseId, viewer.agencyId]);
        throw exists.own_case ? notFound('Service', input.serviceId) : notFound('Case', input.caseId);
      }
      const receiving: string = target.agency_id;
      if (receiving === viewer.agencyId) throw badInput('input.serviceId', 'this service is your own agency\'s: a referral goes to another agency');
      const reasons: RefusalReason[] = [];
      if (target.status !== 'ACTIVE') reasons.push({ code: 'SERVICE_NOT_ACTIVE', message: `The service is ${target.status.toLowerCase().replace('_', ' ')}` });

      // the consent the referral relies on
      let consent: { id: string; categories: string[] } | null = null;
      if (!vital) {
        const consents: any[] = await m.query(
          `SELECT id, categories, withdrawn_at, valid_until FROM consents
            WHERE case_id = $1 AND decision = 'GRANTED' AND superseded_at IS NULL AND $2 = ANY(purposes) AND $3::uuid = ANY(recipient_agency_ids)
            ORDER BY recorded_at DESC`,
          [target.case_id, ConsentPurpose.REFERRAL, receiving],
        );
        const now = new Date();
        consent = consents.find((k) => !k.withdrawn_at && (!k.valid_until || k.valid_until > now)) ?? null;
        if (!consent) {
          if (consents.some((k) => k.withdrawn_at)) reasons.push({ code: 'CONSENT_WITHDRAWN', message: 'The person withdrew the consent to be referred to this agency' });
          else if (consents.length) reasons.push({ code: 'CONSENT_EXPIRED', message: 'The consent to be referred to this agency has expired: record a new one' });
          else reasons.push({ code: 'NO_CONSENT', message: 'No granted consent covers a referral to this agency: record the person\'s consent first (or, in an emergency, the vital-interest basis)' });
        }
      }

      // the fields: chosen by the sender, or the smallest set everything allows
      const consentFields = (field: string) => vital !== null || (consent?.categories.includes(FIELD_CATEGORY.get(field)!) ?? false);
      let fields: string[];
      if (input.anonymous) fields = [];
      else if (input.disclosedFields) {
        fields = [...new Set(input.disclosedFields)];
        if (consent) for (const f of fields) if (!consentFields(f)) reasons.push({ code: 'CATEGORY_NOT_CONSENTED', field: f, message: `The consent does not cover ${FIELD_CATEGORY.get(f)} data (${f})` });
      } else {
        fields = (target.referral_fields as string[]).filter(consentFields);
      }
      const sharing = await decideDataSharing(m, fields.map((field) => ({ providingAgencyId: viewer.agencyId, receivingAgencyId: receiving, purpose: SharingPurpose.REFERRAL_AND_SERVICE_DELIVERY, field })));
      if (!input.disclosedFields && !input.anonymous) {
        // default list: drop what the agreement does not allow, rather than refuse
        fields = fields.filter((_, i) => sharing[i].allowed);
      } else {
        sharing.forEach((d, i) => {
          if (!d.allowed) reasons.push({ code: d.reason, field: fields[i], message: `No active data-sharing agreement lets ${fields[i]} pass to this agency (${d.reason})` });
        });
      }
      if (reasons.length) {
        throw forbidden(`The referral cannot be sent: ${reasons.map((r) => r.message).join('; ')}`, { reasons });
      }
      const agreementIds = [...new Set(sharing.filter((d) => d.allowed).map((d) => d.agreementId!))];

      const [mou] = await m.query(
        `SELECT m.id FROM mous m WHERE ${mouStatusSql('m')} = 'ACTIVE'
           AND EXISTS (SELECT 1 FROM mou_parties a WHERE a.mou_id = m.id AND a.agency_id = $1)
           AND EXISTS (SELECT 1 FROM mou_parties b WHERE b.mou_id = m.id AND b.agency_id = $2)
         ORDER BY m.expires_on DESC NULLS FIRST LIMIT 1`,
        [viewer.agencyId, receiving],
      );
      const column = { EMERGENCY: 'emergency_response_hours', URGENT: 'urgent_response_hours', NORMAL: 'normal_response_hours' }[input.priority];
      const [sop] = await m.query(
        `SELECT min(sp.${column}) AS hours FROM sops sp WHERE sp.owner_agency_id = $1 AND sp.superseded_at IS NULL AND sp.effective_from <= current_date
            AND (cardinality(sp.category_codes) = 0 OR sp.category_codes && $2::text[])`,
        [receiving, target.category_codes],
      );
      const hours = sop?.hours ?? DEFAULT_RESPONSE_HOURS[input.priority];

      const [row] = await m.query(
        `INSERT INTO referrals (case_id, service_id, sending_agency_id, receiving_agency_id, priority, reasons, disclosed_fields, anonymous, legal_basis,
           consent_id, vital_interest_justification, mou_id, outside_mou, response_due_at, sent_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now() + make_interval(hours => $14::int), $15)
         RETURNING id`,
        [target.case_id, target.service_id, viewer.agencyId, receiving, input.priority, input.reasons.trim(), fields, input.anonymous,
          vital ? 'VITAL_INTEREST' : 'CONSENT', consent?.id ?? null, vital, mou?.id ?? null, !mou, hours, viewer.userId],
      );
      const [inserted] = await m.query(`SELECT ${selectColumns(this.db, Referral, 'r')} FROM referrals r WHERE r.id = $1`, [row.id]);
      const referral = this.hydrateReferral(inserted);
      await this.addEvent(m, viewer, referral.id, null, ReferralStatus.SENT, null, null);
      await recordAudit(m, viewer, 'referral.sent', 'case', target.case_id, {
        referralId: referral.id, receivingAgencyId: receiving, fields, basis: vital ? 'VITAL_INTEREST' : 'CONSENT', consentId: consent?.id ?? null,
        agreementIds, outsideMou: !mou,
      });
      if (vital) {
        await recordAudit(m, viewer, 'referral.vital_interest_override', 'case', target.case_id, { referralId: referral.id, receivingAgencyId: receiving, fields });
      }
      return referral.id;
    }
  }

  accept(viewer: Viewer, id: string, note?: string | null, idempotencyKey?: string | null) {
    return this.transition(viewer, id, { by: 'receiver', from: [ReferralStatus.SENT], to: ReferralStatus.ACCEPTED, verb: 'accepted', note, set: { responded_at: 'now()' } }, idempotencyKey);
  }

  decline(viewer: Viewer, input: DeclineReferralInput, idempotencyKey?: string | null) {
    if (input.reason === 'OTHER' && !input.note?.trim()) throw badInput('input.note', 'explain the decline when the reason is OTHER');
    return this.transition(viewer, input.id, {
      by: 'receiver', from: [ReferralStatus.SENT], to: ReferralStatus.DECLINED, verb: 'declined', note: input.note, reason: input.reason,
      set: { responded_at: 'now()', decline_reason: input.reason },
    }, idempotencyKey);
  }

  complete(viewer: Viewer, input: CompleteReferralInput, idempotencyKey?: string | null) {
    if (input.outcome !== ReferralOutcome.SERVICE_PROVIDED && !input.outcomeReason) throw badInput('input.outcomeReason', `say why the service was ${input.outcome === 'NOT_PROVIDED' ? 'not' : 'only partially'} provided`);
    if (input.outcomeReason === OutcomeReason.OTHER && !input.note?.trim()) throw badInput('input.note', 'explain the outcome when the reason is OTHER');
    return this.transition(viewer, input.id, {
      by: 'receiver', from: [ReferralStatus.ACCEPTED], to: ReferralStatus.COMPLETED, verb: 'completed', note: input.note, reason: input.outcomeReason ?? input.outcome,
      set: { completed_at: 'now()', outcome: input.outcome, outcome_reason: input.outcomeReason ?? null },
    }, idempotencyKey);
  }

  cancel(viewer: Viewer, id: string, reason: string, idempotencyKey?: string | null) {
    if (!reason.trim()) throw badInput('reason', 'say why the referral is cancelled');
    return this.transition(viewer, id, {
      by: 'sender', from: [ReferralStatus.SENT, ReferralStatus.ACCEPTED], to: ReferralStatus.CANCELLED, verb: 'cancelled', reason: reason.trim(),
      set: { cancelled_at: 'now()', cancel_reason: reason.trim() },
    }, idempotencyKey);
  }

  /**
   * One state change, in a transaction that locks the referral: of two concurrent transitions, the
   * second sees the state the first left and gets CONFLICT.
   */
  private async transition(viewer: Viewer, id: string, t: {
    by: 'receiver' | 'sender'; from: ReferralStatus[]; to: ReferralStatus; verb: string; note?: string | null; reason?: string | null; set: Record<string, string | null>;
  }, idempotencyKey?: string | null): Promise<Referral> {
    return this.db.transaction(async (m) => {
      await onceFor(m, viewer, idempotencyKey, `referral.${t.to}`, { id, reason: t.reason ?? null, note: t.note ?? null, set: t.set }, async () => {
        await this.applyTransition(m, viewer, id, t);
        return id;
      });
      const [updated] = await m.query(`SELECT ${selectColumns(this.db, Referral, 'r')} FROM referrals r WHERE r.id = $1`, [id]);
      return this.hydrateReferral(updated);
    });
  }

  private async applyTransition(m: EntityManager, viewer: Viewer, id: string, t: {
    by: 'receiver' | 'sender'; from: ReferralStatus[]; to: ReferralStatus; verb: string; note?: string | null; reason?: string | null; set: Record<string, string | null>;
  }): Promise<void> {
    {
      if (!isUuid(id)) throw notFound('Referral', id);
      const [row] = await m.query(
        `SELECT id, status, sending_agency_id, receiving_agency_id, case_id FROM referrals WHERE id = $1 AND $2::uuid IN (sending_agency_id, receiving_agency_id) FOR UPDATE`,
        [id, viewer.agencyId],
      );
      if (!row) throw notFound('Referral', id);
      const side = t.by === 'receiver' ? row.receiving_agency_id : row.sending_agency_id;
      if (side !== viewer.agencyId) throw forbidden(`Only the ${t.by === 'receiver' ? 'receiving' : 'sending'} agency can do this`);
      if (!t.from.includes(row.status)) {
        throw conflict(`The referral is ${row.status}: it can be ${t.verb} only when ${t.from.join(' or ')}`, { status: row.status });
      }
      const values: unknown[] = [id, t.to];
      const sets = Object.entries(t.set).map(([column, value]) => (value === 'now()' ? `${column} = now()` : `${column} = $${values.push(value)}`));
      await m.query(`UPDATE referrals SET status = $2, updated_at = now(), ${sets.join(', ')} WHERE id = $1`, values);
      await this.addEvent(m, viewer, id, row.status, t.to, t.reason ?? null, t.note ?? null);
      await recordAudit(m, viewer, `referral.${t.to.toLowerCase()}`, 'case', row.case_id, { referralId: id, from: row.status, reason: t.reason ?? null });
    }
  }

  private async addEvent(m: EntityManager, viewer: Viewer, referralId: string, from: ReferralStatus | null, to: ReferralStatus, reason: string | null, note: string | null) {
    await m.query(
      `INSERT INTO referral_events (referral_id, from_status, to_status, actor_id, actor_agency_id, reason, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [referralId, from, to, viewer.userId, viewer.agencyId, reason, note?.trim() || null],
    );
  }

  /** Referrals received (side 'receiving') or sent by the viewer's agency, most pressing first. */
  async list(viewer: Viewer, side: 'receiving' | 'sending', filter: ReferralFilter, first: number, after?: string | null): Promise<Page<Referral>> {
    const values: unknown[] = [viewer.agencyId];
    const p = (v: unknown) => (values.push(v), `$${values.length}`);
    const where = [`r.${side}_agency_id = $1`];
    if (filter.status?.length) where.push(`r.status = ANY(${p(filter.status)}::text[])`);
    if (filter.priority?.length) where.push(`r.priority = ANY(${p(filter.priority)}::text[])`);
    if (filter.overdue === true) where.push(`r.status = 'SENT' AND r.response_due_at < now()`);
    if (filter.overdue === false) where.push(`NOT (r.status = 'SENT' AND r.response_due_at < now())`);
    if (filter.categoryCode) where.push(`r.service_id IN (SELECT id FROM services WHERE category_codes @> ARRAY[${p(filter.categoryCode)}::text])`);
    if (filter.sentFrom) where.push(`r.sent_at >= ${p(filter.sentFrom)}`);
    if (filter.sentTo) where.push(`r.sent_at < ${p(filter.sentTo)}`);
    const order = side === 'receiving' ? `${PRIORITY_ORDER}, r.response_due_at, r.id` : `r.sent_at DESC, r.id`;
    return pageQuery(this.db, { select: `SELECT ${selectColumns(this.db, Referral, 'r')}`, from: `FROM referrals r WHERE ${where.join(' AND ')}`, values, order, first, after },
      (r) => this.hydrateReferral(r));
  }

  /** Emergency referrals sent without consent by the viewer's agency, for its data protection officer to review. */
  vitalInterestReferrals(viewer: Viewer, first: number, after?: string | null): Promise<Page<Referral>> {
    return pageQuery(this.db, {
      select: `SELECT ${selectColumns(this.db, Referral, 'r')}`, from: `FROM referrals r WHERE r.sending_agency_id = $1 AND r.legal_basis = 'VITAL_INTEREST'`,
      values: [viewer.agencyId], order: 'r.sent_at DESC, r.id', first, after,
    }, (r) => this.hydrateReferral(r));
  }

  async eventsOf(referralIds: readonly string[]): Promise<(ReferralEvent & { referralId: string })[]> {
    const rows = await this.db.query(
      `SELECT referral_id, from_status, to_status, actor_id, actor_agency_id, at, reason, note FROM referral_events WHERE referral_id = ANY($1::uuid[]) ORDER BY id`,
      [referralIds],
    );
    return rows.map((r: any) => ({ referralId: r.referral_id, fromStatus: r.from_status, toStatus: r.to_status, actorId: r.actor_id, actorAgencyId: r.actor_agency_id, at: r.at, reason: r.reason, note: r.note }));
  }
}

