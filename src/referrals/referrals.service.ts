import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { decideDataSharing } from '../agreements/data-sharing';
import { SharingPurpose } from '../agreements/enums';
import { activeMouBetween, sopResponseHours } from '../agreements/sql';
import { Role, type Viewer } from '../auth/roles';
import { userAgencyAndRoles } from '../auth/users';
import type { CasesService } from '../cases/cases.service';
import { caseFacts, casesFrom, grantedConsentsTo, ownCaseSql } from '../cases/sql';
import type { Case } from '../cases/entities';
import type { ReferralDisclosure } from '../policy/disclosure';
import { CaseStatus, ConsentPurpose } from '../cases/enums';
import { hydrate, listColumns, selectColumns } from '../db/hydrate';
import { badInput, badInputs, conflict, errorMessage, forbidden, notFound, problem, reason, reasonMessage, type ErrorKey, type Problem } from '../shared/errors';
import type { Message, MessageParams } from '../shared/messages';
import { isUuid } from '../shared/ids';
import { pageQuery, type Keyset, type Page } from '../shared/pagination';
import { sqlParams } from '../shared/sql';
import { referralTargetServiceSql, servicesInCategorySql } from '../directory/sql';
import { FIELD_CATEGORY, isCatalogueField, needsSafeContact, SAFE_CONTACT_FIELD } from '../policy/data-catalogue';
import { may, relationsToReferral, type Operation } from '../policy/authority';
import { consentReason, consentStateAt, DEFAULT_DISCLOSURE_POLICY, type DisclosurePolicy } from '../policy/disclosure-rules';
import { onceFor } from '../shared/idempotency';
import { WebhookEvent } from '../notifications/enums';
import { announce, referralData } from '../notifications/sql';
import { Referral, type ReferralEvent, type ReferralMessage } from './entities';
import { agreementPairsOf, decideDisclosures, disclosureColumnsSql, disclosureFromRow, type DisclosureOptions } from './disclosures';
import { DEFAULT_RESPONSE_HOURS, OPEN_REFERRAL_STATUSES, OutcomeReason, ReferralEventKind, ReferralOutcome, ReferralPriority, ReferralStatus } from './enums';
import type { CompleteReferralInput, DeclineReferralInput, ReferralFilter, SendReferralInput } from './inputs';

/** A reason sendReferral refuses; all of them are listed in the error's extensions. */
export interface RefusalReason {
  code: string;
  field?: string;
  message: string;
}
const refusal = (code: string, key: ErrorKey, params?: MessageParams, field?: string): RefusalReason => reason(code, key, params, field ? { field } : {});

/** The fields with safeContact added when they hold a contact field (phone, address, emergencyContact). */
const addSafeContact = (fields: string[]) => (fields.some(needsSafeContact) && !fields.includes(SAFE_CONTACT_FIELD) ? [...fields, SAFE_CONTACT_FIELD] : fields);
/** The fields without their contact fields when safeContact is not among them. */
const dropUnsafeContact = (fields: string[]) => (fields.includes(SAFE_CONTACT_FIELD) ? fields : fields.filter((f) => !needsSafeContact(f)));
/** The refusal when safeContact, and so the contact fields, may not pass. */
const safeContactRefused = (fields: string[], why: Message, fix: Message): RefusalReason =>
  refusal('SAFE_CONTACT_REQUIRED', 'referrals.safeContactRequired', { fields: fields.filter(needsSafeContact), why, fix }, SAFE_CONTACT_FIELD);

/** Transitions whose reason is free text (the others are codes). */
const FREE_TEXT_REASON: string[] = [ReferralStatus.CANCELLED, ReferralStatus.ON_HOLD];

const PRIORITY_ORDER = `CASE r.priority WHEN 'EMERGENCY' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END`;

/** Free text never enters the append-only audit log: the event points at the record and holds a hash. */
const textHash = (text: string | null | undefined) => (text ? createHash('sha256').update(text).digest('hex') : null);

/** A locked referral row as an announcement's facts (notifications/sql.ts referralData). */
const referralFacts = (r: { id: string; status?: string; priority: string; response_due_at: Date; service_id: string; sending_agency_id: string; receiving_agency_id: string }) => ({
  id: r.id, status: r.status ?? '', priority: r.priority, responseDueAt: r.response_due_at, serviceId: r.service_id, sendingAgencyId: r.sending_agency_id, receivingAgencyId: r.receiving_agency_id,
});

/** A message's longest text. */
export const MESSAGE_MAX = 10_000;
const MESSAGE_COLUMNS = 'mm.id, mm.referral_id, mm.author_id, mm.author_agency_id, mm.body, mm.posted_at, mm.redacted_at';
const messageFromRow = (r: any): ReferralMessage => ({
  id: r.id, referralId: r.referral_id, authorId: r.author_id, authorAgencyId: r.author_agency_id, body: r.body, postedAt: new Date(r.posted_at), redactedAt: r.redacted_at ? new Date(r.redacted_at) : null,
});

/** Where the inbox page's statement puts the columns of each referral's case. */
const CASE_PREFIX = 'case.';

/** What a page's statement brings along: the cases, with the columns of these fields of Case. */
export interface PageIncludes {
  caseFields?: ReadonlySet<string> | null;
  /** The Referral properties the page's fields read (null or absent: all); the relations and what decides disclosure are always read. */
  referralProperties?: ReadonlySet<string> | null;
}

/** What a page of referrals always reads: the relations, the keys of its order, and what the disclosure decision looks at. */
const ALWAYS_READ = ['id', 'caseId', 'serviceId', 'sendingAgencyId', 'receivingAgencyId', 'status', 'priority', 'responseDueAt', 'sentAt',
  'disclosedFields', 'legalBasis', 'consentId', 'completedAt', 'erasedAt'];

/**
 * A page of referrals, with what its statement read for the page's case fields (list's include): each referral's
 * case (only the columns of the fields selected: for this page's fields alone) and disclosure decision.
 */
export type ReferralPage = Page<Referral> & {
  prefetched?: { cases: Map<Referral, Case | null>; disclosures: Map<string, ReferralDisclosure> };
};

export class ReferralsService {
  constructor(private readonly db: DataSource, private readonly cases: CasesService, private readonly policy: DisclosurePolicy = DEFAULT_DISCLOSURE_POLICY,
    private readonly disclosureOptions: DisclosureOptions = {}) {}

  hydrateReferral(row: Record<string, unknown>): Referral {
    return hydrate(this.db, Referral, row);
  }

  /** Visible to the sending and the receiving agency only (authority table); anyone else gets NOT_FOUND. */
  async get(viewer: Viewer, id: string, m: Pick<EntityManager, 'query'> = this.db): Promise<Referral> {
    if (!isUuid(id)) throw notFound('Referral', id);
    const [row] = await m.query(
      `SELECT ${selectColumns(this.db, Referral, 'r')} FROM referrals r WHERE r.id = $1 AND $2::uuid IN (r.sending_agency_id, r.receiving_agency_id)`,
      [id, viewer.agencyId],
    );
    const referral = row ? this.hydrateReferral(row) : null;
    if (!referral || !may('referral', 'read', relationsToReferral(viewer, referral))) throw notFound('Referral', id);
    return referral;
  }

  async send(viewer: Viewer, input: SendReferralInput, idempotencyKey?: string | null): Promise<Referral> {
    const vital = input.vitalInterestJustification?.trim() || null;
    const bad: Problem[] = [];
    for (const f of input.disclosedFields ?? []) if (!isCatalogueField(f)) bad.push(problem('input.disclosedFields', 'referrals.notCatalogueField', { field: f }));
    if (input.anonymous && input.disclosedFields?.length) bad.push(problem('input.disclosedFields', 'referrals.anonymousDisclosesNothing'));
    if (vital && input.priority !== ReferralPriority.EMERGENCY) bad.push(problem('input.vitalInterestJustification', 'referrals.vitalOnlyEmergency'));
    if (bad.length) throw badInputs(bad);

    try {
      return await this.db.transaction(async (m) => {
        const { id } = await onceFor(m, viewer, idempotencyKey, 'sendReferral', input, () => this.insertReferral(m, viewer, input, vital));
        // a replay is read again under the caller's current rights
        return this.get(viewer, id, m);
      });
    } catch (e) {
      // a refused attempt to disclose is itself accountable: one audit event, outside the rolled-back transaction
      const reasons = (e as { extensions?: { reasons?: RefusalReason[] } }).extensions?.reasons;
      if (reasons) {
        await recordAudit(this.db.manager, viewer, 'referral.refused', 'case', input.caseId.toLowerCase(), {
          serviceId: input.serviceId.toLowerCase(), basis: vital ? 'VITAL_INTEREST' : 'CONSENT', reasons: reasons.map((r) => ({ code: r.code, field: r.field ?? null })),
        });
      }
      throw e;
    }
  }

  /**
   * After a decline, the sending agency refers the person to another service: a new referral, checked afresh
   * like sendReferral (consent for the new recipient, agreement, MoU; the same refusals), linked to the first
   * (forwarded_from), with the first one's reasons, priority and disclosed fields unless given. Once per referral.
   */
  async forward(viewer: Viewer, id: string, serviceId: string, priority?: ReferralPriority | null, reasons?: string | null, idempotencyKey?: string | null): Promise<Referral> {
    if (reasons !== null && reasons !== undefined && reasons.trim().length < 3) throw badInput('reasons', 'referrals.forwardReasons');
    if (reasons && reasons.length > 5000) throw badInput('reasons', 'referrals.atMost5000');
    if (!isUuid(serviceId)) throw notFound('Service', serviceId);
    const first = await this.get(viewer, id);
    if (!may('referral', 'forward', relationsToReferral(viewer, first))) throw forbidden('referrals.onlySenderForwards');
    if (first.erasedAt) throw conflict('referrals.erasedNoForward');
    const vital = first.legalBasis === 'VITAL_INTEREST' ? first.vitalInterestJustification : null;
    const input: SendReferralInput = {
      caseId: first.caseId, serviceId, priority: priority ?? first.priority, reasons: reasons?.trim() || first.reasons || '', anonymous: first.anonymous,
      disclosedFields: first.anonymous ? null as unknown as undefined : first.disclosedFields, vitalInterestJustification: vital,
    };
    if (vital && input.priority !== ReferralPriority.EMERGENCY) throw badInput('priority', 'referrals.forwardVitalEmergency');
    try {
      return await this.db.transaction(async (m) => {
        const { id: newId } = await onceFor(m, viewer, idempotencyKey, 'forwardReferral', { id, serviceId, priority: input.priority, reasons: input.reasons }, async () => {
          const [locked] = await m.query(`SELECT r.status, (SELECT f.id FROM referrals f WHERE f.forwarded_from = r.id) AS forwarded_to FROM referrals r WHERE r.id = $1 FOR UPDATE OF r`, [first.id]);
          if (locked.status !== ReferralStatus.DECLINED) throw conflict('referrals.onlyDeclinedForwarded', { status: locked.status }, { status: locked.status });
          if (locked.forwarded_to) throw conflict('referrals.alreadyForwarded', {}, { forwardedTo: locked.forwarded_to });
          const newReferral = await this.insertReferral(m, viewer, input, vital);
          await m.query(`UPDATE referrals SET forwarded_from = $2 WHERE id = $1`, [newReferral, first.id]);
          await recordAudit(m, viewer, 'referral.forwarded', 'case', first.caseId, { referralId: first.id, newReferralId: newReferral, serviceId: serviceId.toLowerCase() });
          return newReferral;
        });
        return this.get(viewer, newId, m);
      });
    } catch (e) {
      const refused = (e as { extensions?: { reasons?: RefusalReason[] } }).extensions?.reasons;
      if (refused) {
        await recordAudit(this.db.manager, viewer, 'referral.refused', 'case', first.caseId, {
          serviceId: serviceId.toLowerCase(), forwardedFrom: first.id, basis: vital ? 'VITAL_INTEREST' : 'CONSENT', reasons: refused.map((r) => ({ code: r.code, field: r.field ?? null })),
        });
      }
      throw e;
    }
  }

  /** The referral a declined one was forwarded to, by id of the first. One statement for many. */
  async forwardedTo(ids: readonly string[]): Promise<Map<string, string>> {
    const rows: { id: string; forwarded_from: string }[] = await this.db.query(`SELECT id, forwarded_from FROM referrals WHERE forwarded_from = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.forwarded_from, r.id]));
  }

  /**
   * A message to the other agency of a referral. Both sides may write while the referral discloses (its
   * state part of the disclosure rule); the text stays with the message, the audit holds its hash.
   */
  async postMessage(viewer: Viewer, referralId: string, body: string, idempotencyKey?: string | null): Promise<ReferralMessage> {
    const text = body?.trim() ?? '';
    if (!text) throw badInput('body', 'referrals.writeMessage');
    if (text.length > MESSAGE_MAX) throw badInput('body', 'referrals.messageTooLong', { max: MESSAGE_MAX, length: text.length });
    return this.db.transaction(async (m) => {
      const { id } = await onceFor(m, viewer, idempotencyKey, 'postReferralMessage', { referralId, body: textHash(text) }, async () => {
        const row = await this.lockForStep(m, viewer, referralId, 'postMessage', 'sender');
        const state = (await decideDisclosures(m, [referralId], new Date(), this.policy)).get(referralId)?.state() ?? null;
        if (state) throw conflict('referrals.messagesClosed', { reason: state }, { reason: state });
        const [inserted] = await m.query(
          `INSERT INTO referral_messages (referral_id, author_id, author_agency_id, body) VALUES ($1, $2, $3, $4) RETURNING id`,
          [referralId, viewer.userId, viewer.agencyId, text],
        );
        await recordAudit(m, viewer, 'referral.message_posted', 'case', row.case_id, { referralId, messageId: inserted.id, bodySha256: textHash(text) });
        await announce(m, [row.sending_agency_id === viewer.agencyId ? row.receiving_agency_id : row.sending_agency_id], WebhookEvent.REFERRAL_MESSAGE_POSTED,
          { ...referralData(referralFacts(row)), messageId: inserted.id });
        return inserted.id as string;
      });
      return (await this.messagesByIds(m, [id]))[0];
    });
  }

  /** Redacts a message (body erased) by a data protection officer of the author's agency; the redaction is recorded, the text is gone. */
  async redactMessage(viewer: Viewer, messageId: string): Promise<ReferralMessage> {
    if (!isUuid(messageId)) throw notFound('ReferralMessage', messageId);
    return this.db.transaction(async (m) => {
      const [msg] = await m.query(
        `SELECT mm.id, mm.referral_id, mm.redacted_at, r.case_id, r.sending_agency_id, r.receiving_agency_id FROM referral_messages mm JOIN referrals r ON r.id = mm.referral_id
          WHERE mm.id = $1 AND mm.author_agency_id = $2 FOR UPDATE OF mm`, [messageId, viewer.agencyId]);
      if (!msg) throw notFound('ReferralMessage', messageId);
      if (!may('referral', 'redactMessage', relationsToReferral(viewer, { sendingAgencyId: msg.sending_agency_id, receivingAgencyId: msg.receiving_agency_id }))) {
        throw forbidden('referrals.onlyDpoRedacts');
      }
      if (msg.redacted_at) throw conflict('referrals.alreadyRedacted');
      await m.query(`UPDATE referral_messages SET body = NULL, redacted_at = now(), redacted_by = $2 WHERE id = $1`, [messageId, viewer.userId]);
      await recordAudit(m, viewer, 'referral.message_redacted', 'case', msg.case_id, { referralId: msg.referral_id, messageId });
      return (await this.messagesByIds(m, [messageId]))[0];
    });
  }

  private async messagesByIds(m: Pick<EntityManager, 'query'>, ids: string[]): Promise<ReferralMessage[]> {
    const rows = await m.query(`SELECT ${MESSAGE_COLUMNS} FROM referral_messages mm WHERE mm.id = ANY($1::uuid[])`, [ids]);
    return rows.map(messageFromRow);
  }

  /** The messages of many referrals, oldest first. One statement. */
  async messagesOf(referralIds: readonly string[]): Promise<ReferralMessage[]> {
    const rows = await this.db.query(`SELECT ${MESSAGE_COLUMNS} FROM referral_messages mm WHERE mm.referral_id = ANY($1::uuid[]) ORDER BY mm.posted_at, mm.id`, [referralIds]);
    return rows.map(messageFromRow);
  }

  /** Checks consent, agreements and the service, then writes the referral, its first event and the audit; returns its id. */
  private async insertReferral(m: EntityManager, viewer: Viewer, input: SendReferralInput, vital: string | null): Promise<string> {
    {
      if (!isUuid(input.caseId)) throw notFound('Case', input.caseId);
      // one statement: the case with what decides the sender's relation to it, and the service (if any)
      const [target] = await m.query(
        `SELECT c.case_id, c.case_status, c.case_erased_at, c.owner_agency_id, c.assigned_to, c.shared_with, s.service_id, s.agency_id, s.status, s.referral_fields, s.category_codes
           FROM ${ownCaseSql('$1', '$2', true)} c LEFT JOIN ${referralTargetServiceSql('$3')} s ON true`,
        [input.caseId, viewer.agencyId, input.serviceId],
      );
      // NOT_FOUND for another agency's case, FORBIDDEN for staff whose relation to the case does not allow sending (as CasesService.caseFor).
      // The case row is locked (ownCaseSql's FOR UPDATE): this send is ordered with closeCase and transferCase, so neither leaves a referral open behind it.
      if (!target) throw notFound('Case', input.caseId);
      this.cases.assertMay(viewer, caseFacts(target), vital ? 'sendVitalInterestReferral' : 'sendReferral');
      if (target.case_erased_at) throw conflict('referrals.erasedNoReferral', {}, { erasedAt: new Date(target.case_erased_at).toISOString() });
      if (target.case_status === CaseStatus.CLOSED) throw conflict('referrals.caseClosed');
      if (!target.service_id) throw notFound('Service', input.serviceId);
      const receiving: string = target.agency_id;
      if (receiving === viewer.agencyId) throw badInput('input.serviceId', 'referrals.ownAgencysService');
      const reasons: RefusalReason[] = [];
      if (target.status !== 'ACTIVE') reasons.push(refusal('SERVICE_NOT_ACTIVE', target.status === 'TEMPORARILY_CLOSED' ? 'referrals.serviceNot.TEMPORARILY_CLOSED' : 'referrals.serviceNot.INACTIVE'));

      // the consent the referral relies on
      let consent: { id: string; categories: string[] } | null = null;
      let consentFacts: Parameters<typeof consentReason>[0] = null;
      if (!vital) {
        const consents: any[] = await grantedConsentsTo(m, target.case_id, ConsentPurpose.REFERRAL, receiving);
        const now = new Date();
        const facts = (k: any) => ({ decision: k.decision, purposes: k.purposes, recipientAgencyIds: k.recipient_agency_ids, categories: k.categories, validUntil: k.valid_until, withdrawnAt: k.withdrawn_at, supersededAt: k.superseded_at });
        consent = consents.find((k) => consentStateAt(facts(k), now) === 'ACTIVE') ?? null;
        if (!consent) {
          const states = consents.map((k) => consentStateAt(facts(k), now));
          if (states.includes('WITHDRAWN')) reasons.push(refusal('CONSENT_WITHDRAWN', 'referrals.consentWithdrawn'));
          else if (states.includes('EXPIRED')) reasons.push(refusal('CONSENT_EXPIRED', 'referrals.consentExpired'));
          else reasons.push(refusal('NO_CONSENT', 'referrals.noConsent'));
        }
        consentFacts = consent ? facts(consent) : null;
      }

      // the fields: chosen by the sender, or the smallest set everything allows; the consent judged by the same rule as every later read
      const consentFields = (field: string) => vital !== null || (consentFacts !== null && consentReason(consentFacts, field, receiving, new Date()) === null);
      // a contact field never goes without the person's safe-contact instructions: added whatever the sender chose
      const safeContactAdded = !!input.disclosedFields && !input.disclosedFields.includes(SAFE_CONTACT_FIELD);
      let fields: string[];
      if (input.anonymous) fields = [];
      else if (input.disclosedFields) {
        fields = addSafeContact([...new Set(input.disclosedFields)]);
        if (consent) {
          const contactConsented = fields.some((f) => needsSafeContact(f) && consentFields(f));
          for (const f of fields) {
            if (consentFields(f)) continue;
            if (f === SAFE_CONTACT_FIELD && fields.some(needsSafeContact)) {
              // added for the contact fields: worth a reason only when it is what stops them
              if (contactConsented) reasons.push(safeContactRefused(fields, errorMessage('referrals.safeContactNotConsented'), errorMessage('referrals.recordContactConsent')));
              else if (!safeContactAdded) reasons.push(refusal('CATEGORY_NOT_CONSENTED', 'referrals.categoryNotConsented', { category: FIELD_CATEGORY.get(f), field: f }, f));
              continue;
            }
            reasons.push(refusal('CATEGORY_NOT_CONSENTED', 'referrals.categoryNotConsented', { category: FIELD_CATEGORY.get(f), field: f }, f));
          }
        }
      } else {
        fields = dropUnsafeContact(addSafeContact(target.referral_fields as string[]).filter(consentFields));
      }
      const sharing = await decideDataSharing(m, fields.map((field) => ({ providingAgencyId: viewer.agencyId, receivingAgencyId: receiving, purpose: SharingPurpose.REFERRAL_AND_SERVICE_DELIVERY, field })));
      if (!input.disclosedFields && !input.anonymous) {
        // default list: drop what the agreement does not allow, rather than refuse (and the contact fields with safeContact)
        const kept = fields.filter((_, i) => sharing[i].allowed);
        const dropped = new Set(fields.filter((f) => !dropUnsafeContact(kept).includes(f)));
        sharing.forEach((d, i) => { if (dropped.has(fields[i])) d.allowed = false; });
        fields = fields.filter((f) => !dropped.has(f));
      } else {
        const contactShared = fields.some((f, i) => needsSafeContact(f) && sharing[i].allowed);
        sharing.forEach((d, i) => {
          if (d.allowed) return;
          const generic = refusal(d.reason!, 'referrals.noAgreementForField', { field: fields[i], reason: d.reason }, fields[i]);
          if (fields[i] === SAFE_CONTACT_FIELD && fields.some(needsSafeContact)) {
            if (contactShared) reasons.push(safeContactRefused(fields, errorMessage('referrals.safeContactNoAgreement', { reason: d.reason }), errorMessage('referrals.amendAgreement')));
            else if (!safeContactAdded) reasons.push(generic);
            return;
          }
          reasons.push(generic);
        });
      }
      if (reasons.length) {
        throw forbidden('referrals.cannotSend', { reasons: reasons.map((r) => reasonMessage(r)!) }, { reasons });
      }
      const agreementIds = [...new Set(sharing.filter((d) => d.allowed).map((d) => d.agreementId!))];

      const mou = await activeMouBetween(m, viewer.agencyId, receiving);
      const column = ({ EMERGENCY: 'emergency_response_hours', URGENT: 'urgent_response_hours', NORMAL: 'normal_response_hours' } as const)[input.priority];
      const hours = (await sopResponseHours(m, receiving, target.category_codes, column)) ?? DEFAULT_RESPONSE_HOURS[input.priority];

      // RETURNING the whole row: no second statement to read what was just written
      const [inserted] = await m.query(
        `INSERT INTO referrals AS r (case_id, service_id, sending_agency_id, receiving_agency_id, priority, reasons, disclosed_fields, anonymous, legal_basis,
           consent_id, vital_interest_justification, mou_id, outside_mou, response_due_at, sent_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now() + make_interval(hours => $14::int), $15)
         RETURNING ${selectColumns(this.db, Referral, 'r')}`,
        [target.case_id, target.service_id, viewer.agencyId, receiving, input.priority, input.reasons.trim(), fields, input.anonymous,
          vital ? 'VITAL_INTEREST' : 'CONSENT', consent?.id ?? null, vital, mou?.id ?? null, !mou, hours, viewer.userId],
      );
      const referral = this.hydrateReferral(inserted);
      await this.addEvent(m, viewer, referral.id, null, ReferralStatus.SENT, null, null);
      await announce(m, [receiving], WebhookEvent.REFERRAL_RECEIVED, referralData(referral));
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
    return this.transition(viewer, id, { op: 'accept', by: 'receiver', from: [ReferralStatus.SENT], to: ReferralStatus.ACCEPTED, verb: 'referrals.verb.accepted', note, set: { responded_at: 'now()' } }, idempotencyKey);
  }

  decline(viewer: Viewer, input: DeclineReferralInput, idempotencyKey?: string | null) {
    if (input.reason === 'OTHER' && !input.note?.trim()) throw badInput('input.note', 'referrals.explainDecline');
    const suggested = input.suggestedServiceId?.toLowerCase() || null;
    return this.transition(viewer, input.id, {
      op: 'decline', by: 'receiver', from: [ReferralStatus.SENT], to: ReferralStatus.DECLINED, verb: 'referrals.verb.declined', note: input.note, reason: input.reason,
      set: { responded_at: 'now()', decline_reason: input.reason, ...(suggested ? { suggested_service_id: suggested } : {}) },
      check: suggested ? async (m) => {
        const [service] = await m.query(`SELECT s.status FROM ${referralTargetServiceSql('$1')} s`, [suggested]);
        if (!service || service.status !== 'ACTIVE') throw badInput('input.suggestedServiceId', 'referrals.suggestActiveService');
      } : undefined,
    }, idempotencyKey);
  }

  complete(viewer: Viewer, input: CompleteReferralInput, idempotencyKey?: string | null) {
    if (input.outcome !== ReferralOutcome.SERVICE_PROVIDED && !input.outcomeReason) throw badInput('input.outcomeReason', input.outcome === 'NOT_PROVIDED' ? 'referrals.whyNotProvided' : 'referrals.whyPartiallyProvided');
    if (input.outcomeReason === OutcomeReason.OTHER && !input.note?.trim()) throw badInput('input.note', 'referrals.explainOutcome');
    return this.transition(viewer, input.id, {
      op: 'complete', by: 'receiver', from: [ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.ON_HOLD], to: ReferralStatus.COMPLETED, verb: 'referrals.verb.completed', note: input.note, reason: input.outcomeReason ?? input.outcome,
      set: { completed_at: 'now()', outcome: input.outcome, outcome_reason: input.outcomeReason ?? null },
    }, idempotencyKey);
  }

  /** The receiver works the referral: from ACCEPTED, or back from ON_HOLD. */
  start(viewer: Viewer, id: string, note?: string | null, idempotencyKey?: string | null) {
    return this.transition(viewer, id, {
      op: 'start', by: 'receiver', from: [ReferralStatus.ACCEPTED, ReferralStatus.ON_HOLD], to: ReferralStatus.IN_PROGRESS, verb: 'referrals.verb.started', note, set: {},
    }, idempotencyKey);
  }

  /** The receiver pauses the referral, saying why (free text: kept in the history, hashed in the audit). */
  hold(viewer: Viewer, id: string, reason: string, idempotencyKey?: string | null) {
    if (!reason?.trim()) throw badInput('reason', 'referrals.whyOnHold');
    return this.transition(viewer, id, {
      op: 'hold', by: 'receiver', from: [ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS], to: ReferralStatus.ON_HOLD, verb: 'referrals.verb.putOnHold', reason: reason.trim(), set: {},
    }, idempotencyKey);
  }

  cancel(viewer: Viewer, id: string, reason: string, idempotencyKey?: string | null) {
    if (!reason.trim()) throw badInput('reason', 'referrals.whyCancelled');
    return this.transition(viewer, id, {
      op: 'cancel', by: 'sender', from: OPEN_REFERRAL_STATUSES, to: ReferralStatus.CANCELLED, verb: 'referrals.verb.cancelled', reason: reason.trim(),
      set: { cancelled_at: 'now()', cancel_reason: reason.trim() },
    }, idempotencyKey);
  }

  /**
   * One state change, in a transaction that locks the referral: of two concurrent transitions, the
   * second sees the state the first left and gets CONFLICT.
   */
  private async transition(viewer: Viewer, id: string, t: {
    op: Operation<'referral'>; by: 'receiver' | 'sender'; from: ReferralStatus[]; to: ReferralStatus; verb: ErrorKey; note?: string | null; reason?: string | null; set: Record<string, string | null>;
    check?: (m: EntityManager) => Promise<void>;
  }, idempotencyKey?: string | null): Promise<Referral> {
    return this.db.transaction(async (m) => {
      const { id: resultId } = await onceFor(m, viewer, idempotencyKey, `referral.${t.to}`, { id, reason: t.reason ?? null, note: t.note ?? null, set: t.set }, async () => {
        await this.applyTransition(m, viewer, id, t);
        return id;
      });
      // a replay is read again under the caller's current rights
      return this.get(viewer, resultId, m);
    });
  }

  private async applyTransition(m: EntityManager, viewer: Viewer, id: string, t: {
    op: Operation<'referral'>; by: 'receiver' | 'sender'; from: ReferralStatus[]; to: ReferralStatus; verb: ErrorKey; note?: string | null; reason?: string | null; set: Record<string, string | null>;
    check?: (m: EntityManager) => Promise<void>;
  }): Promise<void> {
    {
      const row = await this.lockForStep(m, viewer, id, t.op, t.by);
      if (!t.from.includes(row.status)) {
        throw conflict('referrals.wrongState', { status: row.status, verb: errorMessage(t.verb), from: t.from }, { status: row.status });
      }
      await t.check?.(m);
      const values: unknown[] = [id, t.to];
      const sets = Object.entries(t.set).map(([column, value]) => (value === 'now()' ? `${column} = now()` : `${column} = $${values.push(value)}`));
      // any transition answers an open update request: the sender sees the new state
      await m.query(`UPDATE referrals SET status = $2, updated_at = now(), update_requested_at = NULL${sets.map((x) => `, ${x}`).join('')} WHERE id = $1`, values);
      const eventId = await this.addEvent(m, viewer, id, row.status, t.to, t.reason ?? null, t.note ?? null);
      await announce(m, [t.by === 'receiver' ? row.sending_agency_id : row.receiving_agency_id], WebhookEvent.REFERRAL_STATUS_CHANGED,
        { ...referralData({ ...referralFacts(row), status: t.to }), from: row.status });
      // coded reasons are kept; free text stays in the referral's history and the audit holds its hash
      const coded = !FREE_TEXT_REASON.includes(t.to);
      await recordAudit(m, viewer, `referral.${t.to.toLowerCase()}`, 'case', row.case_id, {
        referralId: id, eventId, from: row.status, reason: coded ? t.reason ?? null : null, reasonSha256: coded ? null : textHash(t.reason), noteSha256: textHash(t.note?.trim()),
        ...(row.update_requested_at ? { answeredUpdateRequest: true } : {}), ...(t.set.suggested_service_id ? { suggestedServiceId: t.set.suggested_service_id } : {}),
      });
    }
  }

  /**
   * Locks the referral for one step of its loop (SELECT ... FOR UPDATE: concurrent steps queue), after checking
   * the viewer's relation: NOT_FOUND for anyone who may not read it, FORBIDDEN for the wrong side.
   */
  private async lockForStep(m: EntityManager, viewer: Viewer, id: string, op: Operation<'referral'>, by: 'receiver' | 'sender'): Promise<{
    id: string; status: ReferralStatus; sending_agency_id: string; receiving_agency_id: string; case_id: string; assigned_to: string | null; update_requested_at: Date | null;
    priority: string; response_due_at: Date; service_id: string;
  }> {
    if (!isUuid(id)) throw notFound('Referral', id);
    const [row] = await m.query(
      `SELECT id, status, sending_agency_id, receiving_agency_id, case_id, assigned_to, update_requested_at, priority, response_due_at, service_id FROM referrals
        WHERE id = $1 AND $2::uuid IN (sending_agency_id, receiving_agency_id) FOR UPDATE`,
      [id, viewer.agencyId],
    );
    if (!row) throw notFound('Referral', id);
    const relations = relationsToReferral(viewer, { sendingAgencyId: row.sending_agency_id, receivingAgencyId: row.receiving_agency_id });
    if (!may('referral', 'read', relations)) throw notFound('Referral', id);
    if (!may('referral', op, relations)) throw forbidden(by === 'receiver' ? 'referrals.onlyReceiver' : 'referrals.onlySender');
    return row;
  }

  /** A step that leaves the state as it was, in one locked transaction, idempotent like the transitions. */
  private step(viewer: Viewer, id: string, op: Operation<'referral'>, by: 'receiver' | 'sender', request: unknown, idempotencyKey: string | null | undefined,
    act: (m: EntityManager, row: Awaited<ReturnType<ReferralsService['lockForStep']>>) => Promise<void>): Promise<Referral> {
    return this.db.transaction(async (m) => {
      const { id: resultId } = await onceFor(m, viewer, idempotencyKey, `referral.${op}`, request, async () => {
        const row = await this.lockForStep(m, viewer, id, op, by);
        if (!OPEN_REFERRAL_STATUSES.includes(row.status)) throw conflict('referrals.notOpen', { status: row.status, open: OPEN_REFERRAL_STATUSES }, { status: row.status });
        await act(m, row);
        return id;
      });
      return this.get(viewer, resultId, m);
    });
  }

  /**
   * The receiving agency assigns the referral to one of its staff who work referrals (a REFERRAL_FOCAL_POINT or
   * CASE_MANAGER the users table knows), or unassigns it (null). Kept in the history, audited.
   */
  assign(viewer: Viewer, id: string, userId: string | null, idempotencyKey?: string | null): Promise<Referral> {
    const assignee = userId?.trim().toLowerCase() || null;
    return this.step(viewer, id, 'assign', 'receiver', { id, userId: assignee }, idempotencyKey, async (m, row) => {
      if (assignee !== null) {
        const user = await userAgencyAndRoles(m, assignee);
        if (!user || user.agency_id !== row.receiving_agency_id || !user.roles.some((r) => r === Role.REFERRAL_FOCAL_POINT || r === Role.CASE_MANAGER)) {
          throw badInput('userId', 'referrals.assigneeRole');
        }
      }
      if (row.assigned_to === assignee) throw conflict(assignee ? 'referrals.alreadyAssigned' : 'referrals.notAssigned');
      await m.query(`UPDATE referrals SET assigned_to = $2, assigned_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END, updated_at = now() WHERE id = $1`, [id, assignee]);
      const eventId = await this.addStep(m, viewer, id, row.status, ReferralEventKind.ASSIGNED, null, assignee);
      await recordAudit(m, viewer, 'referral.assigned', 'case', row.case_id, { referralId: id, eventId, from: row.assigned_to, to: assignee });
    });
  }

  /** The sender asks the receiver for news; the request stays open (flagged in the inbox) until the receiver answers. */
  requestUpdate(viewer: Viewer, id: string, note?: string | null, idempotencyKey?: string | null): Promise<Referral> {
    return this.step(viewer, id, 'requestUpdate', 'sender', { id, note: note?.trim() || null }, idempotencyKey, async (m, row) => {
      if (row.update_requested_at) throw conflict('referrals.updateAlreadyRequested', {}, { updateRequestedAt: row.update_requested_at });
      await m.query(`UPDATE referrals SET update_requested_at = now(), updated_at = now() WHERE id = $1`, [id]);
      const eventId = await this.addStep(m, viewer, id, row.status, ReferralEventKind.UPDATE_REQUESTED, note ?? null, null);
      await recordAudit(m, viewer, 'referral.update_requested', 'case', row.case_id, { referralId: id, eventId, noteSha256: textHash(note?.trim()) });
      await announce(m, [row.receiving_agency_id], WebhookEvent.REFERRAL_UPDATE_REQUESTED, referralData(referralFacts(row)));
    });
  }

  /** The receiver answers the sender's open update request with a note (a transition answers it too). */
  answerUpdateRequest(viewer: Viewer, id: string, note: string, idempotencyKey?: string | null): Promise<Referral> {
    if (!note?.trim()) throw badInput('note', 'referrals.writeUpdate');
    return this.step(viewer, id, 'answerUpdate', 'receiver', { id, note: note.trim() }, idempotencyKey, async (m, row) => {
      if (!row.update_requested_at) throw conflict('referrals.noUpdateRequested');
      await m.query(`UPDATE referrals SET update_requested_at = NULL, updated_at = now() WHERE id = $1`, [id]);
      const eventId = await this.addStep(m, viewer, id, row.status, ReferralEventKind.UPDATE_ANSWERED, note, null);
      await recordAudit(m, viewer, 'referral.update_answered', 'case', row.case_id, { referralId: id, eventId, requestedAt: row.update_requested_at, noteSha256: textHash(note.trim()) });
    });
  }

  private async addStep(m: EntityManager, viewer: Viewer, referralId: string, status: ReferralStatus, kind: ReferralEventKind, note: string | null, assignedTo: string | null): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO referral_events (referral_id, from_status, to_status, actor_id, actor_agency_id, note, kind, assigned_to) VALUES ($1, $2, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
      [referralId, status, viewer.userId, viewer.agencyId, note?.trim() || null, kind, assignedTo],
    );
    return row.id;
  }

  private async addEvent(m: EntityManager, viewer: Viewer | null, referralId: string, from: ReferralStatus | null, to: ReferralStatus, reason: string | null, note: string | null, actor?: { userId: string; agencyId: string }): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO referral_events (referral_id, from_status, to_status, actor_id, actor_agency_id, reason, note) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
      [referralId, from, to, actor?.userId ?? viewer!.userId, actor?.agencyId ?? viewer!.agencyId, reason, note?.trim() || null],
    );
    return row.id;
  }

  /**
   * Corrects or erases (text null) the free-text reason and note of one step of a referral's history, by a
   * data protection officer of the agency that wrote it. The audit records the correction, never the text.
   */
  async correctEventText(viewer: Viewer, eventId: string, note: string | null, reason: string | null): Promise<Referral> {
    if (!/^\d{1,18}$/.test(eventId)) throw notFound('ReferralEvent', eventId);
    return this.db.transaction(async (m) => {
      const [event] = await m.query(
        `SELECT e.id, e.referral_id, e.to_status, e.kind, e.actor_agency_id, r.case_id, r.erased_at FROM referral_events e JOIN referrals r ON r.id = e.referral_id
          WHERE e.id = $1 AND e.actor_agency_id = $2 FOR UPDATE OF e`, [eventId, viewer.agencyId]);
      if (!event) throw notFound('ReferralEvent', eventId);
      // erased text stays erased: nothing is written back into an erased case's history
      if (event.erased_at) throw conflict('referrals.erasedTexts');
      const freeTextReason = event.kind === ReferralEventKind.TRANSITION && FREE_TEXT_REASON.includes(event.to_status);
      if (reason !== null && !freeTextReason) throw badInput('reason', 'referrals.onlyFreeTextReasons');
      await m.query(
        `UPDATE referral_events SET note = $2, reason = CASE WHEN $4 THEN $3 ELSE reason END, corrected_at = now(), corrected_by = $5 WHERE id = $1`,
        [eventId, note?.trim() || null, reason?.trim() || null, freeTextReason, viewer.userId],
      );
      if (freeTextReason && event.to_status === ReferralStatus.CANCELLED) await m.query(`UPDATE referrals SET cancel_reason = $2, updated_at = now() WHERE id = $1`, [event.referral_id, reason?.trim() || '(erased)']);
      await recordAudit(m, viewer, 'referral.text_corrected', 'case', event.case_id, {
        referralId: event.referral_id, eventId, noteSha256: textHash(note?.trim()), reasonSha256: freeTextReason ? textHash(reason?.trim()) : null,
      });
      return this.get(viewer, event.referral_id, m);
    });
  }

  /**
   * Referrals still SENT past their due time by the expiry period become EXPIRED: both agencies see it,
   * network figures count it, and it discloses nothing (the disclosure rule says so even before this runs).
   */
  async expireOverdue(now = new Date()): Promise<number> {
    return this.db.transaction(async (m) => {
      // a CTE, so the driver returns the rows themselves (an UPDATE ... RETURNING comes back as [rows, count])
      const rows: { id: string; case_id: string; sending_agency_id: string; receiving_agency_id: string; priority: string; response_due_at: Date; service_id: string }[] = await m.query(
        `WITH expired AS (
           UPDATE referrals SET status = 'EXPIRED', expired_at = $1, updated_at = $1
            WHERE status = 'SENT' AND response_due_at < $1::timestamptz - make_interval(days => $2::int)
          RETURNING id, case_id, sending_agency_id, receiving_agency_id, priority, response_due_at, service_id)
         SELECT * FROM expired`,
        [now, this.policy.expiryDays],
      );
      for (const r of rows) {
        await this.addEvent(m, null, r.id, ReferralStatus.SENT, ReferralStatus.EXPIRED, 'NO_RESPONSE', null, { userId: 'system', agencyId: r.receiving_agency_id });
        await recordAudit(m, null, 'referral.expired', 'case', r.case_id, { referralId: r.id, expiryDays: this.policy.expiryDays });
        await announce(m, [r.sending_agency_id, r.receiving_agency_id], WebhookEvent.REFERRAL_STATUS_CHANGED,
          { ...referralData({ ...referralFacts(r), status: ReferralStatus.EXPIRED }), from: ReferralStatus.SENT });
      }
      return rows.length;
    });
  }

  /** Referrals received (side 'receiving') or sent by the viewer's agency, most pressing first. */
  /**
   * A page of the agency's referrals. `include.caseFields` (the Case fields the reader selects): the same
   * statement reads each referral's case (the columns of those fields: CasesService.casesAlong), and for the
   * receiving side the facts of its disclosure decision (consent, agreements), read at this moment: the page's
   * case fields then cost no statement of their own (ReferralPage.prefetched).
   */
  async list(viewer: Viewer, side: 'receiving' | 'sending', filter: ReferralFilter, first: number, after?: string | null, include: PageIncludes = {}): Promise<ReferralPage> {
    const { values, p } = sqlParams([viewer.agencyId]);
    const where = [`r.${side}_agency_id = $1`];
    if (filter.status?.length) where.push(`r.status = ANY(${p(filter.status)}::text[])`);
    if (filter.priority?.length) where.push(`r.priority = ANY(${p(filter.priority)}::text[])`);
    if (filter.overdue === true) where.push(`r.status = 'SENT' AND r.response_due_at < now()`);
    if (filter.overdue === false) where.push(`NOT (r.status = 'SENT' AND r.response_due_at < now())`);
    if (filter.categoryCode) where.push(`r.service_id IN (${servicesInCategorySql(p(filter.categoryCode))})`);
    if (filter.sentFrom) where.push(`r.sent_at >= ${p(filter.sentFrom)}`);
    if (filter.sentTo) where.push(`r.sent_at < ${p(filter.sentTo)}`);
    if (side === 'sending' && (filter.assignedToMe != null || filter.unassigned != null)) {
      throw badInput(filter.assignedToMe != null ? 'filter.assignedToMe' : 'filter.unassigned', 'referrals.assignmentIsReceivers');
    }
    if (filter.assignedToMe === true) where.push(`r.assigned_to = ${p(viewer.userId)}`);
    if (filter.assignedToMe === false) where.push(`r.assigned_to IS DISTINCT FROM ${p(viewer.userId)}`);
    if (filter.unassigned === true) where.push(`r.assigned_to IS NULL`);
    if (filter.unassigned === false) where.push(`r.assigned_to IS NOT NULL`);
    if (filter.updateRequested === true) where.push(`r.update_requested_at IS NOT NULL`);
    if (filter.updateRequested === false) where.push(`r.update_requested_at IS NULL`);
    const order = side === 'receiving' ? `${PRIORITY_ORDER}, r.response_due_at, r.id` : `r.sent_at DESC, r.id`;
    const keyset: Keyset = side === 'receiving'
      ? { keys: [{ sql: PRIORITY_ORDER, type: 'int' }, { sql: 'r.response_due_at', type: 'timestamptz' }, { sql: 'r.id', type: 'uuid' }] }
      : { keys: [{ sql: 'r.sent_at', type: 'timestamptz', desc: true }, { sql: 'r.id', type: 'uuid' }] };
    const from = `FROM referrals r WHERE ${where.join(' AND ')}`;
    const { select: referralColumns, hydrate: hydrateReferral } = listColumns(this.db, Referral, 'r', include.referralProperties, ALWAYS_READ);
    if (!include.caseFields) {
      return pageQuery(this.db, { select: `SELECT ${referralColumns}`, from, values, order, first, after, keyset }, hydrateReferral);
    }
    // the sending agency owns the cases it refers: only the receiving side reads them through the disclosure rule
    const decide = side === 'receiving';
    const disclosure = disclosureColumnsSql(this.disclosureOptions);
    const now = new Date();
    const cases = new Map<Referral, Case | null>();
    const decided: any[] = [];
    const casesAlong = this.cases.casesAlong('k', CASE_PREFIX, include.caseFields);
    const page = await pageQuery(this.db, {
      select: `SELECT ${referralColumns}, ${casesAlong.select}${decide ? `, ${disclosure.columns}` : ''}`,
      from: `FROM referrals r LEFT JOIN ${casesFrom('k')} ON k.id = r.case_id ${decide ? disclosure.join : ''} WHERE ${where.join(' AND ')}`,
      countFrom: from, values, order, first, after, keyset,
    }, (row) => {
      const referral = hydrateReferral(row);
      cases.set(referral, casesAlong.read(row));
      if (decide) decided.push(row);
      return referral;
    });
    const pairs = await agreementPairsOf(this.db, decided, this.disclosureOptions);
    const disclosures = new Map<string, ReferralDisclosure>(decided.map((row) => [row.id, disclosureFromRow(row, now, this.policy, this.disclosureOptions, pairs)]));
    return { ...page, prefetched: { cases, disclosures } };
  }

  /** Referrals received by the viewer's agency and assigned to the viewer, in the inbox's order. */
  myReferrals(viewer: Viewer, filter: ReferralFilter, first: number, after?: string | null, include: PageIncludes = {}): Promise<ReferralPage> {
    return this.list(viewer, 'receiving', { ...filter, assignedToMe: true }, first, after, include);
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
      // ordered by the bigint column: "ORDER BY id" would sort the text output column ('1000' before '999')
      `SELECT e.id::text AS id, e.referral_id, e.kind, e.from_status, e.to_status, e.actor_id, e.actor_agency_id, e.at, e.reason, e.note, e.corrected_at, e.assigned_to
         FROM referral_events e WHERE e.referral_id = ANY($1::uuid[]) ORDER BY e.id`,
      [referralIds],
    );
    return rows.map((r: any) => ({ id: r.id, referralId: r.referral_id, kind: r.kind, assignedTo: r.assigned_to, fromStatus: r.from_status, toStatus: r.to_status, actorId: r.actor_id, actorAgencyId: r.actor_agency_id, at: r.at, reason: r.reason, note: r.note, correctedAt: r.corrected_at }));
  }
}

