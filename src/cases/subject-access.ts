/**
 * The person's own copy (subject access): everything the owning agency holds about the person, every
 * consent, every referral, and which other agencies received or read which fields when. Built for the
 * owning agency's DPO or the assigned case manager, as GraphQL (typed, and as one JSON document to hand
 * over) and as a printable page (subject-access-page.ts). Each export is audited, without any value.
 */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { JSONObjectResolver, JSONResolver } from 'graphql-scalars';
import { recordAudit } from '../audit/audit-log';
import { summarizeDisclosures, DisclosureReportEntry, type AuditTrail } from '../audit/audit-trail';
import type { Viewer } from '../auth/roles';
import { hydrate, selectColumns } from '../db/hydrate';
import { directoryNames } from '../directory/sql';
import { referralRowsOfCase } from '../referrals/sql';
import { may, relationsToCase } from '../policy/authority';
import { ALL_CATEGORIES, DATA_CATALOGUE, DataCategory, DataClass } from '../policy/data-catalogue';
import { forbidden, notFound } from '../shared/errors';
import { pickLocalized } from '../shared/i18n';
import { isUuid } from '../shared/ids';
import { ageOf, Case, Consent } from './entities';
import { CaseStatus } from './enums';
import { pageLanguage } from './subject-access-labels';
import { CaseErasureReason } from './retention';

/** Bumped when the JSON document changes shape, so whoever keeps or reads an exported copy knows which it is. */
export const SUBJECT_ACCESS_FORMAT = 'subject-access-package/1';

@ObjectType({ description: 'An agency named in a subject access package, with its name in the package\'s language' })
export class SubjectAccessAgency {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
}

@ObjectType({ description: 'The case the package is about' })
export class SubjectAccessCase {
  @Field(() => ID) id!: string;
  @Field() caseCode!: string;
  @Field(() => CaseStatus) status!: CaseStatus;
  @Field() registeredAt!: Date;
  @Field() updatedAt!: Date;
  @Field(() => SubjectAccessAgency) ownerAgency!: SubjectAccessAgency;
  @Field(() => Date, { nullable: true, description: 'When the person\'s data was erased; every field is then null and marked erased' }) erasedAt!: Date | null;
  @Field(() => CaseErasureReason, { nullable: true }) erasureReason!: CaseErasureReason | null;
}

@ObjectType({ description: 'One field of the data catalogue and the value held (null: nothing recorded)' })
export class SubjectAccessField {
  @Field() name!: string;
  @Field(() => DataCategory) category!: DataCategory;
  @Field(() => DataClass) dataClass!: DataClass;
  @Field({ description: 'What the field is, from the data catalogue' }) description!: string;
  @Field(() => JSONResolver, { nullable: true, description: 'As stored: text, a number, or a list' }) value!: unknown;
  @Field({ description: 'The value was erased with the rest of the person\'s data (value null)' }) erased!: boolean;
}

@ObjectType({ description: 'A referral of the person to a service of another agency, as the person should know it' })
export class SubjectAccessReferral {
  @Field(() => ID) id!: string;
  @Field() sentAt!: Date;
  @Field(() => SubjectAccessAgency) sendingAgency!: SubjectAccessAgency;
  @Field(() => SubjectAccessAgency) receivingAgency!: SubjectAccessAgency;
  @Field(() => ID) serviceId!: string;
  @Field(() => String, { nullable: true }) serviceName!: string | null;
  @Field() priority!: string;
  @Field() status!: string;
  @Field({ description: 'CONSENT or VITAL_INTEREST' }) legalBasis!: string;
  @Field(() => ID, { nullable: true }) consentId!: string | null;
  @Field({ description: 'Only the case code was shared' }) anonymous!: boolean;
  @Field(() => [String], { description: 'Fields the sender chose to disclose' }) disclosedFields!: string[];
  @Field(() => [String], { description: 'Fields the referral made available to the receiving agency when sent (consent, agreement and choice together)' }) fieldsMadeAvailable!: string[];
  @Field(() => String, { nullable: true }) reasons!: string | null;
  @Field(() => String, { nullable: true }) vitalInterestJustification!: string | null;
  @Field(() => Date, { nullable: true }) respondedAt!: Date | null;
  @Field(() => String, { nullable: true }) declineReason!: string | null;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field(() => String, { nullable: true }) outcomeReason!: string | null;
  @Field(() => Date, { nullable: true }) cancelledAt!: Date | null;
  @Field(() => String, { nullable: true }) cancelReason!: string | null;
  @Field(() => Date, { nullable: true }) expiredAt!: Date | null;
}

@ObjectType({ description: 'A referral sent to another agency (the fields it made available), or a read by that agency (the fields read)' })
export class SubjectAccessDisclosure {
  @Field({ description: 'SENT or READ' }) kind!: string;
  @Field() at!: Date;
  @Field(() => SubjectAccessAgency) agency!: SubjectAccessAgency;
  @Field(() => ID, { nullable: true }) referralId!: string | null;
  @Field(() => [String]) fields!: string[];
  @Field({ description: 'CONSENT or VITAL_INTEREST' }) basis!: string;
  @Field(() => ID, { nullable: true }) consentId!: string | null;
  @Field(() => Int, { description: 'Messages of the referral the agency read' }) messagesRead!: number;
}

@ObjectType({ description: 'The person\'s own copy: every field held, every consent, every referral, and which agencies received or read which fields when' })
export class SubjectAccessPackage {
  @Field({ description: `The shape of the json document (${SUBJECT_ACCESS_FORMAT})` }) format!: string;
  @Field() generatedAt!: Date;
  @Field({ description: 'The person\'s language the page is written in (the first of the case\'s languages with a translation; else English)' }) language!: string;
  @Field(() => SubjectAccessCase) case!: SubjectAccessCase;
  @Field(() => [SubjectAccessField], { description: 'Every field of the data catalogue, in catalogue order' }) fields!: SubjectAccessField[];
  @Field(() => [Consent], { description: 'Every consent and refusal recorded, newest first (withdrawn and replaced ones included)' }) consents!: Consent[];
  @Field(() => [SubjectAccessReferral], { description: 'Every referral, oldest first' }) referrals!: SubjectAccessReferral[];
  @Field(() => [DisclosureReportEntry], { description: 'Per agency: what it received and read (as disclosureReport)' }) disclosures!: DisclosureReportEntry[];
  @Field(() => [SubjectAccessDisclosure], { description: 'Each referral sent and each read by another agency, oldest first' }) disclosureLog!: SubjectAccessDisclosure[];
  @Field(() => [SubjectAccessAgency], { description: 'Every agency named in the package (consent recipients included), with its name' }) agencies!: SubjectAccessAgency[];
  @Field(() => JSONObjectResolver, { description: 'The whole package as one JSON document, agency and service names inline: the file to hand over' }) json!: Record<string, unknown>;
}

/**
 * The case, when the viewer may export the person's copy: NOT_FOUND for another agency's case (as `case`),
 * FORBIDDEN for staff of the owning agency other than its DPO and the assigned case manager. One statement.
 */
export async function subjectAccessCase(db: DataSource, viewer: Viewer, caseId: string): Promise<Case> {
  if (!isUuid(caseId)) throw notFound('Case', caseId);
  const [row] = await db.query(`SELECT ${selectColumns(db, Case, 'c')} FROM cases c WHERE c.id = $1 AND c.owner_agency_id = $2`, [caseId, viewer.agencyId]);
  if (!row) throw notFound('Case', caseId);
  const found = hydrate(db, Case, row);
  if (!may('case', 'subjectAccess', relationsToCase(viewer, found))) {
    throw forbidden('subjectAccess.onlyAssignedOrDpo');
  }
  return found;
}

/** The value of a catalogue field as the case holds it; null when nothing is recorded. */
function fieldValue(c: Case, name: string): unknown {
  const value = name === 'age' ? ageOf(c) : (c as unknown as Record<string, unknown>)[name];
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value) && !value.length) return null;
  return value instanceof Date ? value.toISOString() : value;
}

/** Builds the package (no audit: see exportSubjectAccessPackage). `lang` overrides the person's language when it has a translation. */
export async function buildSubjectAccessPackage(db: DataSource, audit: AuditTrail, viewer: Viewer, caseId: string, lang?: string | null): Promise<SubjectAccessPackage> {
  const c = await subjectAccessCase(db, viewer, caseId);
  const [consentRows, referralRows, events] = await Promise.all([
    db.query(`SELECT ${selectColumns(db, Consent, 'k')} FROM consents k WHERE k.case_id = $1 ORDER BY k.recorded_at DESC, k.id`, [c.id]),
    referralRowsOfCase(db, c.id),
    audit.disclosureEvents(viewer, c.id),
  ]);
  const consents: Consent[] = consentRows.map((r: Record<string, unknown>) => hydrate(db, Consent, r));
  const language = pageLanguage(c.languages ?? [], lang);

  const agencyIds = new Set<string>([c.ownerAgencyId]);
  for (const k of consents) for (const a of k.recipientAgencyIds) agencyIds.add(a);
  for (const r of referralRows) agencyIds.add(r.sending_agency_id).add(r.receiving_agency_id);
  for (const e of events) agencyIds.add(e.agencyId);
  const names = await directoryNames(db, [...agencyIds], [...new Set(referralRows.map((r) => r.service_id as string))]);
  const nameOf = (id: string) => pickLocalized(names.get(id), language);
  const agency = (id: string): SubjectAccessAgency => ({ id, name: nameOf(id) });

  const fields: SubjectAccessField[] = ALL_CATEGORIES.flatMap((category) => DATA_CATALOGUE[category].fields.map((f) => ({
    name: f.name, category, dataClass: DATA_CATALOGUE[category].dataClass, description: f.description, value: fieldValue(c, f.name), erased: c.erasedAt !== null,
  })));
  const madeAvailable = new Map(events.filter((e) => e.kind === 'SENT' && e.referralId).map((e) => [e.referralId!, e.fields]));
  const referrals: SubjectAccessReferral[] = referralRows.map((r) => ({
    id: r.id, sentAt: r.sent_at, sendingAgency: agency(r.sending_agency_id), receivingAgency: agency(r.receiving_agency_id),
    serviceId: r.service_id, serviceName: nameOf(r.service_id), priority: r.priority, status: r.status, legalBasis: r.legal_basis,
    consentId: r.consent_id, anonymous: r.anonymous, disclosedFields: r.disclosed_fields ?? [], fieldsMadeAvailable: madeAvailable.get(r.id) ?? [],
    reasons: r.reasons ?? null, vitalInterestJustification: r.vital_interest_justification ?? null, respondedAt: r.responded_at ?? null,
    declineReason: r.decline_reason ?? null, completedAt: r.completed_at ?? null, outcome: r.outcome ?? null, outcomeReason: r.outcome_reason ?? null,
    cancelledAt: r.cancelled_at ?? null, cancelReason: r.cancel_reason ?? null, expiredAt: r.expired_at ?? null,
  }));
  const disclosureLog: SubjectAccessDisclosure[] = events.map((e) => ({
    kind: e.kind, at: e.at, agency: agency(e.agencyId), referralId: e.referralId, fields: e.fields, basis: e.basis, consentId: e.consentId, messagesRead: e.messages,
  }));
  const pkg: SubjectAccessPackage = {
    format: SUBJECT_ACCESS_FORMAT,
    generatedAt: new Date(),
    language,
    case: {
      id: c.id, caseCode: c.caseCode, status: c.status, registeredAt: c.createdAt, updatedAt: c.updatedAt, ownerAgency: agency(c.ownerAgencyId),
      erasedAt: c.erasedAt, erasureReason: c.erasureReason as CaseErasureReason | null,
    },
    fields,
    consents,
    referrals,
    disclosures: summarizeDisclosures(events),
    disclosureLog,
    agencies: [...agencyIds].map(agency),
    json: {},
  };
  pkg.json = subjectAccessJson(pkg);
  return pkg;
}

/** The package as one JSON document: names inline, dates as ISO 8601, every consent column. */
function subjectAccessJson(pkg: SubjectAccessPackage): Record<string, unknown> {
  const nameOf = new Map(pkg.agencies.map((a) => [a.id, a.name]));
  return JSON.parse(JSON.stringify({
    format: pkg.format,
    generatedAt: pkg.generatedAt,
    language: pkg.language,
    case: pkg.case,
    fields: pkg.fields,
    // the whole consent record, so columns added later are handed over too
    consents: pkg.consents.map((k) => {
      const { caseId: _case, ...columns } = k;
      return { ...columns, state: k.state, recipientAgencies: k.recipientAgencyIds.map((id) => ({ id, name: nameOf.get(id) ?? null })) };
    }),
    referrals: pkg.referrals,
    disclosures: pkg.disclosures.map((d) => ({ ...d, agencyName: nameOf.get(d.agencyId) ?? null })),
    disclosureLog: pkg.disclosureLog,
  }));
}

/** Builds the package and records that it was exported (how, and counts: never a value). */
export async function exportSubjectAccessPackage(db: DataSource, audit: AuditTrail, viewer: Viewer, caseId: string,
  how: { format: 'graphql' | 'html'; via: 'token' | 'link'; lang?: string | null }): Promise<SubjectAccessPackage> {
  const pkg = await buildSubjectAccessPackage(db, audit, viewer, caseId, how.lang);
  await recordAudit(db.manager, viewer, 'case.subject_access_exported', 'case', pkg.case.id, {
    format: how.format, via: how.via, language: pkg.language, fieldsHeld: pkg.fields.filter((f) => f.value !== null).length,
    consents: pkg.consents.length, referrals: pkg.referrals.length, disclosureEvents: pkg.disclosureLog.length,
  });
  return pkg;
}
