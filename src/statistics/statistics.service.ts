import type { DataSource } from 'typeorm';
import type { GraphQLError } from 'graphql';
import { recordAudit } from '../audit/audit-log';
import type { Viewer } from '../auth/roles';
import { badInput, badInputs, errorMessage, localizedError, problem, reason, reasonMessage, type Problem } from '../shared/errors';
import { sqlParams } from '../shared/sql';
import { areaCodesSql } from '../directory/sql';
import { lockRequest } from '../access-requests/sql';
import type { AccessRequestsService } from '../access-requests/access-requests.service';
import { Dataset, DatasetClass, DATASETS, Dimension } from './datasets';
import { alreadyAnswered, differencingConflict } from './differencing';
import { noiseFor, recordSetDigest, perturb, publish, SEP, TooManyCells, type ProtectedCell, type RawCell, type SuppressionReason } from './suppression';
import { fillLattice, groupsInTable, latticeOf, TooManyValues, protectNumbered, sumsByKey, valuesOf, WITHHELD, type FinestCell, type Lattice } from './lattice';
import { groupDigests } from './record-digests';

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
  queriesUsed: number | null;
  queryBudget: number | null;
}

export interface StatisticsOptions {
  threshold: number;
  perturbationKey: string;
  queryBudget: number;
}

const MAX_DIMENSIONS = 3;
/** Largest table of the lattice (zero cells included) a sensitive query may need. */
const MAX_CELLS = 50_000;

/** HTTP requests (their GraphQL context) that already wrote a statistics.refused event. */
const refusalAudited = new WeakSet<object>();

type Reason = { code: string; message: string };

function refusal(reasons: Reason[]): GraphQLError {
  return localizedError('FORBIDDEN', errorMessage('statistics.notAllowed', { reasons: reasons.map((r) => reasonMessage(r) ?? r.message) }), { reasons });
}

export class StatisticsService {
  constructor(private readonly db: DataSource, private readonly accessRequests: AccessRequestsService, private readonly options: StatisticsOptions) {}

  /**
   * `scope` is the GraphQL request's context: a refused query writes one statistics.refused event per
   * HTTP request, however many aliases repeat it.
   */
  async query(viewer: Viewer, dataset: Dataset, groupBy: Dimension[], filter: StatisticsFilter, scope: object = {}): Promise<StatisticsResult> {
    const { threshold } = this.options;
    const definition = DATASETS[dataset];
    const sensitive = definition.dataClass === DatasetClass.SENSITIVE;
    const problems: Problem[] = [];
    for (const d of groupBy) if (!definition.dimensions[d]) problems.push(problem('groupBy', 'statistics.cannotBreakDown', { dataset, dimension: d }));
    if (new Set(groupBy).size !== groupBy.length) problems.push(problem('groupBy', 'statistics.dimensionTwice'));
    if (groupBy.length > MAX_DIMENSIONS) problems.push(problem('groupBy', 'statistics.tooManyDimensions', { max: MAX_DIMENSIONS }));
    const today = new Date().toISOString().slice(0, 10);
    const from = filter.periodFrom ?? '1900-01-01';
    const to = filter.periodTo ?? today;
    if (from > to) problems.push(problem('filter.periodTo', 'statistics.notBeforePeriodFrom', { date: from }));
    if (filter.periodFrom && filter.periodFrom > today) problems.push(problem('filter.periodFrom', 'statistics.notInFuture'));
    if (filter.categoryCodes?.length && !definition.categoryCondition) problems.push(problem('filter.categoryCodes', 'statistics.noCategory', { dataset }));
    if ((filter.periodFrom || filter.periodTo) && !definition.periodColumn) problems.push(problem('filter', 'statistics.noPeriod', { dataset }));
    // whole areas only: a union of areas chosen at will could differ from another query by a handful of records
    if ((filter.areaIds?.length ?? 0) > 1) problems.push(problem('filter.areaIds', 'statistics.oneArea'));
    if (problems.length) throw badInputs(problems);

    const areaIds = filter.areaIds ?? [];
    const refuse = async (reasons: Reason[]): Promise<never> => {
      if (!refusalAudited.has(scope)) {
        refusalAudited.add(scope);
        await recordAudit(this.db.manager, viewer, 'statistics.refused', 'dataset', dataset, { groupBy, filter, reasons: reasons.map((r) => r.code) });
      }
      throw refusal(reasons);
    };

    let request: { id: string; dimensions: Dimension[] } | null = null;
    let holders: string[] | null = null;
    if (sensitive) {
      const decision = await this.accessRequests.authorise(viewer, dataset, groupBy, areaIds, { from, to });
      if (!decision.request) return refuse(decision.reasons);
      request = decision.request;
      holders = decision.holders;
    }

    // the records asked for
    const { values, p } = sqlParams();
    const where: string[] = [];
    if (definition.periodColumn) where.push(`${definition.periodColumn} >= ${p(from)}::date AND ${definition.periodColumn} < ${p(to)}::date + 1`);
    if (areaIds.length) {
      const codes = areaCodesSql(dataset === Dataset.CASE_LOAD, p(areaIds));
      where.push(definition.areaCondition.replace('$AREAS', codes));
    }
    if (filter.categoryCodes?.length && definition.categoryCondition) where.push(definition.categoryCondition.replace('$CATEGORIES', `${p(filter.categoryCodes)}::text[]`));
    // under an approval, only the records of the holders that approved it
    if (holders) where.push(definition.holderCondition.replace('$HOLDERS', `${p(holders)}::uuid[]`));
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';

    // under a request: its budget and the differencing check, before anything is computed
    let queriesUsed: number | null = null;
    if (request) {
      const ids: { id: string }[] = await this.db.query(`SELECT x.id::text AS id ${definition.from} ${whereSql}`, values);
      const recordIds = ids.map((r) => r.id);
      const outcome = await this.spend(request.id, dataset, groupBy, recordIds);
      if ('refused' in outcome) return refuse([outcome.refused]);
      queriesUsed = outcome.used;
    }

    // the lattice: every grouping of up to three of the dimensions the caller may use, summed in memory from
    // one plain GROUP BY over all of them (the finest cells, with their record ids and sums)
    const allowed = (Object.keys(definition.dimensions) as Dimension[]).filter((d) => !request || request.dimensions.includes(d) || groupBy.includes(d));
    const multi = new Set<string>(definition.multiValued ?? []);
    const sums = Object.entries(definition.sums ?? {});
    const names = allowed.map((_, i) => `d${i}`);
    // a multi-valued dimension as the record's set of distinct values, sorted so that equal sets group together
    const dimSql = (d: Dimension, i: number) => (multi.has(d)
      ? `ARRAY(SELECT DISTINCT v FROM unnest(${definition.dimensions[d]}) AS u(v) ORDER BY v) AS d${i}`
      : `${definition.dimensions[d]} AS d${i}`);
    const finestRows: any[] = await this.db.query(
      `SELECT ${[...names, 'count(*)::int AS n', `coalesce(string_agg(rid::text, ','), '') AS rids`, ...sums.map(([k]) => `sum("${k}")::int AS "${k}"`)].join(', ')}
         FROM (SELECT ${['x.id AS rid', ...allowed.map(dimSql), ...sums.map(([k, expr]) => `${expr} AS "${k}"`)].join(', ')} ${definition.from} ${whereSql}) t
        ${names.length ? `GROUP BY ${names.join(', ')}` : ''}`,
      values,
    );
    const finest: FinestCell[] = finestRows.map((r) => ({
      values: names.map((n) => r[n]), count: r.n, records: r.rids,
      sums: Object.fromEntries(sums.map(([k]) => [k, r[k] ?? null])),
    }));
    // zero is withheld like a small count in sensitive datasets: every combination of the values is shown
    // (the values each dimension always has, and the agencies that approved the request)
    const fixed = sensitive ? allowed.map((d) => (d === Dimension.AGENCY && holders ? holders : definition.domains?.[d] ?? [])) : undefined;
    let lattice: Lattice;
    try {
      lattice = latticeOf(allowed, multi, finest, MAX_DIMENSIONS, fixed);
    } catch (e) {
      if (!(e instanceof TooManyValues)) throw e;
      throw badInput('groupBy', 'statistics.tooManyValues', { dims: [...e.dims] });
    }
    if (fixed) {
      try {
        fillLattice(lattice, fixed, MAX_CELLS);
      } catch (e) {
        if (!(e instanceof TooManyCells)) throw e;
        throw badInput('groupBy', 'statistics.tooManyCells', { dims: [...e.dims], cells: e.cells, max: MAX_CELLS });
      }
    }
    const { held } = protectNumbered(lattice, threshold, sensitive);

    // the table asked for: each published cell's noise from the digest of its record set, and its sums
    const noise = (d: string) => noiseFor(this.options.perturbationKey, dataset, d);
    const positions = groupBy.map((d) => allowed.indexOf(d));
    const askedNumber = lattice.byMask.get(positions.reduce((m, i) => m | (1 << i), 0))!;
    const asked = lattice.tables[askedNumber];
    const askedHeld = held[askedNumber];
    // the asked order of the dimensions, from the lattice's
    const order = groupBy.map((_, i) => asked.dims.indexOf(positions[i]));
    const { keysOf, groupsOf, groups } = groupsInTable(lattice, asked);
    const totalCount = lattice.tables[lattice.byMask.get(0)!].counts[0];
    const totalSuppressed = held[lattice.byMask.get(0)!][0] !== 0;
    // digests only where noise is drawn: published cells that count someone, and the total
    const digests = groupDigests(finest.map((c) => c.records), groupsOf, groups,
      (c) => groupBy.length > 0 && c < asked.keys.length && askedHeld[c] === 0 && asked.counts[c] !== 0, !totalSuppressed && totalCount !== 0);
    const sumsOf = sumsByKey(finest, keysOf, sums.map(([k]) => k));
    const askedPattern = new Map<string, SuppressionReason>();
    const raw: RawCell[] = groupBy.length
      ? asked.keys.map((key, c) => {
          const values = valuesOf(lattice, asked, key);
          const cellKey = order.map((j) => values[j]);
          const why = WITHHELD[askedHeld[c]];
          if (why) askedPattern.set(cellKey.join(SEP), why);
          const cellSums = sumsOf.get(key);
          const digest = digests.groups[c];
          return { key: cellKey, count: asked.counts[c], noise: digest ? noise(digest) : 0, sums: Object.fromEntries(sums.map(([k]) => [k, cellSums?.[k] ?? null])) };
        }).sort((a, b) => compareKeys(a.key, b.key))
      : [];
    const cells = publish(raw, askedPattern, threshold);
    const result: StatisticsResult = {
      dataset, groupBy, unit: definition.unit, threshold, cells,
      total: totalSuppressed ? null : totalCount === 0 ? 0 : perturb(totalCount, noise(digests.total!), threshold),
      totalSuppressed, accessRequestId: request?.id ?? null,
      queriesUsed, queryBudget: request ? this.options.queryBudget : null,
    };
    await recordAudit(this.db.manager, viewer, 'statistics.queried', 'dataset', dataset, {
      groupBy, filter, accessRequestId: request?.id ?? null, cells: cells.length, suppressed: cells.filter((c) => c.suppressed).length,
    });
    return result;
  }

  /**
   * Counts a query against its request's budget, unless the same records were already answered in the
   * same grouping; refuses it when the budget is spent or when its records differ from an answered
   * query's by fewer than the threshold. Serialised per request (row lock).
   */
  private async spend(requestId: string, dataset: Dataset, groupBy: Dimension[], recordIds: string[]): Promise<{ used: number } | { refused: Reason }> {
    const { threshold, queryBudget } = this.options;
    return this.db.transaction(async (m) => {
      await lockRequest(m, requestId);
      const answered: any[] = await m.query(
        `SELECT id::text, group_by, record_ids::text[] AS record_ids, answered_at FROM statistics_answers WHERE request_id = $1 AND dataset = $2 ORDER BY statistics_answers.id`, [requestId, dataset]);
      const sets = answered.map((a) => ({ id: a.id, recordIds: a.record_ids as string[], answeredAt: new Date(a.answered_at), groupBy: a.group_by as string[] }));
      const sameGrouping = sets.filter((a) => [...a.groupBy].sort().join() === [...groupBy].sort().join());
      if (alreadyAnswered(recordIds, sameGrouping)) return { used: sets.length };
      const conflict = differencingConflict(recordIds, sets, threshold);
      if (conflict) {
        return { refused: reason('DIFFERENCING', 'statistics.differencing', { threshold, date: conflict.answer.answeredAt.toISOString().slice(0, 10) }) };
      }
      if (sets.length >= queryBudget) {
        return { refused: reason('QUERY_BUDGET_SPENT', 'statistics.budgetSpent', { budget: queryBudget }) };
      }
      await m.query(`INSERT INTO statistics_answers (request_id, dataset, group_by, fingerprint, record_count, record_ids) VALUES ($1, $2, $3, $4, $5, $6::uuid[])`,
        [requestId, dataset, groupBy, recordSetDigest(recordIds), recordIds.length, recordIds]);
      return { used: sets.length + 1 };
    });
  }
}

const compareKeys = (a: string[], b: string[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
};
