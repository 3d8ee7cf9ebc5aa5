import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import type { Viewer } from '../auth/roles';
import { mouStatusSql, dsaStatusSql } from '../agreements/status';
import { hydrate, selectColumns } from '../db/hydrate';
import { Agency, Area, Service } from '../directory/entities';
import { AreaLevel } from '../directory/enums';
import { badInput, badInputs, conflict, notFound, problem, type Problem } from '../shared/errors';
import { message } from '../shared/messages';
import { isUuid } from '../shared/ids';
import { sqlParams } from '../shared/sql';
import { agencyServesAreaSql, areaCodeAndPath, areaCodeSql, areaNestsWithPathSql, areaPathsSql, areasFrom, existingAgencyIdsSql, existingCategoryCodesSql, retiredCategoryCodesSql, servicesFrom } from '../directory/sql';
import { dataSharingAgreementsFrom, existingSopSeriesSql, mouPartyIdsSql, mousFrom, sopsFrom } from '../agreements/sql';
import { referralsFrom } from '../referrals/sql';
import { servicesAwaitingVerificationSql, servicesWithOpenIssuesSql } from '../directory/upkeep-sql';
import { noiseFor, protect } from '../statistics/suppression';

/** SQL: a digest of the referral ids an aggregate counts, from which the keyed noise is drawn (statistics/suppression.ts). */
const digest = (rid: string, filter = '') => `md5(coalesce(string_agg(${rid}::text COLLATE "C", ',' ORDER BY ${rid}::text COLLATE "C")${filter}, ''))`;
import type { GovernanceAlerts } from './alerts';
import type { Changes } from '../db/change-feed';
import { CoverageCache, coverageKey } from './cache';
import { computeCoverage, orderGaps, type AreaResult, type CoverageMou, type CoverageSop, type CoverageStepInput } from './compute';
import { Pathway, type PathwayStep } from './entities';
import type { PathwayInput, PerformanceFilter } from './inputs';

const LEVEL_DEPTH: Record<AreaLevel, number> = { COUNTRY: 1, REGION: 2, DISTRICT: 3, LOCALITY: 4 };

export interface CoverageReport {
  pathway: Pathway;
  steps: PathwayStep[];
  root: Area;
  level: AreaLevel;
  areas: (AreaResult & { areaEntity: Area })[];
  gaps: ReturnType<typeof orderGaps>;
  computedAt: Date;
  /** Rough bytes the answer holds in memory, with the services its evidence lists are drawn from (the cache's bound). */
  approximateBytes: number;
}

/** A cache that keeps nothing (COVERAGE_CACHE_TTL_SECONDS=0, and services built without one). */
const noCache = () => new CoverageCache({ ttlSeconds: 0, maxBytes: 0 });

/** The agreements in force network-wide that coverage reads: the same for every pathway and area. */
interface AgreementsInForce { mous: CoverageMou[]; sops: CoverageSop[] }

export class CoverageService {
  constructor(
    private readonly db: DataSource,
    private readonly staleAfterDays: number,
    private readonly threshold: number,
    private readonly perturbationKey: string,
    /** Answers of coverage(); emptied by this module's writes here, and by directory and agreement writes (src/app.ts). */
    readonly cache: CoverageCache = noCache(),
    /** The coverage topic of the change feed: a pathway write tells the other instances on commit. */
    private readonly changes?: Changes,
  ) {}

  // ---- pathways ----------------------------------------------------------------------------

  listPathways(): Promise<Pathway[]> {
    return this.db.getRepository(Pathway).find({ order: { name: 'ASC' } });
  }

  async getPathway(id: string, m: Pick<EntityManager, 'getRepository'> = this.db): Promise<Pathway> {
    const found = isUuid(id) ? await m.getRepository(Pathway).findOneBy({ id }) : null;
    if (!found) throw notFound('Pathway', id);
    return found;
  }

  async stepsOf(pathwayIds: readonly string[]): Promise<(PathwayStep & { pathwayId: string })[]> {
    const rows = await this.db.query(
      `SELECT pathway_id, position, title, category_code, required, lead_agency_id, sop_series_id FROM pathway_steps WHERE pathway_id = ANY($1::uuid[]) ORDER BY pathway_id, position`,
      [pathwayIds],
    );
    return rows.map((r: any) => ({ pathwayId: r.pathway_id, position: r.position, title: r.title, categoryCode: r.category_code, required: r.required, leadAgencyId: r.lead_agency_id, sopSeriesId: r.sop_series_id }));
  }

  async savePathway(viewer: Viewer, input: PathwayInput, id?: string): Promise<Pathway> {
    try {
      return await this.writePathway(viewer, input, id);
    } finally {
      // after the commit (or a failure: a needless miss costs little), so no answer computed before it is served
      if (this.changes) this.changes.invalidateHere();
      else this.cache.invalidate();
    }
  }

  private writePathway(viewer: Viewer, input: PathwayInput, id?: string): Promise<Pathway> {
    return this.db.transaction(async (m) => {
      await this.changes?.tellOthers(m);
      if (id) await this.getPathway(id, m);
      const [found] = await m.query(
        `SELECT ${existingCategoryCodesSql('$1')} AS categories, ${existingAgencyIdsSql('$2')} AS agencies, ${existingSopSeriesSql('$3')} AS series,
                ${retiredCategoryCodesSql('$1')} AS retired,
                ARRAY(SELECT category_code FROM pathway_steps WHERE pathway_id = $4::uuid) AS kept`,
        [input.steps.map((s) => s.categoryCode), input.steps.map((s) => s.leadAgencyId).filter(Boolean), input.steps.map((s) => s.sopSeriesId).filter(Boolean), id ?? null],
      );
      const problems: Problem[] = [];
      input.steps.forEach((s, i) => {
        if (!found.categories.includes(s.categoryCode)) problems.push(problem(`input.steps[${i}].categoryCode`, 'coverage.unknownCategory', { code: s.categoryCode }));
        // a retired category stays on a pathway's step that has it, but is not added to one
        else if (found.retired.includes(s.categoryCode) && !found.kept.includes(s.categoryCode)) {
          problems.push(problem(`input.steps[${i}].categoryCode`, 'coverage.retiredCategory', { code: s.categoryCode }));
        }
        if (s.leadAgencyId && !found.agencies.includes(s.leadAgencyId.toLowerCase())) problems.push(problem(`input.steps[${i}].leadAgencyId`, 'coverage.unknownAgency', { id: s.leadAgencyId }));
        if (s.sopSeriesId && !found.series.includes(s.sopSeriesId.toLowerCase())) problems.push(problem(`input.steps[${i}].sopSeriesId`, 'coverage.unknownSop', { id: s.sopSeriesId }));
      });
      if (problems.length) throw badInputs(problems);
      const [clash] = await m.query(`SELECT id FROM pathways WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid`, [input.name.trim(), id ?? null]);
      if (clash) throw conflict('coverage.pathwayExists', { name: input.name.trim() });
      let pathwayId = id;
      if (id) {
        await m.query(`UPDATE pathways SET name = $2, description = $3, populations = $4, updated_at = now(), updated_by = $5 WHERE id = $1`,
          [id, input.name.trim(), input.description ?? null, [...new Set(input.populations)], viewer.userId]);
      } else {
        [{ id: pathwayId }] = await m.query(`INSERT INTO pathways (name, description, populations, created_by, updated_by) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
          [input.name.trim(), input.description ?? null, [...new Set(input.populations)], viewer.userId]);
      }
      await m.query(`DELETE FROM pathway_steps WHERE pathway_id = $1`, [pathwayId]);
      for (const [i, s] of input.steps.entries()) {
        await m.query(`INSERT INTO pathway_steps (pathway_id, position, title, category_code, required, lead_agency_id, sop_series_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [pathwayId, i + 1, s.title.trim(), s.categoryCode, s.required, s.leadAgencyId ?? null, s.sopSeriesId ?? null]);
      }
      await recordAudit(m, viewer, id ? 'pathway.updated' : 'pathway.created', 'pathway', pathwayId!);
      return this.getPathway(pathwayId!, m);
    });
  }

  // ---- coverage ----------------------------------------------------------------------------

  /**
   * Each area at `level` inside `areaId` x each step of the pathway: a status with its evidence. From the cache
   * when it holds the answer (no statement), else computed (see computeCoverageReport). The answer is shared by
   * every caller: nothing in it may be changed.
   */
  coverage(pathwayId: string, areaId: string, level: AreaLevel): Promise<CoverageReport> {
    return this.cache.get(coverageKey(pathwayId, areaId, level), () => this.computeCoverageReport(pathwayId, areaId, level), (report) => report.approximateBytes);
  }

  /**
   * Active MoUs and SOPs in force, network-wide: a statement over every MoU (its status is derived per row),
   * kept in the same cache under a key of its own, so an answer for another pathway or area does not read
   * them again. Agreement writes empty the cache like any other; dates move within its time to live.
   */
  private agreementsInForce(): Promise<AgreementsInForce> {
    return this.cache.get('agreements-in-force', async () => {
      // arrays as JSON: thousands of rows, and JSON.parse reads them several times faster than the text[] parser
      const [mous, sops] = await Promise.all([
        this.db.query(
          `SELECT m.id, to_json(${mouPartyIdsSql('m')}) AS parties, to_json(m.category_codes) AS category_codes,
                  to_json(${areaPathsSql('m.area_ids')}) AS area_paths
             FROM ${mousFrom('m')} WHERE ${mouStatusSql('m')} = 'ACTIVE'`,
        ),
        this.db.query(
          `SELECT id, series_id, owner_agency_id, to_json(category_codes) AS category_codes FROM ${sopsFrom('sops')} WHERE superseded_at IS NULL AND effective_from <= current_date`,
        ),
      ]);
      return {
        mous: mous.map((m: any): CoverageMou => ({ id: m.id, parties: m.parties, categoryCodes: m.category_codes, areaPaths: m.area_paths })),
        sops: sops.map((p: any): CoverageSop => ({ id: p.id, seriesId: p.series_id, ownerAgencyId: p.owner_agency_id, categoryCodes: p.category_codes })),
      };
    }, (a) => 1_000 + a.mous.length * 300 + a.sops.length * 200);
  }

  private async computeCoverageReport(pathwayId: string, areaId: string, level: AreaLevel): Promise<CoverageReport> {
    const pathway = await this.getPathway(pathwayId);
    if (!isUuid(areaId)) throw notFound('Area', areaId);
    const [rootRow] = await this.db.query(`SELECT ${selectColumns(this.db, Area, 'a')} FROM ${areasFrom('a')} WHERE a.id = $1`, [areaId]);
    if (!rootRow) throw notFound('Area', areaId);
    const root = hydrate(this.db, Area, rootRow);
    if (LEVEL_DEPTH[level] < LEVEL_DEPTH[root.level]) throw badInput('level', 'coverage.levelTooCoarse', { level: root.level, name: message(`areaLevels.${root.level}`) });
    const steps = (await this.stepsOf([pathway.id])) as CoverageStepInput[] & PathwayStep[];
    const areaRows: Record<string, unknown>[] = await this.db.query(
      `SELECT ${selectColumns(this.db, Area, 'a')} FROM ${areasFrom('a')} WHERE a.level = $1 AND (a.path = $2 OR a.path LIKE $3) ORDER BY a.path LIMIT 5000`,
      [level, root.path, `${root.path}/%`],
    );
    const areas = areaRows.map((r) => hydrate(this.db, Area, r));
    const categories = [...new Set(steps.map((s) => s.categoryCode))];
    // arrays as JSON: thousands of rows, and JSON.parse reads them several times faster than the text[] parser
    const [services, { mous, sops }] = await Promise.all([
      this.db.query(
        `SELECT s.id, s.agency_id, to_json(s.category_codes) AS category_codes, to_json(s.area_closure) AS area_closure, to_json(s.coverage_codes) AS coverage_codes,
                (s.last_verified_at >= now() - make_interval(days => $4::int)) IS TRUE AS fresh,
                (s.capacity_available IS NULL OR s.capacity_available > 0) AS has_capacity
           FROM ${servicesFrom('s')}
          WHERE s.status = 'ACTIVE' AND s.category_codes && $1::text[] AND s.populations && $2::text[]
            AND (s.area_closure @> ARRAY[$3::text] OR s.coverage_codes && $5::text[])`,
        [categories, [...pathway.populations, 'ALL'], root.code, this.staleAfterDays, root.path.split('/')],
      ),
      this.agreementsInForce(),
    ]);
    const results = computeCoverage(
      areas.map((a) => ({ id: a.id, code: a.code, path: a.path })),
      steps,
      services.map((s: any) => ({ id: s.id, agencyId: s.agency_id, categoryCodes: s.category_codes, areaClosure: s.area_closure, coverageCodes: s.coverage_codes, fresh: s.fresh, hasCapacity: s.has_capacity })),
      mous,
      sops,
    );
    let gaps: ReturnType<typeof orderGaps> | undefined;
    return {
      pathway, steps, root, level,
      areas: results.map((r, i) => ({ ...r, areaEntity: areas[i] })),
      // ordered only when read (the GraphQL field, the report): most answers don't ask
      get gaps() { return (gaps ??= orderGaps(results, steps)); },
      computedAt: new Date(),
      // the MoUs and SOPs are counted with the agreements kept on their own
      approximateBytes: 1_000 + areas.length * (600 + steps.length * 120) + services.length * 500,
    };
  }

  // ---- performance -------------------------------------------------------------------------

  async performance(filter: PerformanceFilter) {
    const { values, p } = sqlParams();
    const where: string[] = ['true'];
    if (filter.periodFrom && filter.periodTo && filter.periodFrom > filter.periodTo) throw badInput('filter.periodTo', 'coverage.notBeforePeriodFrom', { date: filter.periodFrom });
    if (filter.periodFrom) where.push(`r.sent_at >= ${p(filter.periodFrom)}::date`);
    if (filter.periodTo) where.push(`r.sent_at < ${p(filter.periodTo)}::date + 1`);
    if (filter.areaId) where.push(`s.area_closure @> ARRAY[${areaCodeSql(p(filter.areaId))}]`);
    if (filter.categoryCode) where.push(`s.category_codes @> ARRAY[${p(filter.categoryCode)}::text]`);
    if (filter.agencyId) where.push(`${p(filter.agencyId)}::uuid IN (r.sending_agency_id, r.receiving_agency_id)`);
    if (filter.pathwayId) {
      const pathway = await this.getPathway(filter.pathwayId);
      where.push(`s.category_codes && ARRAY(SELECT category_code FROM pathway_steps WHERE pathway_id = ${p(pathway.id)}::uuid)`);
      where.push(`s.populations && ${p([...pathway.populations, 'ALL'])}::text[]`);
    }
    const from = `FROM ${referralsFrom('r')} JOIN ${servicesFrom('s')} ON s.id = r.service_id WHERE ${where.join(' AND ')}`;
    // noise: a keyed hash of the digest of the records counted, the same as statistics on REFERRAL_FLOWS give them
    const counted = {
      sent: 'true',
      accepted: `r.responded_at IS NOT NULL AND r.decline_reason IS NULL`,
      declined: `r.status = 'DECLINED'`,
      completed: `r.status = 'COMPLETED'`,
      cancelled: `r.status = 'CANCELLED'`,
      expired: `r.status = 'EXPIRED'`,
      overdue: `r.status = 'SENT' AND r.response_due_at < now()`,
      outsideMou: `r.outside_mou`,
      responded: `r.responded_at IS NOT NULL`,
    };
    const hours = (to: string) => `extract(epoch FROM ${to} - r.sent_at) / 3600`;
    const [[row], breakdown] = await Promise.all([
      this.db.query(
        `SELECT ${Object.entries(counted).map(([k, c]) => `count(*) FILTER (WHERE ${c})::int AS "${k}", ${digest('r.id', ` FILTER (WHERE ${c})`)} AS "${k}Key"`).join(', ')},
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours('r.responded_at')}) FILTER (WHERE r.responded_at IS NOT NULL) AS response_median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY ${hours('r.responded_at')}) FILTER (WHERE r.responded_at IS NOT NULL) AS response_p90,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours('r.completed_at')}) FILTER (WHERE r.completed_at IS NOT NULL) AS completion_median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY ${hours('r.completed_at')}) FILTER (WHERE r.completed_at IS NOT NULL) AS completion_p90
         ${from}`,
        values,
      ),
      this.db.query(
        `SELECT kind, value, count(*)::int AS n, ${digest('rid')} AS digest FROM (
           SELECT 'DECLINE' AS kind, r.decline_reason AS value, r.id AS rid ${from} AND r.status = 'DECLINED'
           UNION ALL SELECT 'OUTCOME', r.outcome, r.id ${from} AND r.status = 'COMPLETED') x
         GROUP BY kind, value ORDER BY kind, value`,
        values,
      ),
    ]);
    const t = this.threshold;
    // each count is published like a one-cell table: withheld below the threshold, perturbed above
    const noise = (d: string) => noiseFor(this.perturbationKey, 'REFERRAL_FLOWS', d);
    const publish = (k: keyof typeof counted) => protect([{ key: [k], count: row[k], noise: noise(row[`${k}Key`]), sums: {} }], t).cells[0];
    const cells = Object.fromEntries((Object.keys(counted) as (keyof typeof counted)[]).map((k) => [k, publish(k)]));
    const value = (k: keyof typeof counted) => (row[k] === 0 ? 0 : cells[k].count);
    const enough = (k: keyof typeof counted) => row[k] >= t;
    const small = (n: number) => n > 0 && n < t;
    const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
    const lines = (kind: string, total: number) => {
      const raw = breakdown.filter((b: any) => b.kind === kind).map((b: any) => ({ key: [b.value ?? 'UNKNOWN'], count: b.n, noise: noise(b.digest), sums: {} }));
      return protect(raw, t).cells.map((c) => ({ value: c.key[0], count: c.count, suppressed: c.suppressed || total === 0 }));
    };
    return {
      threshold: t,
      sent: value('sent'),
      accepted: value('accepted'),
      declined: value('declined'),
      completed: value('completed'),
      cancelled: value('cancelled'),
      expired: value('expired'),
      overdue: value('overdue'),
      declinedByReason: lines('DECLINE', row.declined),
      completedByOutcome: lines('OUTCOME', row.completed),
      acceptanceRate: row.accepted + row.declined >= t && !small(row.accepted) && !small(row.declined)
        ? round1((100 * row.accepted) / (row.accepted + row.declined)) : null,
      responseHoursMedian: enough('responded') ? round1(row.response_median) : null,
      responseHoursP90: enough('responded') ? round1(row.response_p90) : null,
      completionHoursMedian: enough('completed') ? round1(row.completion_median) : null,
      completionHoursP90: enough('completed') ? round1(row.completion_p90) : null,
      // a share is withheld when either of its parts is a small count
      outsideMouShare: row.sent >= t && !small(row.outsideMou) && !small(row.sent - row.outsideMou) ? round1((100 * row.outsideMou) / row.sent) : null,
    };
  }

  // ---- governance alerts -------------------------------------------------------------------

  /** The alerts as the API returns them; services and agencies come through the request's loaders. */
  async governanceAlerts(areaId: string | null, load: {
    services: (ids: string[]) => Promise<(Service | Error | null)[]>;
    agencies: (ids: string[]) => Promise<(Agency | Error | null)[]>;
  }): Promise<GovernanceAlerts> {
    const a = await this.alerts(areaId);
    const services = async (ids: string[]) => new Map((await load.services(ids)).filter((s): s is Service => s instanceof Service).map((s) => [s.id, s]));
    const stale = await services(a.stale.map((s: any) => s.id));
    const declining = await services(a.declining.map((d) => d.service_id));
    const reported = await services(a.issues.map((i: any) => i.service_id));
    const awaiting = await services(a.awaiting.map((s: any) => s.id));
    const agencies = new Map((await load.agencies(a.overdue.map((o) => o.agency_id))).filter((x): x is Agency => x instanceof Agency).map((x) => [x.id, x]));
    return {
      mousExpiring: a.mous.map((m: any) => ({ id: m.id, referenceNumber: m.reference_number, title: m.title, expiresOn: m.expires_on })),
      sopsOverdueForReview: a.sops.map((s: any) => ({ id: s.id, title: s.title, version: s.version, reviewDue: s.review_due, ownerAgencyId: s.owner_agency_id })),
      dataSharingAgreementsExpiring: a.dsas.map((d: any) => ({ id: d.id, referenceNumber: d.reference_number, title: d.title, validUntil: d.valid_until })),
      servicesNotVerified: a.stale.map((s: any) => ({ service: stale.get(s.id)!, lastVerifiedAt: s.last_verified_at })),
      servicesDecliningForCapacity: a.declining.map((d) => ({ service: declining.get(d.service_id)!, declinedForCapacity: d.no_capacity, received: d.received, suppressed: d.suppressed })),
      overdueReferralsByAgency: a.overdue.map((o) => ({ agency: agencies.get(o.agency_id)!, overdue: o.overdue, suppressed: o.suppressed, oldestDue: o.oldest_due })),
      servicesWithOpenIssues: a.issues.map((i: any) => ({ service: reported.get(i.service_id)!, openIssues: i.open_issues, kinds: [...i.kinds].sort(), oldestReportedAt: i.oldest_reported_at })),
      servicesAwaitingVerification: a.awaiting.map((s: any) => ({ service: awaiting.get(s.id)!, requestedAt: s.verification_requested_at, lastVerifiedAt: s.last_verified_at })),
    };
  }

  async alerts(areaId?: string | null) {
    let areaCode: string | null = null;
    let areaPath: string | null = null;
    if (areaId) {
      const area = isUuid(areaId) ? await areaCodeAndPath(this.db, areaId) : undefined;
      if (!area) throw notFound('Area', areaId);
      areaCode = area.code;
      areaPath = area.path;
    }
    const inArea = (agencyColumn: string) => (areaCode
      ? agencyServesAreaSql(agencyColumn, '$1')
      : `$1::text IS NULL`);
    const mouInArea = areaCode
      ? `(cardinality(m.area_ids) = 0 OR ${areaNestsWithPathSql('m.area_ids', '$1')})`
      : `$1::text IS NULL`;
    const [mous, sops, dsas, stale, declining, overdue, issues, awaiting] = await Promise.all([
      this.db.query(`SELECT m.id, m.reference_number, m.title, m.expires_on::text AS expires_on FROM ${mousFrom('m')}
        WHERE ${mouStatusSql('m')} = 'ACTIVE' AND m.expires_on <= current_date + 60 AND ${mouInArea} ORDER BY m.expires_on`, [areaPath]),
      this.db.query(`SELECT s.id, s.title, s.version, s.review_due::text AS review_due, s.owner_agency_id FROM ${sopsFrom('s')}
        WHERE s.superseded_at IS NULL AND s.review_due < current_date AND ${inArea('s.owner_agency_id')} ORDER BY s.review_due`, [areaCode]),
      this.db.query(`SELECT d.id, d.reference_number, d.title, d.valid_until::text AS valid_until FROM ${dataSharingAgreementsFrom('d')}
        WHERE ${dsaStatusSql('d')} = 'ACTIVE' AND d.valid_until <= current_date + 60
          AND (${inArea('d.providing_agency_id')} OR ${inArea('d.receiving_agency_id')}) ORDER BY d.valid_until`, [areaCode]),
      this.db.query(`SELECT s.id, s.agency_id, s.last_verified_at FROM ${servicesFrom('s')}
        WHERE s.status = 'ACTIVE' AND (s.last_verified_at IS NULL OR s.last_verified_at < now() - make_interval(days => $2::int))
          AND ($1::text IS NULL OR s.area_closure @> ARRAY[$1::text]) ORDER BY s.last_verified_at NULLS FIRST LIMIT 200`, [areaCode, this.staleAfterDays]),
      this.db.query(`SELECT r.service_id, count(*) FILTER (WHERE r.decline_reason = 'NO_CAPACITY')::int AS no_capacity, count(*)::int AS received,
          ${digest('r.id', ` FILTER (WHERE r.decline_reason = 'NO_CAPACITY')`)} AS no_capacity_key,
          ${digest('r.id', ` FILTER (WHERE r.decline_reason IS DISTINCT FROM 'NO_CAPACITY')`)} AS other_key, ${digest('r.id')} AS received_key
        FROM ${referralsFrom('r')} JOIN ${servicesFrom('s')} ON s.id = r.service_id WHERE r.sent_at >= now() - interval '90 days' AND ($1::text IS NULL OR s.area_closure @> ARRAY[$1::text])
        GROUP BY r.service_id HAVING count(*) FILTER (WHERE r.decline_reason = 'NO_CAPACITY') > 0
        ORDER BY count(*) FILTER (WHERE r.decline_reason = 'NO_CAPACITY')::float / count(*) DESC, count(*) DESC LIMIT 20`, [areaCode]),
      this.db.query(`SELECT r.receiving_agency_id AS agency_id, count(*)::int AS overdue, ${digest('r.id')} AS overdue_key, min(r.response_due_at) AS oldest_due
        FROM ${referralsFrom('r')} JOIN ${servicesFrom('s')} ON s.id = r.service_id WHERE r.status = 'SENT' AND r.response_due_at < now()
          AND ($1::text IS NULL OR s.area_closure @> ARRAY[$1::text])
        GROUP BY r.receiving_agency_id ORDER BY count(*) DESC`, [areaCode]),
      // counts of reports on directory entries (records, not people): published as they are
      this.db.query(servicesWithOpenIssuesSql('$1'), [areaCode]),
      this.db.query(servicesAwaitingVerificationSql('$1'), [areaCode]),
    ]);
    // counts of referrals, published as networkPerformance publishes them (statistics/suppression.ts)
    const t = this.threshold;
    const noise = (d: string) => noiseFor(this.perturbationKey, 'REFERRAL_FLOWS', d);
    const protectedDeclining: { service_id: string; no_capacity: number | null; received: number | null; suppressed: boolean }[] = (declining as any[]).map((d) => {
      // a two-cell table (declined for capacity, the rest) with its total, received: a withheld cell takes the
      // other with it, so neither follows from the total shown beside it
      const pair = protect([
        { key: ['NO_CAPACITY'], count: d.no_capacity, noise: noise(d.no_capacity_key), sums: {} },
        { key: ['OTHER'], count: d.received - d.no_capacity, noise: noise(d.other_key), sums: {} },
      ], t);
      const noCapacity = pair.cells[0];
      const received = protect([{ key: ['RECEIVED'], count: d.received, noise: noise(d.received_key), sums: {} }], t).cells[0];
      const receivedCount = pair.totalSuppressed ? null : received.count;
      return { service_id: d.service_id, no_capacity: noCapacity.count, received: receivedCount, suppressed: noCapacity.suppressed || receivedCount === null };
    });
    // one table, a cell per agency: a lone withheld cell takes the next smallest with it, so none follows from the network's overdue total
    const overdueCells = protect((overdue as any[]).map((o) => ({ key: [o.agency_id], count: o.overdue, noise: noise(o.overdue_key), sums: {} })), t).cells;
    const protectedOverdue: { agency_id: string; overdue: number | null; suppressed: boolean; oldest_due: Date }[] = (overdue as any[]).map((o, i) => ({ agency_id: o.agency_id, overdue: overdueCells[i].count, suppressed: overdueCells[i].suppressed, oldest_due: o.oldest_due }));
    return { mous, sops, dsas, stale, declining: protectedDeclining, overdue: protectedOverdue, issues, awaiting };
  }

  /** How many governance alerts of each kind are open network-wide (the governance.alerts notification): counts of records, not of people. */
  async alertCounts(): Promise<Record<string, number>> {
    const a = await this.alerts(null);
    return {
      mousExpiring: a.mous.length, sopsOverdueForReview: a.sops.length, dataSharingAgreementsExpiring: a.dsas.length,
      servicesNotVerified: a.stale.length, servicesDecliningForCapacity: a.declining.length, agenciesWithOverdueReferrals: a.overdue.length,
      servicesWithOpenIssues: a.issues.length, servicesAwaitingVerification: a.awaiting.length,
    };
  }
}
