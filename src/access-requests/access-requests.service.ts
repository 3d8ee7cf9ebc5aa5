import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import type { Viewer } from '../auth/roles';
import { hydrate, selectColumns } from '../db/hydrate';
import { badInput, badInputs, conflict, forbidden, notFound, problem, reason, type Problem } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { pageQuery, type Page } from '../shared/pagination';
import { Dataset, DatasetClass, DATASETS, type Dimension } from '../statistics/datasets';
import { Role } from '../auth/roles';
import { caseHoldersSql } from '../cases/sql';
import { existingAreaIds, serviceHoldersSql } from '../directory/sql';
import { feedbackHoldersSql } from '../feedback/sql';
import { referralHoldersSql } from '../referrals/sql';
import { answersUnderRequest } from '../statistics/sql';
import { AccessRequestStatus, DataAccessApproval, DataAccessRequest } from './entities';
import type { ApproveDataAccessRequestInput, SubmitDataAccessRequestInput } from './inputs';

const today = () => new Date().toISOString().slice(0, 10);

const ATTESTATION = 'I attest that the information in this request is accurate, that the results will be used only for the stated purpose, '
  + 'seen only by the stated audience, protected as described, kept no longer than the stated retention, and never used to identify a person.';

/** SQL: agencies that hold data of a dataset. A request is decided by a data protection officer of one of them. */
const HOLDERS: Record<Dataset, string> = {
  CASE_LOAD: caseHoldersSql,
  REFERRAL_FLOWS: referralHoldersSql,
  SERVICE_CAPACITY: serviceHoldersSql,
  SERVICE_FEEDBACK: feedbackHoldersSql,
};

export interface AccessDecision {
  request: DataAccessRequest | null;
  /** Agencies whose records the statistics may count; null: every record (a network approval of a whole-network request). */
  holders: string[] | null;
  reasons: { code: string; message: string }[];
}

/** SQL condition: an approval row `a` is in force today. */
const IN_FORCE = (a: string) => `(${a}.revoked_at IS NULL AND ${a}.valid_until >= current_date)`;
const isNetworkAdmin = (viewer: Viewer) => viewer.roles.includes(Role.NETWORK_ADMIN);

export class AccessRequestsService {
  constructor(private readonly db: DataSource) {}

  private select = () => `SELECT ${selectColumns(this.db, DataAccessRequest, 'r')} FROM data_access_requests r`;
  private hydrate = (row: Record<string, unknown>) => hydrate(this.db, DataAccessRequest, row);

  async submit(viewer: Viewer, input: SubmitDataAccessRequestInput): Promise<DataAccessRequest> {
    const problems: Problem[] = [];
    const definition = DATASETS[input.dataset];
    for (const d of input.dimensions) if (!definition.dimensions[d]) problems.push(problem('input.dimensions', 'access.cannotBreakDown', { dataset: input.dataset, dimension: d }));
    if (input.periodFrom > input.periodTo) problems.push(problem('input.periodTo', 'access.notBeforePeriodFrom', { date: input.periodFrom }));
    if (input.periodFrom > today()) problems.push(problem('input.periodFrom', 'access.periodInFuture'));
    for (const field of ['purpose', 'intendedUse', 'audience', 'protectionMeasures', 'requesterName'] as const) {
      if (input[field].trim().length < (field === 'requesterName' ? 2 : 3)) problems.push(problem(`input.${field}`, 'access.fillIn'));
    }
    if (definition.dataClass !== DatasetClass.SENSITIVE) problems.push(problem('input.dataset', 'access.notSensitive', { dataset: input.dataset }));
    if (problems.length) throw badInputs(problems);
    return this.db.transaction(async (m) => {
      const areas = input.areaIds ?? [];
      if (areas.length) {
        const found = await existingAreaIds(m, areas);
        const missing = areas.filter((a) => !found.some((f: { id: string }) => f.id === a.toLowerCase()));
        if (missing.length) throw badInputs(missing.map((a) => problem('input.areaIds', 'access.unknownArea', { id: a })));
      }
      const holders = [...new Set((input.holderAgencyIds ?? []).map((a) => a.toLowerCase()))];
      if (holders.length) {
        const found: { id: string }[] = await m.query(`SELECT h.id::text FROM (${HOLDERS[input.dataset]}) h WHERE h.id = ANY($1::uuid[])`, [holders]);
        const missing = holders.filter((a) => !found.some((f) => f.id === a));
        if (missing.length) throw badInputs(missing.map((a) => problem('input.holderAgencyIds', 'access.holdsNoData', { id: a, dataset: input.dataset })));
        if (holders.includes(viewer.agencyId)) throw badInput('input.holderAgencyIds', 'access.ownAgencyCannotApprove');
      }
      const [{ id }] = await m.query(
        `INSERT INTO data_access_requests (requesting_agency_id, requested_by, requester_name, dataset, dimensions, area_ids, period_from, period_to,
           purpose, intended_use, audience, protection_measures, retention_days, attestation, holder_agency_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [viewer.agencyId, viewer.userId, input.requesterName.trim(), input.dataset, [...new Set(input.dimensions)], areas, input.periodFrom, input.periodTo,
          input.purpose.trim(), input.intendedUse.trim(), input.audience.trim(), input.protectionMeasures.trim(), input.retentionDays, ATTESTATION, holders],
      );
      await recordAudit(m, viewer, 'access_request.submitted', 'data_access_request', id, { dataset: input.dataset });
      return this.reload(m, id);
    });
  }

  /** The requesting agency sees its own requests; a deciding agency's DPO those waiting for it or decided by it. */
  async get(viewer: Viewer, id: string): Promise<DataAccessRequest> {
    if (!isUuid(id)) throw notFound('Data access request', id);
    const [row] = await this.db.query(`${this.select()} WHERE r.id = $1`, [id]);
    const request = row ? this.hydrate(row) : null;
    if (!request) throw notFound('Data access request', id);
    const own = request.requestingAgencyId === viewer.agencyId;
    if (own || isNetworkAdmin(viewer)) return request;
    const [approved] = await this.db.query(`SELECT 1 FROM data_access_approvals WHERE request_id = $1 AND agency_id = $2`, [request.id, viewer.agencyId]);
    const mayDecide = viewer.roles.includes(Role.DATA_PROTECTION_OFFICER) && ['SUBMITTED', 'APPROVED'].includes(request.status)
      && (!request.holderAgencyIds.length || request.holderAgencyIds.includes(viewer.agencyId)) && (await this.holds(this.db, viewer.agencyId, request.dataset));
    if (!approved && request.decidedByAgencyId !== viewer.agencyId && !mayDecide) throw notFound('Data access request', id);
    return request;
  }

  mine(viewer: Viewer, first: number, after?: string | null): Promise<Page<DataAccessRequest>> {
    return this.page(`r.requesting_agency_id = $1`, [viewer.agencyId], first, after, 'r.created_at DESC, r.id');
  }

  /**
   * Requests waiting for this DPO's agency: it holds the data, did not ask, is asked (named, or the request
   * covers the whole network), and has not approved yet; submitted ones, and approved ones still in force
   * that lack its approval (and have no network approval).
   */
  queue(viewer: Viewer, first: number, after?: string | null): Promise<Page<DataAccessRequest>> {
    const holds = Object.entries(HOLDERS).map(([ds, sql]) => `(r.dataset = '${ds}' AND $1::uuid IN (${sql}))`).join(' OR ');
    return this.page(`(r.status = 'SUBMITTED' OR (r.status = 'APPROVED' AND r.valid_until >= current_date))
      AND r.requesting_agency_id <> $1 AND (cardinality(r.holder_agency_ids) = 0 OR $1::uuid = ANY(r.holder_agency_ids)) AND (${holds})
      AND NOT EXISTS (SELECT 1 FROM data_access_approvals a WHERE a.request_id = r.id AND (a.agency_id = $1 OR (a.on_behalf_of_network AND ${IN_FORCE('a')})))`,
    [viewer.agencyId], first, after, 'r.created_at, r.id');
  }

  /** The approvals of a request, by holder. */
  async approvals(requestId: string): Promise<DataAccessApproval[]> {
    const rows: any[] = await this.db.query(
      `SELECT a.agency_id::text, a.decided_by, a.on_behalf_of_network, a.conditions, a.valid_until::text, a.decided_at, a.revoked_at, a.revocation_reason, ${IN_FORCE('a')} AS in_force
         FROM data_access_approvals a WHERE a.request_id = $1 ORDER BY a.decided_at, a.agency_id`, [requestId]);
    return rows.map((r) => Object.assign(new DataAccessApproval(), {
      agencyId: r.agency_id, decidedBy: r.decided_by, onBehalfOfNetwork: r.on_behalf_of_network, conditions: r.conditions, validUntil: r.valid_until,
      decidedAt: new Date(r.decided_at), revokedAt: r.revoked_at ? new Date(r.revoked_at) : null, revocationReason: r.revocation_reason, inForce: r.in_force,
    }));
  }

  /** Statistics queries answered under a request (each distinct record set and grouping counts once). */
  async queriesUsed(requestId: string): Promise<number> {
    return answersUnderRequest(this.db, requestId);
  }

  private page(where: string, values: unknown[], first: number, after: string | null | undefined, order: string): Promise<Page<DataAccessRequest>> {
    return pageQuery(this.db, { select: `SELECT ${selectColumns(this.db, DataAccessRequest, 'r')}`, from: `FROM data_access_requests r WHERE ${where}`, values, order, first, after }, this.hydrate);
  }

  async approve(viewer: Viewer, input: ApproveDataAccessRequestInput): Promise<DataAccessRequest> {
    if (input.validUntil < today()) throw badInput('input.validUntil', 'access.notInPast');
    return this.decide(viewer, input.id, true, async (m, request) => {
      if (input.validUntil > addDays(today(), 366)) throw badInput('input.validUntil', 'access.atMostAYear');
      const network = isNetworkAdmin(viewer);
      const [mine] = await m.query(`SELECT 1 FROM data_access_approvals WHERE request_id = $1 AND agency_id = $2`, [request.id, viewer.agencyId]);
      if (mine) throw conflict('access.alreadyDecided');
      const [byNetwork] = await m.query(`SELECT 1 FROM data_access_approvals a WHERE a.request_id = $1 AND a.on_behalf_of_network AND ${IN_FORCE('a')}`, [request.id]);
      if (byNetwork) throw conflict('access.approvedByNetwork');
      await m.query(`INSERT INTO data_access_approvals (request_id, agency_id, decided_by, on_behalf_of_network, conditions, valid_until) VALUES ($1, $2, $3, $4, $5, $6)`,
        [request.id, viewer.agencyId, viewer.userId, network, input.conditions.trim(), input.validUntil]);
      if (request.storedStatus === AccessRequestStatus.SUBMITTED) {
        await m.query(`UPDATE data_access_requests SET status = 'APPROVED', decided_by = $2, decided_by_agency_id = $3, decided_at = now(), conditions = $4, valid_until = $5 WHERE id = $1`,
          [request.id, viewer.userId, viewer.agencyId, input.conditions.trim(), input.validUntil]);
      } else {
        // the request stays in force while any approval is
        await m.query(`UPDATE data_access_requests SET valid_until = greatest(valid_until, $2::date) WHERE id = $1`, [request.id, input.validUntil]);
      }
      return { action: 'access_request.approved', details: { onBehalfOfNetwork: network } };
    });
  }

  async reject(viewer: Viewer, id: string, reason: string): Promise<DataAccessRequest> {
    if (reason.trim().length < 3) throw badInput('reason', 'access.whyRejected');
    return this.decide(viewer, id, false, async (m, request) => {
      await m.query(`UPDATE data_access_requests SET status = 'REJECTED', decided_by = $2, decided_by_agency_id = $3, decided_at = now(), rejection_reason = $4 WHERE id = $1`,
        [request.id, viewer.userId, viewer.agencyId, reason.trim()]);
      return { action: 'access_request.rejected', details: {} };
    });
  }

  async revoke(viewer: Viewer, id: string, reason: string): Promise<DataAccessRequest> {
    if (reason.trim().length < 3) throw badInput('reason', 'access.whyRevoked');
    return this.db.transaction(async (m) => {
      const request = await this.lock(m, id);
      const [approval] = await m.query(`SELECT revoked_at FROM data_access_approvals WHERE request_id = $1 AND agency_id = $2`, [id, viewer.agencyId]);
      if (!approval) throw notFound('Data access request', id);
      if (request.status !== AccessRequestStatus.APPROVED || approval.revoked_at) throw conflict(approval.revoked_at ? 'access.onlyInForceRevokedAlready' : 'access.onlyInForceRevoked', { status: request.status });
      await m.query(`UPDATE data_access_approvals SET revoked_at = now(), revoked_by = $3, revocation_reason = $4 WHERE request_id = $1 AND agency_id = $2`,
        [id, viewer.agencyId, viewer.userId, reason.trim()]);
      const [left] = await m.query(`SELECT count(*)::int AS n FROM data_access_approvals a WHERE a.request_id = $1 AND ${IN_FORCE('a')}`, [id]);
      // the last approval in force withdrawn: the request is revoked as a whole
      if (left.n === 0) {
        await m.query(`UPDATE data_access_requests SET status = 'REVOKED', revoked_at = now(), revoked_by = $2, revocation_reason = $3 WHERE id = $1`, [id, viewer.userId, reason.trim()]);
      }
      await recordAudit(m, viewer, 'access_request.revoked', 'data_access_request', id, { requestRevoked: left.n === 0 });
      return this.reload(m, id);
    });
  }

  /**
   * A holder's DPO decides for its own agency's records; a NETWORK_ADMIN for every holder the request
   * asks. Approving adds that holder's approval while the request is submitted or approved and in force;
   * rejecting is possible only while nobody has approved.
   */
  private async decide(viewer: Viewer, id: string, approving: boolean,
    apply: (m: EntityManager, request: DataAccessRequest) => Promise<{ action: string; details: Record<string, unknown> }>): Promise<DataAccessRequest> {
    return this.db.transaction(async (m) => {
      const request = await this.lock(m, id);
      if (request.requestingAgencyId === viewer.agencyId) {
        throw forbidden('access.ownRequest');
      }
      if (!isNetworkAdmin(viewer)) {
        if (!(await this.holds(m, viewer.agencyId, request.dataset))) {
          throw forbidden('access.holdsNoDataDecide', { dataset: request.dataset });
        }
        if (request.holderAgencyIds.length && !request.holderAgencyIds.includes(viewer.agencyId)) {
          throw forbidden('access.notAsked');
        }
      }
      const open = request.storedStatus === AccessRequestStatus.SUBMITTED || (approving && request.status === AccessRequestStatus.APPROVED);
      if (!open) throw conflict('access.decidedAlready', { status: request.status });
      const { action, details } = await apply(m, request);
      await recordAudit(m, viewer, action, 'data_access_request', id, details);
      return this.reload(m, id);
    });
  }

  private async holds(m: Pick<EntityManager, 'query'>, agencyId: string, dataset: Dataset): Promise<boolean> {
    const [row] = await m.query(`SELECT $1::uuid IN (${HOLDERS[dataset]}) AS holds`, [agencyId]);
    return row.holds === true;
  }

  private async lock(m: EntityManager, id: string): Promise<DataAccessRequest> {
    if (!isUuid(id)) throw notFound('Data access request', id);
    const [row] = await m.query(`${this.select()} WHERE r.id = $1 FOR UPDATE`, [id]);
    if (!row) throw notFound('Data access request', id);
    return this.hydrate(row);
  }

  private async reload(m: EntityManager, id: string): Promise<DataAccessRequest> {
    const [row] = await m.query(`${this.select()} WHERE r.id = $1`, [id]);
    return this.hydrate(row);
  }

  /**
   * Whether the viewer's agency may query a sensitive dataset with these dimensions, areas and period
   * today: it needs one approved request, in force, covering all of them. Reasons say what is missing.
   */
  async authorise(viewer: Viewer, dataset: Dataset, dimensions: Dimension[], areaIds: string[], period: { from: string; to: string }): Promise<AccessDecision> {
    const rows: Record<string, unknown>[] = await this.db.query(`${this.select()} WHERE r.requesting_agency_id = $1 AND r.dataset = $2 ORDER BY r.created_at DESC`, [viewer.agencyId, dataset]);
    const requests = rows.map(this.hydrate);
    const approved = requests.filter((r) => r.status === AccessRequestStatus.APPROVED);
    if (!approved.length) {
      const why = requests.find((r) => r.status === AccessRequestStatus.REVOKED) ? 'REQUEST_REVOKED'
        : requests.find((r) => r.status === AccessRequestStatus.EXPIRED) ? 'REQUEST_EXPIRED' : 'NO_APPROVED_REQUEST';
      const said = why === 'REQUEST_REVOKED' ? reason(why, 'access.requestRevoked') : why === 'REQUEST_EXPIRED' ? reason(why, 'access.requestExpired') : reason(why, 'access.needsApproval', { dataset });
      return { request: null, holders: null, reasons: [said] };
    }
    let best: AccessDecision | null = null;
    for (const r of approved) {
      const reasons: AccessDecision['reasons'] = [];
      const extra = dimensions.filter((d) => !r.dimensions.includes(d));
      if (extra.length) reasons.push(reason('DIMENSION_NOT_APPROVED', 'access.dimensionNotApproved', { dimensions: extra }));
      if (r.areaIds.length && (!areaIds.length || areaIds.some((a) => !r.areaIds.includes(a.toLowerCase())))) {
        reasons.push(reason('AREA_NOT_APPROVED', 'access.areaNotApproved'));
      }
      if (period.from < r.periodFrom || period.to > r.periodTo) reasons.push(reason('PERIOD_NOT_APPROVED', 'access.periodNotApproved', { from: r.periodFrom, to: r.periodTo }));
      if (!reasons.length) {
        const inForce: { agency_id: string; on_behalf_of_network: boolean }[] = await this.db.query(
          `SELECT a.agency_id::text, a.on_behalf_of_network FROM data_access_approvals a WHERE a.request_id = $1 AND ${IN_FORCE('a')}`, [r.id]);
        if (!inForce.length) {
          if (!best) best = { request: null, holders: null, reasons: [reason('REQUEST_EXPIRED', 'access.everyApprovalGone')] };
          continue;
        }
        // counted: the holders that approved; a network approval stands for every holder the request asks
        const holders = inForce.some((a) => a.on_behalf_of_network) ? (r.holderAgencyIds.length ? r.holderAgencyIds : null) : inForce.map((a) => a.agency_id);
        return { request: r, holders, reasons };
      }
      if (!best || reasons.length < best.reasons.length) best = { request: null, holders: null, reasons };
    }
    return best!;
  }
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);
}
