import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { Role, type Viewer } from '../auth/roles';
import { hydrate, prefixedReader, selectColumns } from '../db/hydrate';
import { badInput, badInputs, conflict, forbidden, notFound, problem, type Problem } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { pageQuery, type Page } from '../shared/pagination';
import { sqlParams } from '../shared/sql';
import { userAgencyAndRoles } from '../auth/users';
import { existingAgencyIds } from '../directory/sql';
import { moveReferralsToConsent, referralsUnderConsent } from '../referrals/sql';
import { ALL_CATEGORIES } from '../policy/data-catalogue';
import { may, relationMessage, relationsThatMay, relationsToCase, type CaseFacts, type Operation } from '../policy/authority';
import { Case, Consent, isMinor, type CaseAssignment, type CaseFieldChange } from './entities';
import { ConsentDecision, ConsentGivenBy, ConsentMethod, ConsentPurpose, SafeContactMethod } from './enums';
import type { CaseFilter, ConsentInput, PersonalFieldsInput, RegisterCaseInput, UpdateCaseInput } from './inputs';


/** Input field -> column, for every personal field a case stores (erasure empties each of them). */
export const PERSON_COLUMNS: Record<keyof PersonalFieldsInput, string> = {
  givenName: 'given_name', familyName: 'family_name', otherNames: 'other_names', dateOfBirth: 'date_of_birth', dateOfBirthEstimated: 'date_of_birth_estimated',
  ageEstimate: 'age_estimate', photoReference: 'photo_reference', phone: 'phone', address: 'address', emergencyContact: 'emergency_contact',
  safeContact: 'safe_contact', sex: 'sex', gender: 'gender',
  nationality: 'nationality', languages: 'languages', literacy: 'literacy', identityDocumentNumber: 'identity_document_number',
  travelDocumentNumber: 'travel_document_number', migrationPhase: 'migration_phase', route: 'route', transitDetails: 'transit_details',
  reasonsForMigrating: 'reasons_for_migrating', vulnerabilities: 'vulnerabilities', protectionConcerns: 'protection_concerns',
  healthInformation: 'health_information', disability: 'disability', assessmentSummary: 'assessment_summary', servicesReceived: 'services_received',
};

/** The personal fields an input sets (undefined: left as is), with the value each column stores. */
function personColumns(person: PersonalFieldsInput): { key: keyof PersonalFieldsInput; column: string; value: unknown }[] {
  return (Object.entries(PERSON_COLUMNS) as [keyof PersonalFieldsInput, string][])
    .filter(([k]) => person[k] !== undefined)
    .map(([key, column]) => {
      const value = person[key] ?? null;
      // safe contact is one JSON value, without the parts left empty
      return { key, column, value: key === 'safeContact' && value ? JSON.stringify(compact(value)) : value };
    });
}

/** A value without its null or undefined members, keys sorted: two equal values compare equal as JSON. */
function compact(x: unknown): unknown {
  if (x === null || x === undefined) return null;
  if (Array.isArray(x)) return x.map(compact);
  if (x instanceof Date) return x.toISOString();
  if (typeof x === 'object') {
    return Object.fromEntries(Object.keys(x).sort().filter((k) => (x as any)[k] !== null && (x as any)[k] !== undefined).map((k) => [k, compact((x as any)[k])]));
  }
  return x;
}
const same = (a: unknown, b: unknown) => JSON.stringify(compact(a)) === JSON.stringify(compact(b));

/** What may still be done with an erased case: read what is left of it and account for it. */
const AFTER_ERASURE: ReadonlySet<string> = new Set<Operation<'case'>>(['read', 'auditTrail', 'disclosureReport', 'readFieldChanges', 'subjectAccess', 'erase']);

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Pseudonymous and unguessable: says nothing about the person. */
function newCaseCode(): string {
  const bytes = randomBytes(8);
  return `CASE-${[...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')}`;
}

/** Columns every read of a case needs: its id, the reader's relation to it (authority.ts CaseFacts), its erasure. */
const CASE_READ_COLUMNS = ['id', 'owner_agency_id', 'assigned_to', 'shared_with', 'erased_at', 'status'];
/** Fields of Case that read columns other than their own name's (the rest read all columns, see columnsFor). */
const COMPUTED_CASE_FIELDS: Record<string, string[]> = { __typename: [], viaReferralId: [], age: ['date_of_birth', 'age_estimate'], ageBand: ['date_of_birth', 'age_estimate'] };

export class CasesService {
  constructor(private readonly db: DataSource) {}

  hydrateCase(row: Record<string, unknown>): Case {
    return hydrate(this.db, Case, row);
  }

  /**
   * The case's columns under `alias`, each named `<prefix><column>`, for a statement of another module that
   * brings the case along with its own rows (the inbox page), and how to read the case back from such a row
   * (null when it has none: an outer join that found no case). `fields`: the GraphQL fields of Case the reader
   * selects; the columns are then those fields' and those every read of a case needs (its id, the reader's
   * relation, erasure), or all of them for a field not known to read only its own. The case holds those columns only.
   */
  casesAlong(alias: string, prefix: string, fields?: ReadonlySet<string>): { select: string; read(row: Record<string, unknown>): Case | null } {
    const columns = this.columnsFor(fields);
    const hydrateFrom = prefixedReader(this.db, Case, columns, prefix);
    const id = `${prefix}id`;
    return {
      select: columns.map((c) => `${alias}.${c} AS "${prefix}${c}"`).join(', '),
      read: (row) => (row[id] === null || row[id] === undefined ? null : hydrateFrom(row)),
    };
  }

  private columnsFor(fields?: ReadonlySet<string>): string[] {
    const columns = this.db.getMetadata(Case).columns;
    const all = columns.map((c) => c.databaseName);
    if (!fields) return all;
    const byProperty = new Map(columns.map((c) => [c.propertyName, c.databaseName]));
    const wanted = new Set(CASE_READ_COLUMNS);
    for (const field of fields) {
      const own = COMPUTED_CASE_FIELDS[field] ?? (byProperty.has(field) ? [byProperty.get(field)!] : null);
      if (!own) return all;
      for (const c of own) wanted.add(c);
    }
    return all.filter((c) => wanted.has(c));
  }

  /** The owning agency's view; any other agency gets NOT_FOUND, never a hint that the case exists. */
  /** Cases by id with no access check (one statement): for loaders behind resolvers that already established a basis. */
  async byIds(ids: readonly string[], m: Pick<EntityManager, 'query'> = this.db): Promise<Case[]> {
    const rows: Record<string, unknown>[] = await m.query(`SELECT ${selectColumns(this.db, Case, 'c')} FROM cases c WHERE c.id = ANY($1::uuid[])`, [ids]);
    return rows.map((r) => this.hydrateCase(r));
  }

  async getOwnCase(viewer: Viewer, id: string, m: Pick<EntityManager, 'query'> = this.db): Promise<Case> {
    if (!isUuid(id)) throw notFound('Case', id);
    const [row] = await m.query(`SELECT ${selectColumns(this.db, Case, 'c')} FROM cases c WHERE c.id = $1 AND c.owner_agency_id = $2`, [id, viewer.agencyId]);
    if (!row) throw notFound('Case', id);
    return this.hydrateCase(row);
  }

  /**
   * The case, if the viewer's relation to it allows `operation` (authority table): NOT_FOUND for another
   * agency's case, FORBIDDEN for staff of the owning agency whose relation does not allow it.
   */
  async caseFor<K extends Operation<'case'>>(viewer: Viewer, id: string, operation: K, m: Pick<EntityManager, 'query'> = this.db, lock = false): Promise<Case> {
    if (!isUuid(id)) throw notFound('Case', id);
    const [row] = await m.query(`SELECT ${selectColumns(this.db, Case, 'c')} FROM cases c WHERE c.id = $1 AND c.owner_agency_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, viewer.agencyId]);
    if (!row) throw notFound('Case', id);
    const found = this.hydrateCase(row);
    this.assertMay(viewer, found, operation);
    if (found.erasedAt && !AFTER_ERASURE.has(operation)) {
      throw conflict('cases.erased', { date: found.erasedAt.toISOString(), operation }, { erasedAt: found.erasedAt.toISOString() });
    }
    return found;
  }

  /** FORBIDDEN unless the viewer's relation to the case (facts read with it, e.g. through ownCaseSql) allows `operation`. */
  assertMay<K extends Operation<'case'>>(viewer: Viewer, facts: CaseFacts, operation: K): void {
    if (!may('case', operation, relationsToCase(viewer, facts))) {
      throw forbidden('cases.notAllowed', { operation, whom: relationsThatMay('case', operation).map(relationMessage) });
    }
  }

  async listCases(viewer: Viewer, filter: CaseFilter, first: number, after?: string | null): Promise<Page<Case>> {
    const { values, p } = sqlParams([viewer.agencyId]);
    const where = ['c.owner_agency_id = $1'];
    if (filter.status) where.push(`c.status = ${p(filter.status)}`);
    if (filter.search) {
      const s = p(`%${filter.search.replace(/[%_\\]/g, '\\$&').toLowerCase()}%`);
      // names are searched only among the cases whose identity the viewer may read: a search is a read
      const readsAll = viewer.roles.some((r) => r === Role.DATA_PROTECTION_OFFICER || r === Role.CASE_SUPERVISOR);
      const mine = readsAll ? 'true' : `(c.assigned_to = ${p(viewer.userId)} OR ${p(viewer.userId)} = ANY(c.shared_with))`;
      where.push(`(lower(c.case_code) LIKE ${s} OR (${mine} AND lower(coalesce(c.given_name, '') || ' ' || coalesce(c.family_name, '')) LIKE ${s}))`);
    }
    if (filter.assignedToMe) where.push(`c.assigned_to = ${p(viewer.userId)}`);
    if (filter.erased !== undefined && filter.erased !== null) where.push(filter.erased ? 'c.erased_at IS NOT NULL' : 'c.erased_at IS NULL');
    return pageQuery(this.db, { select: `SELECT ${selectColumns(this.db, Case, 'c')}`, from: `FROM cases c WHERE ${where.join(' AND ')}`, values,
      order: 'c.created_at DESC, c.id', first, after }, (r) => this.hydrateCase(r));
  }

  async registerCase(viewer: Viewer, input: RegisterCaseInput): Promise<Case> {
    const problems = [...this.consentProblems(input.consent, 'input.consent'), ...this.childConsentProblems(input.consent, isMinor(input.person), 'input.consent')];
    if (input.consent.decision !== ConsentDecision.GRANTED || !input.consent.purposes.includes(ConsentPurpose.REGISTRATION)) {
      problems.push(problem('input.consent', 'cases.registrationConsent'));
    }
    problems.push(...this.personProblems(input.person, 'input.person'), ...this.estimateProblems(input.person, 'input.person'));
    if (problems.length) throw badInputs(problems);
    return this.db.transaction(async (m) => {
      await this.checkAgencies(m, input.consent.recipientAgencyIds ?? [], 'input.consent.recipientAgencyIds');
      await this.checkDeterminer(m, viewer, input.consent, 'input.consent');
      const person = input.person;
      const duplicates: string[] = person.givenName && person.familyName && person.dateOfBirth
        ? (await m.query(
            `SELECT id FROM cases WHERE owner_agency_id = $1 AND lower(given_name) = lower($2) AND lower(family_name) = lower($3) AND date_of_birth = $4`,
            [viewer.agencyId, person.givenName, person.familyName, person.dateOfBirth],
          )).map((r: { id: string }) => r.id)
        : [];
      const columns = personColumns(person);
      const [{ id }] = await m.query(
        `INSERT INTO cases (case_code, owner_agency_id, possible_duplicate_of, registered_by, updated_by, assigned_to${columns.map((c) => `, ${c.column}`).join('')})
         VALUES ($1, $2, $3, $4, $4, $4${columns.map((_, i) => `, $${i + 5}`).join('')}) RETURNING id`,
        [newCaseCode(), viewer.agencyId, duplicates, viewer.userId, ...columns.map((c) => c.value)],
      );
      // whoever registers a case works it until someone reassigns it
      await m.query(`INSERT INTO case_assignments (case_id, assigned_to, assigned_by) VALUES ($1, $2, $2)`, [id, viewer.userId]);
      await this.insertConsent(m, viewer, id, input.consent);
      await recordAudit(m, viewer, 'case.registered', 'case', id, { possibleDuplicates: duplicates.length });
      return this.getOwnCase(viewer, id, m);
    });
  }

  async updateCase(viewer: Viewer, input: UpdateCaseInput): Promise<Case> {
    const problems = input.person ? this.personProblems(input.person, 'input.person') : [];
    if (problems.length) throw badInputs(problems);
    return this.db.transaction(async (m) => {
      const current = await this.caseFor(viewer, input.id, 'update', m, true);
      const person = input.person ?? {};
      const after = { ...current, ...Object.fromEntries(Object.entries(person).filter(([, v]) => v !== undefined)) } as PersonalFieldsInput;
      const later = this.estimateProblems(after, 'input.person');
      if (later.length) throw badInputs(later);
      const columns = personColumns(person);
      const values = columns.map((c) => c.value);
      const sets = columns.map((c, i) => `${c.column} = $${i + 3}`);
      await m.query(`UPDATE cases SET updated_at = now(), updated_by = $2${sets.map((s) => `, ${s}`).join('')} WHERE id = $1`, [current.id, viewer.userId, ...values]);
      // rectification: which fields changed, by whom, when (kept for the DPO and audited); their values never are
      const changed: string[] = columns.filter((c) => !same(current[c.key as keyof Case], person[c.key])).map((c) => c.key);
      if (changed.length) await m.query(`INSERT INTO case_field_changes (case_id, fields, changed_by) VALUES ($1, $2, $3)`, [current.id, changed, viewer.userId]);
      await recordAudit(m, viewer, 'case.updated', 'case', current.id, { fields: changed });
      return this.getOwnCase(viewer, current.id, m);
    });
  }

  /** The rectifications of a case, newest first: field names, who, when (the owning agency's DPO). */
  async fieldChanges(viewer: Viewer, caseId: string, first: number, after?: string | null): Promise<Page<CaseFieldChange>> {
    const found = await this.caseFor(viewer, caseId, 'readFieldChanges');
    return pageQuery(this.db, {
      select: `SELECT x.id::text AS id, x.fields, x.changed_by, x.changed_at`, from: `FROM case_field_changes x WHERE x.case_id = $1`, values: [found.id],
      order: 'x.changed_at DESC, x.id DESC', first, after,
    }, (r: any) => ({ id: r.id, fields: r.fields, changedBy: r.changed_by, changedAt: r.changed_at }));
  }

  /** Assigns the case to a case manager of the agency (or unassigns it with null); the history keeps every step. */
  async assignCase(viewer: Viewer, caseId: string, caseManagerId: string | null): Promise<Case> {
    return this.db.transaction(async (m) => {
      const current = await this.caseFor(viewer, caseId, 'assign', m, true);
      if (caseManagerId !== null) await this.checkCaseManager(m, viewer, caseManagerId, 'caseManagerId');
      if (current.assignedTo === caseManagerId) throw conflict(caseManagerId ? 'cases.alreadyAssigned' : 'cases.notAssigned');
      await m.query(`UPDATE cases SET assigned_to = $2, shared_with = array_remove(shared_with, $2::text), updated_at = now(), updated_by = $3 WHERE id = $1`, [current.id, caseManagerId, viewer.userId]);
      await m.query(`INSERT INTO case_assignments (case_id, assigned_to, assigned_by) VALUES ($1, $2, $3)`, [current.id, caseManagerId, viewer.userId]);
      await recordAudit(m, viewer, 'case.assigned', 'case', current.id, { from: current.assignedTo, to: caseManagerId });
      return this.getOwnCase(viewer, current.id, m);
    });
  }

  /** Shares the case with (or stops sharing it with) another case manager of the agency. */
  async shareCase(viewer: Viewer, caseId: string, caseManagerId: string, share: boolean): Promise<Case> {
    return this.db.transaction(async (m) => {
      const current = await this.caseFor(viewer, caseId, 'share', m, true);
      await this.checkCaseManager(m, viewer, caseManagerId, 'caseManagerId');
      if (caseManagerId === current.assignedTo) throw badInput('caseManagerId', 'cases.assignedReadsAnyway');
      if (share === current.sharedWith.includes(caseManagerId)) throw conflict(share ? 'cases.alreadyShared' : 'cases.notShared');
      await m.query(`UPDATE cases SET shared_with = ${share ? 'array_append(shared_with, $2::text)' : 'array_remove(shared_with, $2::text)'}, updated_at = now(), updated_by = $3 WHERE id = $1`,
        [current.id, caseManagerId, viewer.userId]);
      await recordAudit(m, viewer, share ? 'case.shared' : 'case.unshared', 'case', current.id, { with: caseManagerId });
      return this.getOwnCase(viewer, current.id, m);
    });
  }

  async assignmentsOf(caseId: string): Promise<CaseAssignment[]> {
    const rows = await this.db.query(`SELECT assigned_to, assigned_by, at FROM case_assignments WHERE case_id = $1 ORDER BY id`, [caseId]);
    return rows.map((r: any) => ({ assignedTo: r.assigned_to, assignedBy: r.assigned_by, at: r.at }));
  }

  /** A case manager of the viewer's agency, as the users table knows them. */
  private async checkCaseManager(m: EntityManager, viewer: Viewer, userId: string, field: string): Promise<void> {
    const user = await userAgencyAndRoles(m, userId);
    if (!user || user.agency_id !== viewer.agencyId || !user.roles.includes(Role.CASE_MANAGER)) {
      throw badInput(field, 'cases.mustBeCaseManager');
    }
  }

  consentsOf(caseIds: readonly string[]): Promise<Consent[]> {
    return this.db.query(`SELECT ${selectColumns(this.db, Consent, 'k')} FROM consents k WHERE k.case_id = ANY($1::uuid[]) ORDER BY k.recorded_at DESC, k.id`, [caseIds])
      .then((rows: Record<string, unknown>[]) => rows.map((r) => hydrate(this.db, Consent, r)));
  }

  async recordConsent(viewer: Viewer, caseId: string, input: ConsentInput): Promise<Consent> {
    const problems = this.consentProblems(input, 'input');
    if (problems.length) throw badInputs(problems);
    return this.db.transaction(async (m) => {
      const owned = await this.caseFor(viewer, caseId, 'recordConsent', m);
      const child = this.childConsentProblems(input, isMinor(owned), 'input');
      if (child.length) throw badInputs(child);
      await this.checkAgencies(m, input.recipientAgencyIds ?? [], 'input.recipientAgencyIds');
      await this.checkDeterminer(m, viewer, input, 'input');
      if (input.supersedesId) {
        const [previous] = await m.query(`SELECT id, case_id, withdrawn_at, superseded_at FROM consents WHERE id = $1 FOR UPDATE`, [input.supersedesId]);
        if (!previous || previous.case_id !== owned.id) throw notFound('Consent', input.supersedesId);
        if (previous.withdrawn_at || previous.superseded_at) throw conflict('cases.consentAlreadyReplaced');
      }
      const consent = await this.insertConsent(m, viewer, owned.id, input);
      if (input.supersedesId) {
        await m.query(`UPDATE consents SET superseded_at = now(), superseded_by = $2 WHERE id = $1`, [input.supersedesId, consent.id]);
        // referrals that relied on the old record now rely on the new one, with its terms
        await moveReferralsToConsent(m, input.supersedesId, consent.id);
      }
      return m.getRepository(Consent).findOneByOrFail({ id: consent.id });
    });
  }

  /** Takes effect at once for every referral that relied on the consent: their next read is refused. */
  async withdrawConsent(viewer: Viewer, consentId: string, reason: string): Promise<Consent> {
    if (!reason.trim()) throw badInput('reason', 'cases.whyWithdrawn');
    return this.db.transaction(async (m) => {
      if (!isUuid(consentId)) throw notFound('Consent', consentId);
      const [row] = await m.query(
        `SELECT k.id, k.case_id, k.withdrawn_at, k.decision FROM consents k JOIN cases c ON c.id = k.case_id WHERE k.id = $1 AND c.owner_agency_id = $2 FOR UPDATE OF k`,
        [consentId, viewer.agencyId],
      );
      if (!row) throw notFound('Consent', consentId);
      await this.caseFor(viewer, row.case_id, 'withdrawConsent', m);
      if (row.withdrawn_at) throw conflict('cases.consentAlreadyWithdrawn', { date: row.withdrawn_at.toISOString() });
      if (row.decision !== ConsentDecision.GRANTED) throw conflict('cases.refusalNotWithdrawn');
      await m.query(`UPDATE consents SET withdrawn_at = now(), withdrawn_by = $2, withdrawal_reason = $3 WHERE id = $1`, [consentId, viewer.userId, reason.trim()]);
      const affected = await referralsUnderConsent(m, consentId);
      await recordAudit(m, viewer, 'consent.withdrawn', 'case', row.case_id, { consentId, referralsAffected: affected });
      return m.getRepository(Consent).findOneByOrFail({ id: consentId });
    });
  }

  private async insertConsent(m: EntityManager, viewer: Viewer, caseId: string, input: ConsentInput): Promise<Consent> {
    const [row] = await m.query(
      `INSERT INTO consents (case_id, decision, method, given_by, guardian_name, certified_by, language, interpreter_used, purposes, recipient_agency_ids,
         categories, valid_until, evidence_reference, evidence_sha256, recorded_by, guardian_relation, best_interest_determined_by, best_interest_determined_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
      [caseId, input.decision, input.method, input.givenBy ?? ConsentGivenBy.PERSON, input.guardianName?.trim() || null, input.certifiedBy ?? null, input.language, input.interpreterUsed,
        [...new Set(input.purposes)], [...new Set((input.recipientAgencyIds ?? []).map((a) => a.toLowerCase()))], [...new Set(input.categories ?? [])],
        input.validUntil ?? null, input.evidenceReference ?? null, input.evidenceSha256 ?? null, viewer.userId,
        input.guardianRelation ?? null, input.bestInterestDeterminedBy?.toLowerCase() ?? null, input.bestInterestDeterminedOn ?? null],
    );
    // who gave it, as a code; never the guardian's name or relation
    await recordAudit(m, viewer, input.decision === ConsentDecision.GRANTED ? 'consent.granted' : 'consent.refused', 'case', caseId, {
      consentId: row.id, givenBy: input.givenBy ?? ConsentGivenBy.PERSON, purposes: input.purposes, recipients: input.recipientAgencyIds ?? [], categories: input.categories ?? [],
      ...(input.givenBy === ConsentGivenBy.BEST_INTEREST_DETERMINATION ? { bestInterestDeterminedBy: input.bestInterestDeterminedBy?.toLowerCase() ?? null } : {}),
    });
    return Object.assign(new Consent(), { id: row.id });
  }

  private consentProblems(input: ConsentInput, at: string): Problem[] {
    const problems: Problem[] = [];
    if (input.method === ConsentMethod.VERBAL_CERTIFIED && !input.certifiedBy?.trim()) problems.push(problem(`${at}.certifiedBy`, 'cases.verbalCertified'));
    if (input.method === ConsentMethod.ASSENT_WITH_GUARDIAN && !input.guardianName?.trim()) problems.push(problem(`${at}.guardianName`, 'cases.assentGuardian'));
    if ((input.givenBy === ConsentGivenBy.GUARDIAN || input.givenBy === ConsentGivenBy.GUARDIANSHIP_AUTHORITY) && !input.guardianName?.trim()) {
      problems.push(problem(`${at}.guardianName`, 'cases.nameGuardian'));
    }
    if (input.validUntil && input.validUntil <= new Date()) problems.push(problem(`${at}.validUntil`, 'cases.mustBeFuture'));
    if (input.decision === ConsentDecision.GRANTED && !input.purposes.length) problems.push(problem(`${at}.purposes`, 'cases.grantedNeedsPurpose'));
    for (const c of input.categories ?? []) if (!ALL_CATEGORIES.includes(c)) problems.push(problem(`${at}.categories`, 'cases.unknownCategory', { category: c }));
    return problems;
  }

  private personProblems(person: PersonalFieldsInput, at: string): Problem[] {
    const problems: Problem[] = [];
    const today = new Date().toISOString().slice(0, 10);
    if (person.dateOfBirth && person.dateOfBirth > today) problems.push(problem(`${at}.dateOfBirth`, 'cases.notInFuture'));
    if (person.dateOfBirth && person.dateOfBirth < '1890-01-01') problems.push(problem(`${at}.dateOfBirth`, 'cases.tooFarInPast'));
    const safe = person.safeContact;
    if (safe?.method === SafeContactMethod.CALL_AT_HOURS && (!safe.hoursFrom || !safe.hoursUntil)) {
      problems.push(problem(`${at}.safeContact`, 'cases.callAtHours'));
    }
    if (safe?.method === SafeContactMethod.THROUGH_INTERMEDIARY && !safe.intermediary?.trim()) {
      problems.push(problem(`${at}.safeContact.intermediary`, 'cases.intermediary'));
    }
    if (safe && safe.method !== SafeContactMethod.CALL_AT_HOURS && (safe.hoursFrom || safe.hoursUntil)) {
      problems.push(problem(`${at}.safeContact`, 'cases.hoursOnlyCallAtHours'));
    }
    return problems;
  }

  /** The case as it will be: an estimated date of birth needs a date of birth. */
  private estimateProblems(person: Pick<PersonalFieldsInput, 'dateOfBirth' | 'dateOfBirthEstimated'>, at: string): Problem[] {
    return person.dateOfBirthEstimated && !person.dateOfBirth
      ? [problem(`${at}.dateOfBirthEstimated`, 'cases.estimateNeedsDate')]
      : [];
  }

  /**
   * Children and capacity: a person under 18 does not consent alone. Either the child assents with a
   * guardian's consent, or a named staff member records a best-interest determination.
   */
  private childConsentProblems(input: ConsentInput, minor: boolean, at: string): Problem[] {
    const problems: Problem[] = [];
    const givenBy = input.givenBy ?? ConsentGivenBy.PERSON;
    const guardianAssent = (givenBy === ConsentGivenBy.GUARDIAN || givenBy === ConsentGivenBy.GUARDIANSHIP_AUTHORITY) && input.method === ConsentMethod.ASSENT_WITH_GUARDIAN;
    if (minor && givenBy !== ConsentGivenBy.CHILD_WITH_GUARDIAN && givenBy !== ConsentGivenBy.BEST_INTEREST_DETERMINATION && !guardianAssent) {
      problems.push(problem(`${at}.givenBy`, 'cases.childAlone', { givenBy }));
    }
    if (givenBy === ConsentGivenBy.CHILD_WITH_GUARDIAN) {
      if (!input.guardianName?.trim()) problems.push(problem(`${at}.guardianName`, 'cases.nameGuardianWithChild'));
      if (!input.guardianRelation) problems.push(problem(`${at}.guardianRelation`, 'cases.guardianRelation'));
    }
    if (givenBy === ConsentGivenBy.BEST_INTEREST_DETERMINATION) {
      if (!input.bestInterestDeterminedBy?.trim()) problems.push(problem(`${at}.bestInterestDeterminedBy`, 'cases.nameDeterminer'));
      if (!input.bestInterestDeterminedOn) problems.push(problem(`${at}.bestInterestDeterminedOn`, 'cases.determinationDay'));
      else if (input.bestInterestDeterminedOn > new Date().toISOString().slice(0, 10)) problems.push(problem(`${at}.bestInterestDeterminedOn`, 'cases.notInFuture'));
    } else if (input.bestInterestDeterminedBy || input.bestInterestDeterminedOn) {
      problems.push(problem(`${at}.bestInterestDeterminedBy`, 'cases.determinationOnlyWithBid'));
    }
    return problems;
  }

  /** The staff member named for a best-interest determination is a user of the viewer's agency. */
  private async checkDeterminer(m: EntityManager, viewer: Viewer, input: ConsentInput, at: string): Promise<void> {
    if (input.givenBy !== ConsentGivenBy.BEST_INTEREST_DETERMINATION || !input.bestInterestDeterminedBy) return;
    const user = await userAgencyAndRoles(m, input.bestInterestDeterminedBy);
    if (!user || user.agency_id !== viewer.agencyId) throw badInput(`${at}.bestInterestDeterminedBy`, 'cases.determinerOwnStaff');
  }

  private async checkAgencies(m: EntityManager, ids: string[], field: string): Promise<void> {
    if (!ids.length) return;
    const found = await existingAgencyIds(m, ids);
    const known = new Set(found.map((f) => f.id));
    const missing = ids.filter((id) => !known.has(id.toLowerCase()));
    if (missing.length) throw badInputs(missing.map((id) => problem(field, 'cases.unknownAgency', { id })));
  }
}
