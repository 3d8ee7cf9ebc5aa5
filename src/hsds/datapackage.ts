import { stringify } from 'csv-stringify/sync';
import JSZip from 'jszip';
import type { Area } from '../directory/entities';
import { HSDS_TABLES, TABLE, type TableName } from './tables';
import type { HsdsOrganization, HsdsService, HsdsTaxonomy, HsdsTaxonomyTerm } from './types';

/**
 * The HSDS tabular data package: one CSV file per HSDS table (columns in the order of the HSDS table
 * schemas) and a datapackage.json (Frictionless Data) describing them. The rows are the nested JSON
 * documents of the API taken apart, so the package and the API never disagree; a record met twice (a
 * location of two services, a taxonomy term on many attributes) is written once.
 */

/** Which table the objects under a key of a nested HSDS document belong to. */
const CHILD_TABLE: Record<string, TableName> = {
  organization: 'organization', phones: 'phone', schedules: 'schedule', service_areas: 'service_area', service_at_locations: 'service_at_location',
  languages: 'language', cost_options: 'cost_option', required_documents: 'required_document', contacts: 'contact', attributes: 'attribute',
  location: 'location', locations: 'location', addresses: 'address', accessibility: 'accessibility', taxonomy_term: 'taxonomy_term', taxonomy_detail: 'taxonomy',
};

export type TableRows = Map<TableName, Map<string, Record<string, unknown>>>;

/** Takes nested documents apart into the rows of each table, each record once (by id). */
export function tableRows(documents: { table: TableName; items: object[] }[]): TableRows {
  const tables: TableRows = new Map(HSDS_TABLES.map((t) => [t.name as TableName, new Map()]));
  const visit = (table: TableName, item: Record<string, unknown>) => {
    const id = item.id as string;
    const rows = tables.get(table)!;
    if (!rows.has(id)) rows.set(id, item);
    for (const [key, value] of Object.entries(item)) {
      const child = CHILD_TABLE[key];
      if (!child || value === null || typeof value !== 'object') continue;
      for (const v of Array.isArray(value) ? value : [value]) if (v && typeof v === 'object' && 'id' in v) visit(child, v as Record<string, unknown>);
    }
  };
  for (const d of documents) for (const item of d.items) visit(d.table, item as Record<string, unknown>);
  return tables;
}

/** One table as CSV: a header with every column of its table schema, then a line per record (absent values empty). */
export function tableCsv(table: TableName, rows: Iterable<Record<string, unknown>>): string {
  const columns = TABLE[table].fields.map((f) => f.name);
  const lines = [...rows].map((r) => columns.map((c) => (r[c] === undefined || r[c] === null ? '' : typeof r[c] === 'object' ? JSON.stringify(r[c]) : String(r[c]))));
  return stringify([columns, ...lines], { record_delimiter: 'windows' });
}

/** The package's name after its area ("directory" for the whole directory); also its file name. */
export const packageSlug = (area: Area | null) => (area ? area.code.toLowerCase().replace(/[^a-z0-9._-]/g, '-') : 'directory');

/** datapackage.json: the package, its attribution, and each table's schema. */
export function dataPackageDescriptor(area: Area | null, areaName: string | null, created: Date) {
  return {
    profile: 'tabular-data-package',
    name: `hsds-${packageSlug(area)}`,
    title: area ? `Service directory of ${areaName ?? area.code} (HSDS 3.0)` : 'Service directory of the whole network (HSDS 3.0)',
    description: 'Services, organizations, locations and taxonomies of the referral network\'s directory in the Human Services Data Specification (HSDS) 3.0 of Open Referral. '
      + 'Confidential locations are never included. The table schemas are those of HSDS 3.0, by Open Referral, licensed under CC BY-SA 4.0.',
    version: '3.0',
    created: created.toISOString(),
    keywords: ['HSDS', 'Open Referral', 'service directory'],
    sources: [{ title: 'Open Referral: Human Services Data Specification (HSDS) 3.0, table schemas (CC BY-SA 4.0)', path: 'https://docs.openreferral.org/en/latest/' }],
    licenses: [{ name: 'CC-BY-SA-4.0', path: 'https://creativecommons.org/licenses/by-sa/4.0/', title: 'Creative Commons Attribution Share-Alike 4.0 (the HSDS table schemas, by Open Referral)' }],
    resources: HSDS_TABLES.map((t) => ({
      name: t.name, path: t.path, title: t.title, description: t.description, format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', profile: 'tabular-data-resource',
      schema: {
        fields: t.fields.map((f) => ({ ...f, ...(f.type === 'datetime' || f.type === 'date' || f.type === 'time' ? { format: 'any' } : {}) })),
        primaryKey: 'id',
        ...(t.foreignKeys.length ? { foreignKeys: t.foreignKeys } : {}),
      },
    })),
  };
}

/** The zip of the package: datapackage.json and one CSV file per table. */
export async function dataPackageZip(contents: {
  area: Area | null; areaName: string | null; services: HsdsService[]; organizations: HsdsOrganization[]; taxonomies: HsdsTaxonomy[]; terms: HsdsTaxonomyTerm[];
}, created = new Date()): Promise<Buffer> {
  const rows = tableRows([
    { table: 'taxonomy', items: contents.taxonomies },
    { table: 'taxonomy_term', items: contents.terms },
    { table: 'organization', items: contents.organizations },
    { table: 'service', items: contents.services },
  ]);
  const zip = new JSZip();
  zip.file('datapackage.json', JSON.stringify(dataPackageDescriptor(contents.area, contents.areaName, created), null, 2), { date: created });
  for (const t of HSDS_TABLES) zip.file(t.path, tableCsv(t.name as TableName, rows.get(t.name as TableName)!.values()), { date: created });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
