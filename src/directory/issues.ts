/**
 * Upkeep of the directory by the whole network: any agency's staff report that an entry is wrong; the report
 * lands in the owning agency's queue until a verification or an edit of the entry resolves it, or the owner
 * dismisses it. A network admin can ask the owners to verify every entry not verified for N days.
 *
 * A report names a service only (never one of its locations), and its reporter sees of the service no more
 * than the directory shows them: a confidential location stays hidden. Who reads or dismisses a report is in
 * the authority table (kind serviceIssue). Notes and dismissal reasons are free text: kept with the report,
 * only their hashes go to the audit log.
 */
import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import type { Changes } from '../db/change-feed';
import { Role, type Viewer } from '../auth/roles';
import { may, relationsToServiceIssue } from '../policy/authority';
import { badInput, conflict, forbidden, notFound } from '../shared/errors';
import { onceFor } from '../shared/idempotency';
import { isUuid } from '../shared/ids';
import { pageQuery, type Page } from '../shared/pagination';
import { sqlParams } from '../shared/sql';
import { DirectoryChangeAction } from './history';

export enum ServiceIssueKind {
  CLOSED = 'CLOSED',
  MOVED = 'MOVED',
  WRONG_PHONE = 'WRONG_PHONE',
  WRONG_HOURS = 'WRONG_HOURS',
  FULL = 'FULL',
  NOT_AS_DESCRIBED = 'NOT_AS_DESCRIBED',
  OTHER = 'OTHER',
}
registerEnumType(ServiceIssueKind, {
  name: 'ServiceIssueKind',
  description: 'What is wrong with a directory entry: CLOSED (no longer runs or shut), MOVED (not at the address given), WRONG_PHONE, WRONG_HOURS, '
    + 'FULL (no places though the entry says there are), NOT_AS_DESCRIBED (offers something else, or to other people), OTHER (say what in the note)',
});

export enum ServiceIssueStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
  DISMISSED = 'DISMISSED',
}
registerEnumType(ServiceIssueStatus, {
  name: 'ServiceIssueStatus',
  description: 'OPEN: in the owning agency\'s queue; RESOLVED: a verification or an edit of the entry answered it (see resolution); DISMISSED: the owner says the entry was right (see dismissReason)',
});

export enum ServiceIssueResolution {
  VERIFIED = 'VERIFIED',
  SERVICE_UPDATED = 'SERVICE_UPDATED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  CAPACITY_UPDATED = 'CAPACITY_UPDATED',
  LOCATION_UPDATED = 'LOCATION_UPDATED',
}
registerEnumType(ServiceIssueResolution, {
  name: 'ServiceIssueResolution',
  description: 'How an issue was resolved: VERIFIED (verifyService: every open issue), SERVICE_UPDATED (updateService: every open issue), '
    + 'STATUS_CHANGED (setServiceStatus: CLOSED issues, every open issue when the service becomes INACTIVE), CAPACITY_UPDATED (updateServiceCapacity: FULL issues), '
    + 'LOCATION_UPDATED (updateLocation: MOVED issues of the services delivered there)',
});

@ObjectType({ description: 'A report that a directory entry is wrong, in the owning agency\'s queue. Seen by the owning agency\'s AGENCY_ADMIN and REFERRAL_FOCAL_POINT, the reporting agency and NETWORK_ADMIN' })
export class ServiceIssue {
  @Field(() => ID) id!: string;
  serviceId!: string;
  ownerAgencyId!: string;
  reporterAgencyId!: string;
  @Field(() => ServiceIssueKind) kind!: ServiceIssueKind;
  @Field(() => String, { nullable: true, description: 'What the reporter saw (free text)' }) note!: string | null;
  @Field({ description: 'User id of the reporter' }) reportedBy!: string;
  @Field() reportedAt!: Date;
  @Field(() => ServiceIssueStatus) status!: ServiceIssueStatus;
  @Field(() => ServiceIssueResolution, { nullable: true }) resolution!: ServiceIssueResolution | null;
  @Field(() => String, { nullable: true, description: 'Why the owner dismissed it (free text)' }) dismissReason!: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was resolved or dismissed' }) closedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'User id of who resolved or dismissed it' }) closedBy!: string | null;
}

@ObjectType()
export class AgencyVerificationCount {
  agencyId!: string;
  @Field(() => Int, { description: 'Entries of the agency now awaiting verification because of this request' }) services!: number;
  @Field(() => Int, { description: 'Of which not flagged before' }) newlyFlagged!: number;
}

@ObjectType({ description: 'What requestVerification flagged: every entry (not INACTIVE) not verified within olderThanDays, by owning agency' })
export class VerificationRequest {
  @Field(() => Int) olderThanDays!: number;
  @Field(() => Int) total!: number;
  @Field(() => Int, { description: 'Entries not flagged by an earlier request (those keep the date of the first)' }) newlyFlagged!: number;
  @Field(() => [AgencyVerificationCount], { description: 'Most entries first' }) byAgency!: AgencyVerificationCount[];
}

export const MAX_ISSUE_TEXT = 2000;
const COLUMNS = `i.id, i.service_id, i.owner_agency_id, i.reporter_agency_id, i.kind, i.note, i.reported_by, i.reported_at, i.status, i.resolution,
  i.dismiss_reason, i.closed_at, i.closed_by`;

/** Free text never enters the append-only audit log: the event holds its hash. */
const textHash = (text: string | null | undefined) => (text ? createHash('sha256').update(text).digest('hex') : null);

function toIssue(row: any): ServiceIssue {
  return Object.assign(new ServiceIssue(), {
    id: row.id, serviceId: row.service_id, ownerAgencyId: row.owner_agency_id, reporterAgencyId: row.reporter_agency_id, kind: row.kind, note: row.note,
    reportedBy: row.reported_by, reportedAt: new Date(row.reported_at), status: row.status, resolution: row.resolution, dismissReason: row.dismiss_reason,
    closedAt: row.closed_at ? new Date(row.closed_at) : null, closedBy: row.closed_by,
  });
}

/** A free text of the user: trimmed, null when empty, refused when too long. */
function freeText(value: string | null | undefined, field: string): string | null {
  const text = value?.trim() || null;
  if (text && text.length > MAX_ISSUE_TEXT) throw badInput(field, 'directory.issueTextTooLong', { max: MAX_ISSUE_TEXT, length: text.length });
  return text;
}

/**
 * Resolves the open issues of the services that a write of their owner answers, in the write's transaction:
 * all of them, or only those of `kinds`. One statement, plus one audit event per service with a resolved issue.
 */
export async function resolveOpenIssues(
  m: EntityManager, viewer: Viewer, serviceIds: string[], resolution: ServiceIssueResolution, kinds?: ServiceIssueKind[],
): Promise<void> {
  if (!serviceIds.length || (kinds && !kinds.length)) return;
  // a CTE, so the driver returns the rows themselves (an UPDATE ... RETURNING comes back as [rows, count])
  const rows: { id: string; service_id: string }[] = await m.query(
    `WITH resolved AS (
       UPDATE service_issues SET status = 'RESOLVED', resolution = $2, closed_at = now(), closed_by = $3, closed_by_agency_id = $4
        WHERE service_id = ANY($1::uuid[]) AND status = 'OPEN' AND ($5::text[] IS NULL OR kind = ANY($5::text[]))
        RETURNING id, service_id)
     SELECT id, service_id FROM resolved`,
    [serviceIds, resolution, viewer.userId, viewer.agencyId, kinds ?? null],
  );
  const byService = new Map<string, string[]>();
  for (const r of rows) byService.set(r.service_id, [...(byService.get(r.service_id) ?? []), r.id]);
  for (const [serviceId, issueIds] of byService) {
    await recordAudit(m, viewer, 'service.issues_resolved', 'service', serviceId, { issueIds: issueIds.sort(), resolution });
  }
}

export class ServiceIssuesService {
  constructor(private readonly db: DataSource, private readonly changes?: Changes) {}

  /** Any agency's staff report that an entry is wrong; it goes to the owning agency's queue. */
  async report(viewer: Viewer, serviceId: string, kind: ServiceIssueKind, note: string | null | undefined, idempotencyKey?: string | null): Promise<ServiceIssue> {
    const text = freeText(note, 'note');
    if (kind === ServiceIssueKind.OTHER && !text) throw badInput('note', 'directory.issueOtherNote');
    if (!isUuid(serviceId)) throw notFound('Service', serviceId);
    return this.db.transaction(async (m) => {
      const [service] = await m.query(`SELECT id, agency_id FROM services WHERE id = $1`, [serviceId]);
      if (!service) throw notFound('Service', serviceId);
      const relations = relationsToServiceIssue(viewer, { ownerAgencyId: service.agency_id, reporterAgencyId: viewer.agencyId });
      if (!may('serviceIssue', 'report', relations)) throw forbidden('directory.mayNotReport');
      const { id } = await onceFor(m, viewer, idempotencyKey, 'reportServiceIssue', { serviceId: service.id, kind, note: textHash(text) }, async () => {
        const [row] = await m.query(
          `INSERT INTO service_issues (service_id, owner_agency_id, kind, note, reported_by, reporter_agency_id)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (service_id, reporter_agency_id, kind) WHERE status = 'OPEN' DO NOTHING RETURNING id`,
          [service.id, service.agency_id, kind, text, viewer.userId, viewer.agencyId],
        );
        if (!row) {
          const [open] = await m.query(`SELECT id FROM service_issues WHERE service_id = $1 AND reporter_agency_id = $2 AND kind = $3 AND status = 'OPEN'`, [service.id, viewer.agencyId, kind]);
          throw conflict('directory.alreadyReported', { kind, id: open?.id }, { issueId: open?.id });
        }
        await recordAudit(m, viewer, 'service.issue_reported', 'service', service.id, { issueId: row.id, kind, ownerAgencyId: service.agency_id, noteSha256: textHash(text) });
        return row.id;
      });
      return this.load(m, id);
    });
  }

  /** The owning agency (or a network admin) says the entry was right. */
  async dismiss(viewer: Viewer, id: string, reason: string, idempotencyKey?: string | null): Promise<ServiceIssue> {
    const text = freeText(reason, 'reason');
    if (!text) throw badInput('reason', 'directory.whyEntryRight');
    if (!isUuid(id)) throw notFound('Service issue', id);
    return this.db.transaction(async (m) => {
      const { id: issueId } = await onceFor(m, viewer, idempotencyKey, 'dismissServiceIssue', { id: id.toLowerCase(), reason: textHash(text) }, async () => {
        const [row] = await m.query(`SELECT ${COLUMNS} FROM service_issues i WHERE i.id = $1 FOR UPDATE`, [id]);
        if (!row) throw notFound('Service issue', id);
        const issue = toIssue(row);
        const relations = relationsToServiceIssue(viewer, issue);
        if (!may('serviceIssue', 'read', relations)) throw notFound('Service issue', id);
        if (!may('serviceIssue', 'dismiss', relations)) throw forbidden('directory.onlyOwnerDismisses');
        if (issue.status !== ServiceIssueStatus.OPEN) throw conflict('directory.reportAlready', { status: issue.status }, { status: issue.status });
        await m.query(
          `UPDATE service_issues SET status = 'DISMISSED', dismiss_reason = $2, closed_at = now(), closed_by = $3, closed_by_agency_id = $4 WHERE id = $1`,
          [issue.id, text, viewer.userId, viewer.agencyId],
        );
        await recordAudit(m, viewer, 'service.issue_dismissed', 'service', issue.serviceId, { issueId: issue.id, reasonSha256: textHash(text) });
        return issue.id;
      });
      return this.load(m, issueId);
    });
  }

  /**
   * The queue of an agency (default: the viewer's): open issues oldest first, closed ones latest closed first.
   * A NETWORK_ADMIN may read any agency's queue, or the whole network's without agencyId.
   */
  async queue(viewer: Viewer, filter: { agencyId?: string | null; serviceId?: string | null; status: ServiceIssueStatus }, first: number, after?: string | null): Promise<Page<ServiceIssue>> {
    const admin = viewer.roles.includes(Role.NETWORK_ADMIN);
    const agencyId = filter.agencyId ?? (admin ? null : viewer.agencyId);
    if (agencyId !== null) {
      if (!isUuid(agencyId)) throw notFound('Agency', agencyId);
      if (!may('serviceIssue', 'read', relationsToServiceIssue(viewer, { ownerAgencyId: agencyId.toLowerCase(), reporterAgencyId: null }))) {
        throw forbidden('directory.ownQueueOnly');
      }
    }
    if (filter.serviceId && !isUuid(filter.serviceId)) throw notFound('Service', filter.serviceId);
    const { values, p } = sqlParams();
    const where = [`i.status = ${p(filter.status)}`];
    if (agencyId) where.push(`i.owner_agency_id = ${p(agencyId)}::uuid`);
    if (filter.serviceId) where.push(`i.service_id = ${p(filter.serviceId)}::uuid`);
    const order = filter.status === ServiceIssueStatus.OPEN ? 'i.reported_at, i.id' : 'i.closed_at DESC, i.id';
    return pageQuery(this.db, { select: `SELECT ${COLUMNS}`, from: `FROM service_issues i WHERE ${where.join(' AND ')}`, values, order, first, after }, toIssue);
  }

  /** What the viewer's agency reported, newest first. */
  async reportsOf(viewer: Viewer, status: ServiceIssueStatus | null, first: number, after?: string | null): Promise<Page<ServiceIssue>> {
    const { values, p } = sqlParams();
    const where = [`i.reporter_agency_id = ${p(viewer.agencyId)}::uuid`];
    if (status) where.push(`i.status = ${p(status)}`);
    return pageQuery(this.db, { select: `SELECT ${COLUMNS}`, from: `FROM service_issues i WHERE ${where.join(' AND ')}`, values, order: 'i.reported_at DESC, i.id', first, after }, toIssue);
  }

  /**
   * Flags every entry (not INACTIVE) not verified within `olderThanDays`: it shows in the owners' services
   * (verificationRequestedAt) and in the governance alerts until verified. An entry already flagged keeps
   * the date of the first request, so asking twice changes nothing.
   */
  async requestVerification(viewer: Viewer, olderThanDays: number): Promise<VerificationRequest> {
    if (!Number.isInteger(olderThanDays) || olderThanDays < 1 || olderThanDays > 3650) throw badInput('olderThanDays', 'directory.oneTo3650');
    try {
      return await this.db.transaction(async (m) => {
        const rows: { agency_id: string; services: number; newly: number }[] = await m.query(
          `WITH due AS (
             SELECT id, agency_id, verification_requested_at IS NULL AS new FROM services
              WHERE status <> 'INACTIVE' AND (last_verified_at IS NULL OR last_verified_at < now() - make_interval(days => $1::int))
              FOR UPDATE),
           flagged AS (
             UPDATE services s SET verification_requested_at = now(), verification_requested_by = $2 FROM due WHERE s.id = due.id AND due.new RETURNING s.id),
           history AS (
             INSERT INTO directory_changes (subject_type, subject_id, action, fields, changed_by, changed_by_agency_id)
             SELECT 'SERVICE', id::text, $4, '{verificationRequestedAt}', $2, $3::uuid FROM flagged)
           SELECT agency_id, count(*)::int AS services, count(*) FILTER (WHERE new)::int AS newly FROM due
            GROUP BY agency_id ORDER BY count(*) DESC, agency_id`,
          [olderThanDays, viewer.userId, viewer.agencyId, DirectoryChangeAction.VERIFICATION_REQUESTED],
        );
        const total = rows.reduce((n, r) => n + r.services, 0);
        const newlyFlagged = rows.reduce((n, r) => n + r.newly, 0);
        await recordAudit(m, viewer, 'directory.verification_requested', 'directory', null, { olderThanDays, total, newlyFlagged, agencies: rows.length });
        await this.changes?.tellOthers(m);
        return Object.assign(new VerificationRequest(), {
          olderThanDays, total, newlyFlagged,
          byAgency: rows.map((r) => Object.assign(new AgencyVerificationCount(), { agencyId: r.agency_id, services: r.services, newlyFlagged: r.newly })),
        });
      });
    } finally {
      // services show verificationRequestedAt: cached searches must not keep the old answer
      this.changes?.invalidateHere();
    }
  }

  private async load(m: Pick<EntityManager, 'query'>, id: string): Promise<ServiceIssue> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM service_issues i WHERE i.id = $1`, [id]);
    return toIssue(row);
  }
}

/** Per-request loaders: the two agencies of a report (for the ownership rule of src/permissions.ts). */
export function createIssueLoaders(db: DataSource) {
  return {
    serviceIssueAgencies: new DataLoader<string, { ownerAgencyId: string; reporterAgencyId: string } | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: { id: string; owner_agency_id: string; reporter_agency_id: string }[] = valid.length
        ? await db.query(`SELECT id, owner_agency_id, reporter_agency_id FROM service_issues WHERE id = ANY($1::uuid[])`, [valid])
        : [];
      const byId = new Map(rows.map((r) => [r.id, { ownerAgencyId: r.owner_agency_id, reporterAgencyId: r.reporter_agency_id }]));
      return ids.map((id) => byId.get(String(id).toLowerCase()) ?? null);
    }),
  };
}
