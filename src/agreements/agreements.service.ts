import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { writeTelling, type Changes } from '../db/change-feed';
import { hasRole, Role, type Viewer } from '../auth/roles';
import { hydrate, selectColumns } from '../db/hydrate';
import { badInput, badInputs, conflict, errorMessage, forbidden, notFound, problem, type Problem } from '../shared/errors';
import type { Message } from '../shared/messages';
import { isUuid } from '../shared/ids';
import { pageQuery, type Page } from '../shared/pagination';
import { sqlParams } from '../shared/sql';
import { areasNestSql, existingAgencyIdsSql, existingAreaIdsSql, existingCategoryCodesSql, retiredCategoryCodesSql } from '../directory/sql';
import { FIELD_CATEGORY } from '../policy/data-catalogue';
import { seesAllAgreements } from '../policy/agreement-terms';
import { DataSharingAgreement, Mou, Sop } from './entities';
import { dsaStatusSql, mouStatusSql } from './status';
import type { CreateDsaInput, CreateMouInput, DsaFilter, MouFilter, PublishSopInput, SignMouInput, SopFilter, UpdateMouInput } from './inputs';

const today = () => new Date().toISOString().slice(0, 10);

function datesInOrder(problems: Problem[], earlier: string | null | undefined, later: string | null | undefined, laterField: string, earlierName: string | Message) {
  if (earlier && later && later < earlier) problems.push(problem(laterField, 'agreements.notBefore', { earlier: earlierName, date: earlier }));
}

export class AgreementsService {
  /** `changes`: told of every agreement write (the directory search cache and coverage empty themselves, here and on the other instances). */
  constructor(private readonly db: DataSource, private readonly changes?: Changes) {}

  /** Every agreement write: one transaction, then cached directory searches are dropped, as after a directory write. */
  private write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return writeTelling(this.db, this.changes, work);
  }

  // ---- MoUs --------------------------------------------------------------------------------

  private mouSelect(alias = 'm') {
    return `SELECT ${selectColumns(this.db, Mou, alias)}, ${mouStatusSql(alias)} AS status,
      ARRAY(SELECT agency_id FROM mou_parties mp WHERE mp.mou_id = ${alias}.id ORDER BY agency_id) AS party_ids`;
  }

  hydrateMou(row: any): Mou {
    return Object.assign(hydrate(this.db, Mou, row), { status: row.status, partyIds: row.party_ids });
  }

  /** The MoUs this viewer may see: those of their agency, or all for network admins and the steering committee. */
  private mouVisibility(viewer: Viewer, p: (v: unknown) => string, alias = 'm') {
    return seesAllAgreements(viewer) ? 'true' : `EXISTS (SELECT 1 FROM mou_parties vp WHERE vp.mou_id = ${alias}.id AND vp.agency_id = ${p(viewer.agencyId)}::uuid)`;
  }

  async getMou(viewer: Viewer, id: string): Promise<Mou> {
    if (!isUuid(id)) throw notFound('MoU', id);
    const { values, p } = sqlParams();
    const [row] = await this.db.query(`${this.mouSelect()} FROM mous m WHERE m.id = ${p(id)} AND ${this.mouVisibility(viewer, p)}`, values);
    if (!row) throw notFound('MoU', id);
    return this.hydrateMou(row);
  }

  async listMous(viewer: Viewer, filter: MouFilter, first: number, after?: string | null): Promise<Page<Mou>> {
    const { values, p } = sqlParams();
    const where = [this.mouVisibility(viewer, p)];
    if (filter.partyAgencyId) where.push(`EXISTS (SELECT 1 FROM mou_parties fp WHERE fp.mou_id = m.id AND fp.agency_id = ${p(filter.partyAgencyId)}::uuid)`);
    if (filter.status?.length) where.push(`${mouStatusSql('m')} = ANY(${p(filter.status)}::text[])`);
    if (filter.categoryCode) {
      const c = p(filter.categoryCode);
      where.push(`EXISTS (SELECT 1 FROM unnest(m.category_codes) c WHERE c = ${c} OR ${c} LIKE c || '.%' OR c LIKE ${c} || '.%')`);
    }
    if (filter.areaId) {
      where.push(areasNestSql(p(filter.areaId), 'm.area_ids'));
    }
    if (filter.expiringWithinDays !== undefined && filter.expiringWithinDays !== null) {
      where.push(`${mouStatusSql('m')} = 'ACTIVE' AND m.expires_on <= current_date + ${p(filter.expiringWithinDays)}::int`);
    }
    const order = filter.expiringWithinDays !== undefined && filter.expiringWithinDays !== null ? 'm.expires_on ASC, m.id' : 'm.created_at DESC, m.id';
    return pageQuery(this.db, { select: this.mouSelect(), from: `FROM mous m WHERE ${where.join(' AND ')}`, values, order, first, after }, (r) => this.hydrateMou(r));
  }

  async createMou(viewer: Viewer, input: CreateMouInput): Promise<Mou> {
    const problems: Problem[] = [];
    const parties = input.partyIds.map((id) => id.toLowerCase());
    if (new Set(parties).size !== parties.length) problems.push(problem('input.partyIds', 'agreements.sameAgencyTwice'));
    datesInOrder(problems, input.effectiveFrom, input.expiresOn, 'input.expiresOn', 'effectiveFrom');
    if (problems.length) throw badInputs(problems);
    return this.write(async (m) => {
      await this.checkReferences(m, { agencies: parties, categories: input.categoryCodes, areas: input.areaIds });
      if (await m.query(`SELECT 1 FROM mous WHERE reference_number = $1`, [input.referenceNumber]).then((r) => r.length)) {
        throw conflict('agreements.mouReferenceExists', { reference: input.referenceNumber });
      }
      const [{ id }] = await m.query(
        `INSERT INTO mous (reference_number, title, category_codes, area_ids, roles_and_responsibilities, communication, outcome_monitoring,
           effective_from, expires_on, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
        [input.referenceNumber, input.title, input.categoryCodes ?? [], input.areaIds ?? [], input.rolesAndResponsibilities ?? null,
          input.communication ?? null, input.outcomeMonitoring ?? null, input.effectiveFrom ?? null, input.expiresOn ?? null, viewer.userId],
      );
      await m.query(`INSERT INTO mou_parties (mou_id, agency_id) SELECT $1, unnest($2::uuid[])`, [id, parties]);
      await recordAudit(m, viewer, 'mou.created', 'mou', id, { parties });
      return this.reloadMou(m, id);
    });
  }

  async updateMou(viewer: Viewer, input: UpdateMouInput): Promise<Mou> {
    return this.write(async (m) => {
      const mou = await this.lockMou(m, input.id);
      if (mou.status !== 'DRAFT') throw conflict('agreements.onlyDraftEdited', { status: mou.status });
      const problems: Problem[] = [];
      const parties = input.partyIds?.map((id) => id.toLowerCase());
      if (parties && new Set(parties).size !== parties.length) problems.push(problem('input.partyIds', 'agreements.sameAgencyTwice'));
      datesInOrder(problems, input.effectiveFrom !== undefined ? input.effectiveFrom : mou.effectiveFrom, input.expiresOn !== undefined ? input.expiresOn : mou.expiresOn, 'input.expiresOn', 'effectiveFrom');
      if (problems.length) throw badInputs(problems);
      if (parties && !hasRole(viewer, Role.NETWORK_ADMIN) && !parties.includes(viewer.agencyId)) {
        throw forbidden('agreements.cannotRemoveOwnAgency');
      }
      await this.checkReferences(m, { agencies: parties, categories: input.categoryCodes, areas: input.areaIds, keptCategories: mou.categoryCodes });
      const sets: string[] = [];
      const { values, p } = sqlParams();
      const columns: [keyof UpdateMouInput, string][] = [
        ['title', 'title'], ['categoryCodes', 'category_codes'], ['areaIds', 'area_ids'], ['rolesAndResponsibilities', 'roles_and_responsibilities'],
        ['communication', 'communication'], ['outcomeMonitoring', 'outcome_monitoring'], ['effectiveFrom', 'effective_from'], ['expiresOn', 'expires_on'],
      ];
      for (const [key, column] of columns) if (input[key] !== undefined) sets.push(`${column} = ${p(input[key])}`);
      sets.push(`updated_at = now()`, `updated_by = ${p(viewer.userId)}`);
      await m.query(`UPDATE mous SET ${sets.join(', ')} WHERE id = ${p(mou.id)}`, values);
      if (parties) {
        await m.query(`DELETE FROM mou_parties WHERE mou_id = $1`, [mou.id]);
        await m.query(`INSERT INTO mou_parties (mou_id, agency_id) SELECT $1, unnest($2::uuid[])`, [mou.id, parties]);
      }
      await recordAudit(m, viewer, 'mou.updated', 'mou', mou.id, { fields: columns.filter(([k]) => input[k] !== undefined).map(([k]) => k) });
      return this.reloadMou(m, mou.id);
    });
  }

  /**
   * Records the signature of the viewer's agency, which must be a party, by its AGENCY_ADMIN. The first
   * signature fixes the document and the dates; each other party signs the same. The MoU is in force
   * (SIGNED, then ACTIVE) only once every party has signed; until then it is PARTIALLY_SIGNED.
   */
  async signMou(viewer: Viewer, input: SignMouInput): Promise<Mou> {
    return this.write(async (m) => {
      const mou = await this.lockMou(m, input.id);
      if (!mou.partyIds.includes(viewer.agencyId) || !hasRole(viewer, Role.AGENCY_ADMIN)) {
        throw forbidden('agreements.onlyPartyAdminSigns');
      }
      if (mou.status === 'TERMINATED' || mou.status === 'EXPIRED') throw conflict('agreements.mouEndedNoSign', { status: mou.status });
      const signatures: { agency_id: string; signed_on: string }[] = await m.query(
        `SELECT agency_id, signed_on::text AS signed_on FROM mou_signatures WHERE mou_id = $1`, [mou.id]);
      const mine = signatures.find((s) => s.agency_id === viewer.agencyId);
      if (mine) throw conflict('agreements.mouAlreadySigned', { date: mine.signed_on });
      const problems: Problem[] = [];
      if (input.signedOn > today()) problems.push(problem('input.signedOn', 'agreements.notInFuture'));
      const first = signatures.length === 0;
      let effectiveFrom = mou.effectiveFrom;
      let expiresOn = mou.expiresOn;
      if (first) {
        effectiveFrom = input.effectiveFrom ?? mou.effectiveFrom ?? input.signedOn;
        expiresOn = input.expiresOn !== undefined ? input.expiresOn : mou.expiresOn;
        datesInOrder(problems, effectiveFrom, expiresOn, 'input.expiresOn', errorMessage('agreements.theEffectiveDate'));
      }
      if (problems.length) throw badInputs(problems);
      if (!first) {
        // every party signs the same terms: the document and dates set by the first signature
        const differences: Message[] = [];
        if (input.document.sha256 !== mou.documentSha256) differences.push(errorMessage('agreements.differentDocument', { sha256: mou.documentSha256 }));
        if (input.effectiveFrom !== undefined && input.effectiveFrom !== null && input.effectiveFrom !== mou.effectiveFrom) differences.push(errorMessage('agreements.differentDate', { field: 'effectiveFrom', date: mou.effectiveFrom }));
        if (input.expiresOn !== undefined && input.expiresOn !== mou.expiresOn) differences.push(errorMessage('agreements.differentDate', { field: 'expiresOn', date: mou.expiresOn ?? errorMessage('agreements.noDate') }));
        if (differences.length) {
          throw conflict('agreements.otherTerms', { differences });
        }
      } else {
        await m.query(
          `UPDATE mous SET effective_from = $2, expires_on = $3, document_url = $4, document_sha256 = $5, updated_at = now(), updated_by = $6 WHERE id = $1`,
          [mou.id, effectiveFrom, expiresOn, input.document.url, input.document.sha256, viewer.userId],
        );
      }
      await m.query(`INSERT INTO mou_signatures (mou_id, agency_id, signed_by, signer_role, signed_on) VALUES ($1, $2, $3, $4, $5)`,
        [mou.id, viewer.agencyId, viewer.userId, Role.AGENCY_ADMIN, input.signedOn]);
      const complete = signatures.length + 1 === mou.partyIds.length;
      if (complete) {
        // the date the last party signed: the MoU is in force from its effective date on
        await m.query(`UPDATE mous SET signed_on = (SELECT max(signed_on) FROM mou_signatures WHERE mou_id = $1), updated_at = now(), updated_by = $2 WHERE id = $1`,
          [mou.id, viewer.userId]);
      }
      await recordAudit(m, viewer, 'mou.signed', 'mou', mou.id, { signedOn: input.signedOn, complete });
      return this.reloadMou(m, mou.id);
    });
  }

  async terminateMou(viewer: Viewer, id: string, reason: string): Promise<Mou> {
    if (!reason.trim()) throw badInput('reason', 'agreements.whyMouTerminated');
    return this.write(async (m) => {
      const mou = await this.lockMou(m, id);
      if (mou.status === 'TERMINATED' || mou.status === 'EXPIRED') throw conflict('agreements.mouAlreadyEnded', { status: mou.status });
      await m.query(`UPDATE mous SET terminated_at = now(), terminated_by = $2, terminated_by_agency_id = $3, termination_reason = $4, updated_at = now(), updated_by = $2 WHERE id = $1`,
        [mou.id, viewer.userId, viewer.agencyId, reason.trim()]);
      await recordAudit(m, viewer, 'mou.terminated', 'mou', mou.id);
      return this.reloadMou(m, mou.id);
    });
  }

  private async lockMou(m: EntityManager, id: string): Promise<Mou> {
    if (!isUuid(id)) throw notFound('MoU', id);
    await m.query(`SELECT 1 FROM mous WHERE id = $1 FOR UPDATE`, [id]);
    const [row] = await m.query(`${this.mouSelect()} FROM mous m WHERE m.id = $1`, [id]);
    if (!row) throw notFound('MoU', id);
    return this.hydrateMou(row);
  }

  private async reloadMou(m: EntityManager, id: string): Promise<Mou> {
    const [row] = await m.query(`${this.mouSelect()} FROM mous m WHERE m.id = $1`, [id]);
    return this.hydrateMou(row);
  }

  // ---- SOPs --------------------------------------------------------------------------------

  async getSop(id: string): Promise<Sop> {
    const sop = isUuid(id) ? await this.db.getRepository(Sop).findOneBy({ id }) : null;
    if (!sop) throw notFound('SOP', id);
    return sop;
  }

  async listSops(filter: SopFilter, first: number, after?: string | null): Promise<Page<Sop>> {
    const { values, p } = sqlParams();
    const where = ['true'];
    if (!filter.includeSuperseded) where.push('s.superseded_at IS NULL');
    if (filter.ownerAgencyId) where.push(`s.owner_agency_id = ${p(filter.ownerAgencyId)}::uuid`);
    if (filter.categoryCode) {
      const c = p(filter.categoryCode);
      where.push(`EXISTS (SELECT 1 FROM unnest(s.category_codes) c WHERE c = ${c} OR ${c} LIKE c || '.%' OR c LIKE ${c} || '.%')`);
    }
    if (filter.reviewOverdue) where.push(`s.superseded_at IS NULL AND s.review_due < current_date`);
    const order = filter.reviewOverdue ? 's.review_due ASC, s.id' : 's.title ASC, s.version DESC, s.id';
    return pageQuery(this.db, { select: `SELECT ${selectColumns(this.db, Sop, 's')}`, from: `FROM sops s WHERE ${where.join(' AND ')}`, values, order, first, after },
      (r) => hydrate(this.db, Sop, r));
  }

  sopVersions(seriesId: string): Promise<Sop[]> {
    return this.db.getRepository(Sop).find({ where: { seriesId }, order: { version: 'DESC' } });
  }

  async publishSop(viewer: Viewer, input: PublishSopInput): Promise<Sop> {
    const problems: Problem[] = [];
    datesInOrder(problems, input.effectiveFrom, input.reviewDue, 'input.reviewDue', 'effectiveFrom');
    if (!input.supersedesId && !input.ownerAgencyId) problems.push(problem('input.ownerAgencyId', 'agreements.sopNeedsOwner'));
    if (problems.length) throw badInputs(problems);
    return this.write(async (m) => {
      let seriesId = randomUUID();
      let version = 1;
      let owner = input.ownerAgencyId ?? null;
      // a new version may keep a retired category of the version it replaces
      let keptCategories: string[] = [];
      if (input.supersedesId) {
        if (!isUuid(input.supersedesId)) throw notFound('SOP', input.supersedesId);
        const [previous] = await m.query(`SELECT id, series_id, version, owner_agency_id, superseded_at, category_codes FROM sops WHERE id = $1 FOR UPDATE`, [input.supersedesId]);
        if (!previous) throw notFound('SOP', input.supersedesId);
        if (previous.superseded_at) throw conflict('agreements.sopAlreadySuperseded');
        if (owner && owner !== previous.owner_agency_id) throw badInput('input.ownerAgencyId', 'agreements.sopKeepsOwner');
        seriesId = previous.series_id;
        version = previous.version + 1;
        owner = previous.owner_agency_id;
        keptCategories = previous.category_codes;
      } else {
        await this.checkReferences(m, { agencies: [owner!] });
      }
      await this.checkReferences(m, { categories: input.categoryCodes, keptCategories });
      // one current version per SOP (sops_current_idx): retire the old one before the new one is inserted
      if (input.supersedesId) await m.query(`UPDATE sops SET superseded_at = now() WHERE id = $1`, [input.supersedesId]);
      const [{ id }] = await m.query(
        `INSERT INTO sops (series_id, version, title, owner_agency_id, category_codes, steps, emergency_response_hours, urgent_response_hours,
           normal_response_hours, effective_from, review_due, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [seriesId, version, input.title, owner, input.categoryCodes ?? [],
          JSON.stringify(input.steps.map((s, i) => ({ order: i + 1, title: s.title, description: s.description ?? null }))),
          input.emergencyResponseHours ?? null, input.urgentResponseHours ?? null, input.normalResponseHours ?? null, input.effectiveFrom, input.reviewDue, viewer.userId],
      );
      if (input.supersedesId) await m.query(`UPDATE sops SET superseded_by = $2 WHERE id = $1`, [input.supersedesId, id]);
      await recordAudit(m, viewer, 'sop.published', 'sop', id, { seriesId, version });
      return m.getRepository(Sop).findOneByOrFail({ id });
    });
  }

  // ---- data-sharing agreements -------------------------------------------------------------

  private dsaSelect(alias = 'd') {
    return `SELECT ${selectColumns(this.db, DataSharingAgreement, alias)}, ${dsaStatusSql(alias)} AS status`;
  }

  hydrateDsa(row: any): DataSharingAgreement {
    return Object.assign(hydrate(this.db, DataSharingAgreement, row), { status: row.status });
  }

  private dsaVisibility(viewer: Viewer, p: (v: unknown) => string, alias = 'd') {
    if (seesAllAgreements(viewer)) return 'true';
    const a = p(viewer.agencyId);
    return `(${alias}.providing_agency_id = ${a}::uuid OR ${alias}.receiving_agency_id = ${a}::uuid)`;
  }

  async getDsa(viewer: Viewer, id: string): Promise<DataSharingAgreement> {
    if (!isUuid(id)) throw notFound('Data-sharing agreement', id);
    const { values, p } = sqlParams();
    const [row] = await this.db.query(`${this.dsaSelect()} FROM data_sharing_agreements d WHERE d.id = ${p(id)} AND ${this.dsaVisibility(viewer, p)}`, values);
    if (!row) throw notFound('Data-sharing agreement', id);
    return this.hydrateDsa(row);
  }

  async listDsas(viewer: Viewer, filter: DsaFilter, first: number, after?: string | null): Promise<Page<DataSharingAgreement>> {
    const { values, p } = sqlParams();
    const where = [this.dsaVisibility(viewer, p)];
    if (filter.partyAgencyId) {
      const a = p(filter.partyAgencyId);
      where.push(`(d.providing_agency_id = ${a}::uuid OR d.receiving_agency_id = ${a}::uuid)`);
    }
    if (filter.status?.length) where.push(`${dsaStatusSql('d')} = ANY(${p(filter.status)}::text[])`);
    const expiring = filter.expiringWithinDays !== undefined && filter.expiringWithinDays !== null;
    if (expiring) where.push(`${dsaStatusSql('d')} = 'ACTIVE' AND d.valid_until <= current_date + ${p(filter.expiringWithinDays)}::int`);
    return pageQuery(this.db, { select: this.dsaSelect(), from: `FROM data_sharing_agreements d WHERE ${where.join(' AND ')}`, values,
      order: `${expiring ? 'd.valid_until ASC' : 'd.created_at DESC'}, d.id`, first, after }, (r) => this.hydrateDsa(r));
  }

  async createDsa(viewer: Viewer, input: CreateDsaInput): Promise<DataSharingAgreement> {
    const problems: Problem[] = [];
    if (input.providingAgencyId.toLowerCase() === input.receivingAgencyId.toLowerCase()) {
      problems.push(problem('input.receivingAgencyId', 'agreements.receivingIsProviding'));
    }
    datesInOrder(problems, input.validFrom, input.validUntil, 'input.validUntil', 'validFrom');
    if (input.riskAssessmentDate > today()) problems.push(problem('input.riskAssessmentDate', 'agreements.riskAssessmentFuture'));
    if (new Set(input.categories).size !== input.categories.length) problems.push(problem('input.categories', 'agreements.categoryTwice'));
    for (const field of input.excludedFields ?? []) {
      const category = FIELD_CATEGORY.get(field);
      if (!category) problems.push(problem('input.excludedFields', 'agreements.notCatalogueField', { field }));
      else if (!input.categories.includes(category)) problems.push(problem('input.excludedFields', 'agreements.fieldOutsideCategories', { field, category }));
    }
    if (problems.length) throw badInputs(problems);
    return this.write(async (m) => {
      await this.checkReferences(m, { agencies: [input.providingAgencyId, input.receivingAgencyId] });
      if (await m.query(`SELECT 1 FROM data_sharing_agreements WHERE reference_number = $1`, [input.referenceNumber]).then((r) => r.length)) {
        throw conflict('agreements.dsaReferenceExists', { reference: input.referenceNumber });
      }
      const [{ id }] = await m.query(
        `INSERT INTO data_sharing_agreements (reference_number, title, providing_agency_id, receiving_agency_id, purposes, categories, excluded_fields,
           valid_from, valid_until, retention_days, onward_sharing_allowed, risk_assessment_date, risk_assessment_reference, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [input.referenceNumber, input.title, input.providingAgencyId, input.receivingAgencyId, [...new Set(input.purposes)], input.categories,
          [...new Set(input.excludedFields ?? [])], input.validFrom, input.validUntil, input.retentionDays, input.onwardSharingAllowed,
          input.riskAssessmentDate, input.riskAssessmentReference, viewer.userId],
      );
      await recordAudit(m, viewer, 'dsa.created', 'data_sharing_agreement', id, { providing: input.providingAgencyId, receiving: input.receivingAgencyId });
      return this.reloadDsa(m, id);
    });
  }

  /** Signs for the viewer's own agency, which must be a party; becomes ACTIVE when both parties have signed. */
  async signDsa(viewer: Viewer, id: string): Promise<DataSharingAgreement> {
    return this.write(async (m) => {
      const dsa = await this.lockDsa(m, id);
      if (viewer.agencyId !== dsa.providingAgencyId && viewer.agencyId !== dsa.receivingAgencyId) {
        throw forbidden('agreements.signOwnPartyOnly');
      }
      if (dsa.status === 'TERMINATED' || dsa.status === 'EXPIRED') throw conflict('agreements.dsaEndedNoSign', { status: dsa.status });
      const already = await m.query(`SELECT signed_at FROM dsa_signatures WHERE dsa_id = $1 AND agency_id = $2`, [dsa.id, viewer.agencyId]);
      if (already.length) throw conflict('agreements.dsaAlreadySigned', { date: already[0].signed_at.toISOString() });
      const role = hasRole(viewer, Role.DATA_PROTECTION_OFFICER) ? Role.DATA_PROTECTION_OFFICER : Role.AGENCY_ADMIN;
      await m.query(`INSERT INTO dsa_signatures (dsa_id, agency_id, signed_by, signer_role) VALUES ($1, $2, $3, $4)`, [dsa.id, viewer.agencyId, viewer.userId, role]);
      await recordAudit(m, viewer, 'dsa.signed', 'data_sharing_agreement', dsa.id);
      return this.reloadDsa(m, dsa.id);
    });
  }

  /** Either party ends it with immediate effect: no field passes under it from now on. */
  async terminateDsa(viewer: Viewer, id: string, reason: string): Promise<DataSharingAgreement> {
    if (!reason.trim()) throw badInput('reason', 'agreements.whyDsaTerminated');
    return this.write(async (m) => {
      const dsa = await this.lockDsa(m, id);
      if (dsa.status === 'TERMINATED' || dsa.status === 'EXPIRED') throw conflict('agreements.dsaAlreadyEnded', { status: dsa.status });
      await m.query(`UPDATE data_sharing_agreements SET terminated_at = now(), terminated_by = $2, terminated_by_agency_id = $3, termination_reason = $4 WHERE id = $1`,
        [dsa.id, viewer.userId, viewer.agencyId, reason.trim()]);
      await recordAudit(m, viewer, 'dsa.terminated', 'data_sharing_agreement', dsa.id);
      return this.reloadDsa(m, dsa.id);
    });
  }

  private async lockDsa(m: EntityManager, id: string): Promise<DataSharingAgreement> {
    if (!isUuid(id)) throw notFound('Data-sharing agreement', id);
    await m.query(`SELECT 1 FROM data_sharing_agreements WHERE id = $1 FOR UPDATE`, [id]);
    return this.reloadDsa(m, id);
  }

  private async reloadDsa(m: EntityManager, id: string): Promise<DataSharingAgreement> {
    const [row] = await m.query(`${this.dsaSelect()} FROM data_sharing_agreements d WHERE d.id = $1`, [id]);
    if (!row) throw notFound('Data-sharing agreement', id);
    return this.hydrateDsa(row);
  }

  // ---- shared ------------------------------------------------------------------------------

  /** Agencies, categories and areas must exist; a retired category may stay where it is (`keptCategories`) but is not added. */
  private async checkReferences(m: EntityManager, refs: { agencies?: string[]; categories?: string[]; areas?: string[]; keptCategories?: string[] }): Promise<void> {
    const [found] = await m.query(
      `SELECT ${existingAgencyIdsSql('$1')} AS agencies, ${existingCategoryCodesSql('$2')} AS categories, ${existingAreaIdsSql('$3')} AS areas,
              ${retiredCategoryCodesSql('$2')} AS retired`,
      [refs.agencies ?? [], refs.categories ?? [], refs.areas ?? []],
    );
    const missing: Problem[] = [];
    for (const a of refs.agencies ?? []) if (!found.agencies.includes(a.toLowerCase())) missing.push(problem('input', 'agreements.unknownAgency', { id: a }));
    for (const c of refs.categories ?? []) if (!found.categories.includes(c)) missing.push(problem('input.categoryCodes', 'agreements.unknownCategory', { code: c }));
    for (const c of refs.categories ?? []) {
      if (found.retired.includes(c) && !refs.keptCategories?.includes(c)) missing.push(problem('input.categoryCodes', 'agreements.retiredCategory', { code: c }));
    }
    for (const a of refs.areas ?? []) if (!found.areas.includes(a.toLowerCase())) missing.push(problem('input.areaIds', 'agreements.unknownArea', { id: a }));
    if (missing.length) throw badInputs(missing);
  }
}

