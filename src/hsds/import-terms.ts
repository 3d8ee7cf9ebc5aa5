/**
 * The mapping table of taxonomy terms: which category of ours a term of another system's taxonomy stands for,
 * or that it is ignored on purpose (category null). Terms of our own taxonomies (import-vocabulary.ts) are
 * never in it: "mrn-service-categories" terms are our category codes.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import type { Viewer } from '../auth/roles';
import { categoriesForImport } from '../directory/import-writes';
import { badInput, problem as inputProblem, type Problem } from '../shared/errors';
import { pageQuery, type Page } from '../shared/pagination';
import { CATEGORY_TAXONOMY, isOwnTaxonomy } from './import-vocabulary';
import { HsdsTermMapping } from './import-types';

/** "taxonomy\u0000code" → category code, or null (ignored). */
export type TermMappings = Map<string, string | null>;
export const termKey = (taxonomy: string, code: string) => `${taxonomy}\u0000${code}`;

const toMapping = (r: any): HsdsTermMapping => Object.assign(new HsdsTermMapping(), {
  taxonomy: r.taxonomy, termCode: r.term_code, categoryCode: r.category_code, ignored: r.category_code === null, updatedAt: new Date(r.updated_at), updatedBy: r.updated_by,
});

export async function loadTermMappings(m: Pick<EntityManager, 'query'>): Promise<TermMappings> {
  const rows: { taxonomy: string; term_code: string; category_code: string | null }[] = await m.query(`SELECT taxonomy, term_code, category_code FROM hsds_term_mappings`);
  return new Map(rows.map((r) => [termKey(r.taxonomy, r.term_code), r.category_code]));
}

export function listTermMappings(db: DataSource, first: number, after?: string | null, taxonomy?: string | null): Promise<Page<HsdsTermMapping>> {
  return pageQuery(db, {
    select: 'SELECT taxonomy, term_code, category_code, updated_at, updated_by',
    from: 'FROM hsds_term_mappings WHERE $1::text IS NULL OR taxonomy = $1',
    values: [taxonomy ?? null],
    order: 'taxonomy, term_code',
    first, after,
  }, toMapping);
}

/** Checks one row of the table: field names are those of setHsdsTermMapping. */
export function termMappingProblem(taxonomy: string, termCode: string, categoryCode: string | null, categories: Map<string, { retired: boolean }>): Problem | null {
  if (!taxonomy.trim() || taxonomy.length > 200) return inputProblem('taxonomy', 'hsdsImport.taxonomyName');
  if (!termCode.trim() || termCode.length > 200) return inputProblem('termCode', 'hsdsImport.termCode');
  if (isOwnTaxonomy(taxonomy)) {
    return inputProblem('taxonomy', taxonomy === CATEGORY_TAXONOMY ? 'hsdsImport.categoryTaxonomy' : 'hsdsImport.ownTaxonomy', { taxonomy });
  }
  if (categoryCode !== null) {
    const c = categories.get(categoryCode);
    if (!c) return inputProblem('categoryCode', 'hsdsImport.unknownCategory', { code: categoryCode });
    if (c.retired) return inputProblem('categoryCode', 'hsdsImport.retiredCategory', { code: categoryCode });
  }
  return null;
}

export async function setTermMapping(db: DataSource, viewer: Viewer | null, taxonomy: string, termCode: string, categoryCode: string | null): Promise<HsdsTermMapping> {
  return db.transaction(async (m) => {
    const categories = new Map((await categoriesForImport(m)).map((c) => [c.code, c]));
    const problem = termMappingProblem(taxonomy, termCode, categoryCode, categories);
    if (problem) throw badInput(problem.field, problem.key, problem.params);
    const [row] = await m.query(
      `INSERT INTO hsds_term_mappings (taxonomy, term_code, category_code, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (taxonomy, term_code) DO UPDATE SET category_code = EXCLUDED.category_code, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING taxonomy, term_code, category_code, updated_at, updated_by`,
      [taxonomy, termCode, categoryCode, viewer?.userId ?? 'hsds-import']);
    // the taxonomy and code are another system's vocabulary, not personal: the audit names them
    await recordAudit(m, viewer, 'hsds.term_mapped', 'hsds_term', `${taxonomy}/${termCode}`.slice(0, 400), { categoryCode });
    return toMapping(row);
  });
}
