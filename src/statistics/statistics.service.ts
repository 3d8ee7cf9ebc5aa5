import type { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit.service';
import type { Viewer } from '../auth/roles';
import { badInputs, forbidden } from '../shared/errors';
import type { AccessRequestsService } from '../access-requests/access-requests.service';
import { Dataset, DatasetClass, DATASETS, Dimension } from './datasets';
import { PERTURBATION, perturb, protect, type ProtectedCell, type RawCell } from './suppression';

export interface StatisticsFilter {
  periodFrom?: string | null;
  periodTo?: string | null;
  areaIds?: string[] | null;
  categoryCodes?: string[] | null;
}

export interface StatisticsResult {
  dataset: Dataset;
  groupBy: Dimension[];
  unit: string;
  threshold: number;
  cells: ProtectedCell[];
  total: number | null;
  totalSuppressed: boolean;
  accessRequestId: string | null;
}

const MAX_DIMENSIONS = 3;

export class StatisticsService {
  constructor(private readonly db: DataSource, private readonly accessRequests: AccessRequestsService, private readonly threshold: number) {}

  async query(viewer: Viewer, dataset: Dataset, groupBy: Dimension[], filter: StatisticsFilter): Promise<StatisticsResult> {
    const definition = DATASETS[dataset];
    const problems: { field: string; problem: string }[] = [];
    for (const d of groupBy) if (!definition.dimensions[d]) problems.push({ field: 'groupBy', problem: `${dataset} cannot be broken down by ${d} (see datasets)` });
    if (new Set(groupBy).size !== groupBy.length) problems.push({ field: 'groupBy', problem: 'names a dimension twice' });
    if (groupBy.length > MAX_DIMENSIONS) problems.push({ field: 'groupBy', problem: `at most ${MAX_DIMENSIONS} dimensions at once` });
    const today = new Date().toISOString().slice(0, 10);
    const from = filter.periodFrom ?? '1900-01-01';
    const to = filter.periodTo ?? today;
    if (from > to) problems.push({ field: 'filter.periodTo', problem: `must not be before periodFrom (${from})` });
    if (filter.periodFrom && filter.periodFrom > today) problems.push({ field: 'filter.periodFrom', problem: 'cannot be in the future' });
    if (filter.categoryCodes?.length && !definition.categoryCondition) problems.push({ field: 'filter.categoryCodes', problem: `${dataset} has no service category to filter on` });
    if ((filter.periodFrom || filter.periodTo) && !definition.periodColumn) problems.push({ field: 'filter', problem: `${dataset} describes the present and has no period` });
    if (problems.length) throw badInputs(problems);

    const areaIds = filter.areaIds ?? [];
    let accessRequestId: string | null = null;
    if (definition.dataClass === DatasetClass.SENSITIVE) {
      const decision = await this.accessRequests.authorise(viewer, dataset, groupBy, areaIds, { from, to });
      if (!decision.request) {
        await recordAudit(this.db.manager, viewer, 'statistics.refused', 'dataset', dataset, { groupBy, filter, reasons: decision.reasons.map((r) => r.code) });
        throw forbidden(`Not allowed: ${decision.reasons.map((r) => r.message).join('; ')}`, { reasons: decision.reasons });
      }
      accessRequestId = decision.request.id;
    }

    const values: unknown[] = [];
    const p = (v: unknown) => (values.push(v), `$${values.length}`);
    const where: string[] = [];
    if (definition.periodColumn) where.push(`${definition.periodColumn} >= ${p(from)}::date AND ${definition.periodColumn} < ${p(to)}::date + 1`);
    if (areaIds.length) {
      const codes = `ARRAY(SELECT CASE WHEN ${dataset === Dataset.CASE_LOAD} THEN country_code::text ELSE code END FROM areas WHERE id = ANY(${p(areaIds)}::uuid[]))`;
      where.push(definition.areaCondition.replace('$AREAS', codes));
    }
    if (filter.categoryCodes?.length && definition.categoryCondition) where.push(definition.categoryCondition.replace('$CATEGORIES', `${p(filter.categoryCodes)}::text[]`));
    const dims = groupBy.map((d, i) => `${definition.dimensions[d]} AS d${i}`);
    const joins = groupBy.map((d) => definition.dimensionJoins?.[d] ?? '').join(' ');
    const sums = Object.entries(definition.sums ?? {});
    const names = groupBy.map((_, i) => `d${i}`);
    const outer = [...names, 'count(*)::int AS n', `(sum(rkey) % ${PERTURBATION.length})::int AS ckey`, ...sums.map(([k]) => `sum("${k}")::int AS "${k}"`),
      names.length ? `GROUPING(${names.join(', ')}) AS is_total` : '1 AS is_total'];
    const inner = [...dims, 'abs(hashtext(x.id::text)) % 1000 AS rkey', ...sums.map(([k, expr]) => `${expr} AS "${k}"`)];
    // the cells and the total in one statement
    const rows: any[] = await this.db.query(
      `SELECT ${outer.join(', ')}
         FROM (SELECT ${inner.join(', ')} ${definition.from} ${joins} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}) t
        ${names.length ? `GROUP BY GROUPING SETS ((${names.join(', ')}), ()) ORDER BY is_total, ${names.join(', ')}` : ''}`,
      values,
    );
    const totalRow = rows.find((r) => r.is_total !== 0) ?? { n: 0, ckey: 0 };
    const raw: RawCell[] = groupBy.length
      ? rows.filter((r) => r.is_total === 0).map((r) => ({
          key: groupBy.map((_, i) => (r[`d${i}`] === null ? 'UNKNOWN' : String(r[`d${i}`]))),
          count: r.n,
          cellKey: r.ckey,
          sums: Object.fromEntries(sums.map(([k]) => [k, r[k]])),
        }))
      : [];
    const cells = protect(raw, this.threshold);
    const totalSuppressed = (totalRow.n > 0 && totalRow.n < this.threshold) || (cells.length === 1 && cells[0].suppressed);
    const result: StatisticsResult = {
      dataset, groupBy, unit: definition.unit, threshold: this.threshold, cells,
      total: totalSuppressed ? null : totalRow.n === 0 ? 0 : perturb(totalRow.n, totalRow.ckey, this.threshold),
      totalSuppressed, accessRequestId,
    };
    await recordAudit(this.db.manager, viewer, 'statistics.queried', 'dataset', dataset, {
      groupBy, filter, accessRequestId, cells: cells.length, suppressed: cells.filter((c) => c.suppressed).length,
    });
    return result;
  }
}
