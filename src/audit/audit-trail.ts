/** Reading the audit log: a case's trail, its disclosure report, and the check of the hash chain. */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { JSONObjectResolver } from 'graphql-scalars';
import { hasRole, Role, type Viewer } from '../auth/roles';
import { forbidden, notFound } from '../shared/errors';
import { may, relationsToCase } from '../policy/authority';
import { isUuid } from '../shared/ids';
import { ownCaseRelationFacts } from '../cases/sql';
import { pageQuery, type Page } from '../shared/pagination';

@ObjectType({ description: 'An entry of the append-only audit log; it never holds personal field values' })
export class AuditEvent {
  @Field(() => ID) id!: string;
  @Field() at!: Date;
  @Field(() => String, { nullable: true }) actorId!: string | null;
  @Field(() => ID, { nullable: true }) actorAgencyId!: string | null;
  @Field() action!: string;
  @Field() entityType!: string;
  @Field(() => String, { nullable: true }) entityId!: string | null;
  @Field(() => JSONObjectResolver) details!: Record<string, unknown>;
}

@ObjectType({ description: 'What one agency received of a person\'s data, when, and on which basis' })
export class DisclosureReportEntry {
  @Field(() => ID) agencyId!: string;
  @Field(() => [String], { description: 'Fields made available to the agency by referrals, or handed over with the case by a transfer' }) fieldsSent!: string[];
  @Field(() => [String], { description: 'Fields the agency actually read' }) fieldsRead!: string[];
  @Field() firstAt!: Date;
  @Field() lastAt!: Date;
  @Field(() => Int, { description: 'Reads recorded' }) reads!: number;
  @Field(() => [ID]) referralIds!: string[];
  @Field(() => [ID], { description: 'Consents relied on' }) consentIds!: string[];
  @Field(() => [ID], { description: 'Data-sharing agreements relied on' }) agreementIds!: string[];
  @Field(() => [String], { description: 'CONSENT and/or VITAL_INTEREST' }) bases!: string[];
  @Field(() => Date, { nullable: true, description: 'When the case was transferred to this agency (the last time), if it was' }) transferredAt!: Date | null;
}

/**
 * The audit events of one case (parameter `caseParam`), as rows of (id, n, at, actor_id, actor_agency_id,
 * action, details): its own events, and one row per read of it in the per-request disclosure events,
 * shown as a 'case.disclosed' event about this case alone (never the other cases read with it).
 */
export function caseEventsSql(caseParam: string): string {
  return `(SELECT e.id, 0 AS n, e.at, e.actor_id, e.actor_agency_id, e.action, e.details
             FROM audit_events e WHERE e.entity_type = 'case' AND e.entity_id = ${caseParam}
           UNION ALL
           SELECT e.id, r.n, e.at, e.actor_id, e.actor_agency_id, 'case.disclosed', r.read - 'caseId'
             FROM audit_events e, jsonb_array_elements(e.details->'reads') WITH ORDINALITY r(read, n)
            WHERE e.action = 'cases.disclosed' AND e.details->'caseIds' ? ${caseParam}::text AND r.read->>'caseId' = ${caseParam}::text)`;
}

/** One referral sent to another agency (the fields it made available), or one read by that agency (the fields read). */
export interface DisclosureEvent {
  kind: 'SENT' | 'READ' | 'TRANSFERRED';
  at: Date;
  agencyId: string;
  referralId: string | null;
  fields: string[];
  /** CONSENT or VITAL_INTEREST */
  basis: string;
  consentId: string | null;
  agreementIds: string[];
  /** Messages of the referral the agency read (READ only) */
  messages: number;
}

/** The disclosure report: the events (oldest first) per agency. */
export function summarizeDisclosures(events: DisclosureEvent[]): DisclosureReportEntry[] {
  const byAgency = new Map<string, DisclosureReportEntry>();
  const add = (list: string[], values: (string | null | undefined)[]) => values.forEach((v) => v && !list.includes(v) && list.push(v));
  for (const e of events) {
    const entry = byAgency.get(e.agencyId) ?? {
      agencyId: e.agencyId, fieldsSent: [], fieldsRead: [], firstAt: e.at, lastAt: e.at, reads: 0, referralIds: [], consentIds: [], agreementIds: [], bases: [], transferredAt: null,
    };
    if (e.kind === 'SENT') add(entry.fieldsSent, e.fields);
    else if (e.kind === 'TRANSFERRED') {
      add(entry.fieldsSent, e.fields);
      entry.transferredAt = e.at;
    } else {
      add(entry.fieldsRead, e.fields);
      entry.reads++;
    }
    add(entry.bases, [e.basis]);
    add(entry.referralIds, [e.referralId]);
    add(entry.consentIds, [e.consentId]);
    add(entry.agreementIds, e.agreementIds);
    entry.lastAt = e.at;
    byAgency.set(e.agencyId, entry);
  }
  return [...byAgency.values()].map((e) => ({ ...e, fieldsSent: e.fieldsSent.sort(), fieldsRead: e.fieldsRead.sort() }));
}

export class AuditTrail {
  constructor(private readonly db: DataSource) {}

  /** NOT_FOUND for another agency's case; FORBIDDEN when the viewer's relation to the case does not allow `operation`. */
  private async requireOwnCase(viewer: Viewer, caseId: string, operation: 'auditTrail' | 'disclosureReport'): Promise<void> {
    const found = isUuid(caseId) ? await ownCaseRelationFacts(this.db, caseId, viewer.agencyId) : undefined;
    if (!found) throw notFound('Case', caseId);
    if (!may('case', operation, relationsToCase(viewer, { ownerAgencyId: found.owner_agency_id, assignedTo: found.assigned_to, sharedWith: found.shared_with }))) {
      throw forbidden(operation === 'auditTrail' ? 'audit.onlyDpoTrail' : 'audit.onlyAssignedOrDpoReport');
    }
  }

  async caseAuditTrail(viewer: Viewer, caseId: string, first: number, after?: string | null): Promise<Page<AuditEvent>> {
    await this.requireOwnCase(viewer, caseId, 'auditTrail');
    return pageQuery(this.db, {
      select: `SELECT CASE WHEN x.n = 0 THEN x.id::text ELSE x.id || '.' || x.n END AS id, x.at, x.actor_id, x.actor_agency_id, x.action, x.details`,
      from: `FROM ${caseEventsSql('$1')} x`, values: [caseId], order: 'x.id, x.n', first, after,
    }, (r: any) => ({
      id: r.id, at: r.at, actorId: r.actor_id, actorAgencyId: r.actor_agency_id, action: r.action, entityType: 'case', entityId: caseId, details: r.details,
    }));
  }

  /** Every agency that received fields of this person, from the referrals sent, the transfers of the case and the reads logged. */
  async disclosureReport(viewer: Viewer, caseId: string): Promise<DisclosureReportEntry[]> {
    return summarizeDisclosures(await this.disclosureEvents(viewer, caseId));
  }

  /**
   * The events behind the disclosure report, oldest first: each referral sent (the fields it made
   * available) and each read by another agency (the fields it read). Same access as the report.
   */
  async disclosureEvents(viewer: Viewer, caseId: string): Promise<DisclosureEvent[]> {
    await this.requireOwnCase(viewer, caseId, 'disclosureReport');
    const rows: any[] = await this.db.query(
      `SELECT x.action, x.at, x.actor_agency_id, x.details FROM ${caseEventsSql('$1')} x
        WHERE x.action IN ('referral.sent', 'case.disclosed', 'case.transferred') ORDER BY x.id, x.n`,
      [caseId],
    );
    // reads inside the owning agency are in the audit trail; this is about other agencies
    return rows.filter((r) => !r.details.internal).map((r) => {
      const kind = r.action === 'referral.sent' ? 'SENT' : r.action === 'case.transferred' ? 'TRANSFERRED' : 'READ';
      return {
        kind,
        at: r.at,
        agencyId: kind === 'SENT' ? r.details.receivingAgencyId : kind === 'TRANSFERRED' ? r.details.toAgencyId : r.actor_agency_id,
        referralId: r.details.referralId ?? null,
        fields: [...(r.details.fields ?? [])].sort(),
        // a transfer hands the whole record over on the person's consent
        basis: kind === 'SENT' ? r.details.basis : kind === 'TRANSFERRED' || r.details.consentId ? 'CONSENT' : 'VITAL_INTEREST',
        consentId: r.details.consentId ?? null,
        agreementIds: r.details.agreementIds ?? [],
        messages: r.details.messageIds?.length ?? 0,
      } satisfies DisclosureEvent;
    });
  }

  /** The chain check as `viewer` may see it: a DPO learns whether the chain is intact, not how many events the whole network wrote. */
  async verifyChain(viewer: Viewer): Promise<AuditChainReport> {
    const report = await verifyAuditChain(this.db);
    return hasRole(viewer, Role.NETWORK_ADMIN) ? report : { ...report, checked: null, firstBrokenSeq: null };
  }
}

@ObjectType({ description: 'The result of checking the hash chain of the audit log' })
export class AuditChainReport {
  @Field() intact!: boolean;
  @Field(() => Int, { nullable: true, description: 'Entries checked: the size of the whole network\'s log, shown to NETWORK_ADMIN only (null for others)' }) checked!: number | null;
  @Field(() => String, { nullable: true, description: 'Sequence number of the first entry whose link is broken (NETWORK_ADMIN only; others learn whether the chain is intact and what is wrong)' }) firstBrokenSeq!: string | null;
  @Field(() => String, { nullable: true }) problem!: string | null;
}

/** Recomputes every link of the audit chain in the database and reports the first broken one. */
export async function verifyAuditChain(db: Pick<DataSource, 'query'>): Promise<AuditChainReport> {
  const [row] = await db.query(`
    WITH links AS (
      SELECT e.seq, e.hash, e.prev_hash,
             encode(sha256(convert_to(e.prev_hash || '|' || audit_event_canonical(e), 'UTF8')), 'hex') AS expected,
             coalesce(lag(e.hash) OVER (ORDER BY e.seq), repeat('0', 64)) AS previous,
             coalesce(lag(e.seq) OVER (ORDER BY e.seq), 0) AS previous_seq
        FROM audit_events e)
    SELECT (SELECT count(*)::int FROM links) AS checked,
           (SELECT row_to_json(b) FROM (
              SELECT seq::text, CASE WHEN hash <> expected THEN 'its contents do not match its hash'
                                     WHEN prev_hash <> previous THEN 'it does not point to the entry before it'
                                     ELSE 'an entry before it is missing' END AS problem
                FROM links WHERE hash <> expected OR prev_hash <> previous OR seq <> previous_seq + 1 ORDER BY seq LIMIT 1) b) AS broken`);
  return { intact: !row.broken, checked: row.checked, firstBrokenSeq: row.broken?.seq ?? null, problem: row.broken?.problem ?? null };
}
