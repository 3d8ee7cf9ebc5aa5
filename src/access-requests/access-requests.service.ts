import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit.service';
import type { Viewer } from '../auth/roles';
import { hydrate, selectColumns } from '../db/hydrate';
import { badInput, badInputs, conflict, forbidden, notFound } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { pageQuery, type Page } from '../shared/pagination';
import { Dataset, DatasetClass, DATASETS, type Dimension } from '../statistics/datasets';
import { AccessRequestStatus, DataAccessRequest } from './entities';
import type { ApproveDataAccessRequestInput, SubmitDataAccessRequestInput } from './inputs';

const today = () => new Date().toISOString().slice(0, 10);

const ATTESTATION = 'I attest that the information in this request is accurate, that the results will be used only for the stated purpose, '
  + 'seen only by the stated audience, protected as described, kept no longer than the stated retention, and never used to identify a person.';

/** SQL: agencies that hold data of a dataset. A request is decided by a data protection officer of one of them. */
const HOLDERS: Record<Dataset, string> = {
  CASE_LOAD: `SELECT DISTINCT owner_agency_id AS id FROM cases`,
  REFERRAL_FLOWS: `SELECT sending_agency_id AS id FROM referrals UNION SELECT receiving_agency_id FROM referrals`,
  SERVICE_CAPACITY: `SELECT DISTINCT agency_id AS id FROM services`,
};

export interface AccessDecision {
  request: DataAccessRequest | null;
  reasons: { code: string; message: string }[];
}

export class AccessRequestsService {
  constructor(private readonly db: DataSource) {}

  private select = () => `SELECT ${selectColumns(this.db, DataAccessRequest, 'r')} FROM data_access_requests r`;
  private hydrate = (row: Record<string, unknown>) => hydrate(this.db, DataAccessRequest, row);

  async submit(viewer: Viewer, input: SubmitDataAccessRequestInput): Promise<DataAccessRequest> {
    const problems: { field: string; problem: string }[] = [];
    const definition = DATASETS[input.dataset];
    for (const d of input.dimensions) if (!definition.dimensions[d]) problems.push({ field: 'input.dimensions', problem: `${input.dataset} cannot be broken down by ${d}` });
    if (input.periodFrom > input.periodTo) problems.push({ field: 'input.periodTo', problem: `must not be before periodFrom (${input.periodFrom})` });
    if (input.periodFrom > today()) problems.push({ field: 'input.periodFrom', problem: 'cannot be in the future: statistics describe what happened' });
    for (const field of ['purpose', 'intendedUse', 'audience', 'protectionMeasures', 'requesterName'] as const) {
      if (input[field].trim().length < (field === 'requesterName' ? 2 : 3)) problems.push({ field: `input.${field}`, problem: 'must be filled in, not left blank' });
    }
    if (definition.dataClass !== DatasetClass.SENSITIVE) problems.push({ field: 'input.dataset', problem: `${input.dataset} is not sensitive: query it directly with statistics` });
    if (problems.length) throw badInputs(problems);
    return this.db.transaction(async (m) => {
      const areas = input.areaIds ?? [];
      if (areas.length) {
        const found = await m.query(`SELECT id::text FROM areas WHERE id = ANY($1::uuid[])`, [areas]);
        const missing = areas.filter((a) => !found.some((f: { id: string }) => f.id === a.toLowerCase()));
        if (missing.length) throw badInputs(missing.map((a) => ({ field: 'input.areaIds', problem: `unknown area ${a}` })));
      }
      const [{ id }] = await m.query(
        `INSERT INTO data_access_requests (requesting_agency_id, requested_by, requester_name, dataset, dimensions, area_ids, period_from, period_to,
           purpose, intended_use, audience, protection_measures, retention_days, attestation)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [viewer.agencyId, viewer.userId, input.requesterName.trim(), input.dataset, [...new Set(input.dimensions)], areas, input.periodFrom, input.periodTo,
          input.purpose.trim(), input.intendedUse.trim(), input.audience.trim(), input.protectionMeasures.trim(), input.retentionDays, ATTESTATION],
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
    const decider = request.decidedByAgencyId === viewer.agencyId || (request.storedStatus === 'SUBMITTED' && viewer.roles.includes('DATA_PROTECTION_OFFICER' as never) && (await this.holds(this.db, viewer.agencyId, request.dataset)));
    if (!own && !decider) throw notFound('Data access request', id);
    return request;
  }

  mine(viewer: Viewer, first: number, after?: string | null): Promise<Page<DataAccessRequest>> {
    return this.page(`r.requesting_agency_id = $1`, [viewer.agencyId], first, after, 'r.created_at DESC, r.id');
  }

  /** Requests waiting for a decision that this DPO's agency may take: it holds the data and did not ask. */
  queue(viewer: Viewer, first: number, after?: string | null): Promise<Page<DataAccessRequest>> {
    const holds = Object.entries(HOLDERS).map(([ds, sql]) => `(r.dataset = '${ds}' AND $1::uuid IN (${sql}))`).join(' OR ');
    return this.page(`r.status = 'SUBMITTED' AND r.requesting_agency_id <> $1 AND (${holds})`, [viewer.agencyId], first, after, 'r.created_at, r.id');
  }

  private page(where: string, values: unknown[], first: number, after: string | null | undefined, order: string): Promise<Page<DataAccessRequest>> {
    return pageQuery(this.db, { select: `SELECT ${selectColumns(this.db, DataAccessRequest, 'r')}`, from: `FROM data_access_requests r WHERE ${where}`, values, order, first, after }, this.hydrate);
  }

  async approve(viewer: Viewer, input: ApproveDataAccessRequestInput): Promise<DataAccessRequest> {
    if (input.validUntil < today()) throw badInput('input.validUntil', 'must not be in the past');
    return this.decide(viewer, input.id, async (m, request) => {
      if (input.validUntil > addDays(today(), 366)) throw badInput('input.validUntil', 'approve for at most a year; the requester can ask again');
      await m.query(`UPDATE data_access_requests SET status = 'APPROVED', decided_by = $2, decided_by_agency_id = $3, decided_at = now(), conditions = $4, valid_until = $5 WHERE id = $1`,
        [request.id, viewer.userId, viewer.agencyId, input.conditions.trim(), input.validUntil]);
      return 'access_request.approved';
    });
  }

  async reject(viewer: Viewer, id: string, reason: string): Promise<DataAccessRequest> {
    if (reason.trim().length < 3) throw badInput('reason', 'say why the request is rejected');
    return this.decide(viewer, id, async (m, request) => {
      await m.query(`UPDATE data_access_requests SET status = 'REJECTED', decided_by = $2, decided_by_agency_id = $3, decided_at = now(), rejection_reason = $4 WHERE id = $1`,
        [request.id, viewer.userId, viewer.agencyId, reason.trim()]);
      return 'access_request.rejected';
    });
  }

  async revoke(viewer: Viewer, id: string, reason: string): Promise<DataAccessRequest> {
    if (reason.trim().length < 3) throw badInput('reason', 'say why the approval is revoked');
    return this.db.transaction(async (m) => {
      const request = await this.lock(m, id);
      if (request.decidedByAgencyId !== viewer.agencyId) throw notFound('Data access request', id);
      if (request.status !== AccessRequestStatus.APPROVED) throw conflict(`Only an approved request in force can be revoked; this one is ${request.status}`);
      await m.query(`UPDATE data_access_requests SET status = 'REVOKED', revoked_at = now(), revoked_by = $2, revocation_reason = $3 WHERE id = $1`, [id, viewer.userId, reason.trim()]);
      await recordAudit(m, viewer, 'access_request.revoked', 'data_access_request', id);
      return this.reload(m, id);
    });
  }

  private async decide(viewer: Viewer, id: string, apply: (m: EntityManager, request: DataAccessRequest) => Promise<string>): Promise<DataAccessRequest> {
    return this.db.transaction(async (m) => {
      const request = await this.lock(m, id);
      if (request.requestingAgencyId === viewer.agencyId) {
        throw forbidden('A data protection officer of the requesting agency cannot decide its own request');
      }
      if (!(await this.holds(m, viewer.agencyId, request.dataset))) {
        throw forbidden(`Your agency holds no ${request.dataset} data: a data protection officer of an agency that does decides this request`);
      }
      if (request.storedStatus !== AccessRequestStatus.SUBMITTED) throw conflict(`This request was already decided: ${request.status}`);
      const action = await apply(m, request);
      await recordAudit(m, viewer, action, 'data_access_request', id);
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
      const message = { REQUEST_REVOKED: 'the approval of your request was revoked', REQUEST_EXPIRED: 'your approved request has expired', NO_APPROVED_REQUEST: `${dataset} is sensitive: your agency needs an approved data access request` }[why];
      return { request: null, reasons: [{ code: why, message }] };
    }
    let best: AccessDecision | null = null;
    for (const r of approved) {
      const reasons: AccessDecision['reasons'] = [];
      const extra = dimensions.filter((d) => !r.dimensions.includes(d));
      if (extra.length) reasons.push({ code: 'DIMENSION_NOT_APPROVED', message: `not approved to break down by ${extra.join(', ')}` });
      if (r.areaIds.length && (!areaIds.length || areaIds.some((a) => !r.areaIds.includes(a.toLowerCase())))) {
        reasons.push({ code: 'AREA_NOT_APPROVED', message: 'the areas asked for are outside the approved ones (name approved areas in filter.areaIds)' });
      }
      if (period.from < r.periodFrom || period.to > r.periodTo) reasons.push({ code: 'PERIOD_NOT_APPROVED', message: `the approved period is ${r.periodFrom} to ${r.periodTo}` });
      if (!reasons.length) return { request: r, reasons };
      if (!best || reasons.length < best.reasons.length) best = { request: null, reasons };
    }
    return best!;
  }
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);
}
