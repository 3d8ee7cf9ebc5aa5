/**
 * The HSDS 3.0 import: organizations, then locations, then services with their service_at_locations, each record
 * in its own transaction together with its row of the report, so nothing is half-imported and a run that stops
 * continues where it stopped when the same package is imported again. A record is compared field by field with
 * the entry it matches (by the id map, else by its HSDS id) and only what differs is written: the same package
 * twice changes nothing the second time. A dry run plans every record the same way and writes nothing.
 *
 * Confidential locations: an imported location is confidential only when marked so (mrn-location-flags), and an
 * import never changes an existing confidential location, so it can neither expose nor move a shelter.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import type { Changes } from '../db/change-feed';
import type { Viewer } from '../auth/roles';
import {
  agencyExists, agencyForImport, areaIdByCode, areasForImport, findAreaForImport, locationExists, serviceExists, categoriesForImport, createAreaForImport, createCategoryForImport, createCountryAreaForImport, existingAreaCodes, locationForImport, locationOwners,
  serviceForImport, writeImportedAgency, writeImportedLocation, writeImportedService,
  type ImportAgency, type ImportArea, type ImportLocation, type ImportServiceFields, type ImportSite,
} from '../directory/import-writes';
import type { DirectoryService } from '../directory/directory.service';
import type { StoredOutreachVisit } from '../directory/details-types';
import { AgencyType, FacilityType, Population, ServiceStatus } from '../directory/enums';
import { isCatalogueField } from '../policy/data-catalogue';
import { conflict } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { decodeCursor, pageQuery, toPage, type Page } from '../shared/pagination';
import { readCsvZip, readJsonPackage, type HsdsObject, type HsdsPackage, type PackageRecord, type RecordKind } from './import-package';
import {
  age, contacts, differing, fees, isCategoryCode, isObject, list, meaningOf, propertiesOf, PropertyReader, requiredDocuments, same, schedules, STATUS, termsOf, text,
  vocabulary, withLanguage, withoutLanguage, type ScheduledVisit, type Term, type TermMeaning,
} from './import-plan';
import { loadTermMappings, type TermMappings } from './import-terms';
import {
  HsdsFormat, HsdsImport, HsdsImportCounts, HsdsImportRecord, HsdsImportStatus, HsdsOutcome, HsdsRecordKind, HsdsUnknownTerm,
} from './import-types';
import { check, schemaProblems, type Problem } from './import-validate';
import { CATEGORY_TAXONOMY } from './import-vocabulary';
import { interpretationSentence } from './mapping';
import { AREA_LEVEL_IN_DESCRIPTION, AREA_TAXONOMY, Property } from './taxonomy';

export interface ImportOptions {
  dryRun: boolean;
  language: string;
  defaultCountryCode: string | null;
  defaultCategoryCode: string | null;
  timezone: string | null;
}

/** What became of a record of this run, for the records that name it. */
interface Resolved { ourId: string | null; ok: boolean; planned: boolean; agencyId?: string }

interface Outcome { outcome: HsdsOutcome; ourId: string | null; fields: string[]; problems: Problem[]; notes: string[] }

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
const STALE_SECONDS = 60;
const ok = (o: HsdsOutcome) => o === HsdsOutcome.CREATED || o === HsdsOutcome.UPDATED || o === HsdsOutcome.UNCHANGED;
const lower = (v: unknown) => (typeof v === 'string' && v ? v.toLowerCase() : null);
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** Read-only handle for a dry run: the same reads, no lock. */
type Reader = EntityManager;

export class HsdsImportService {
  constructor(private readonly db: DataSource, private readonly directory: DirectoryService, private readonly changes?: Changes) {}

  async readPackage(content: string | Buffer, format: HsdsFormat, maxUncompressedBytes: number): Promise<{ pkg: HsdsPackage; sha256: string }> {
    const bytes = typeof content === 'string' ? Buffer.from(content, format === HsdsFormat.CSV_ZIP ? 'base64' : 'utf8') : content;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const pkg = format === HsdsFormat.CSV_ZIP ? await readCsvZip(bytes, { maxUncompressedBytes }) : readJsonPackage(bytes.toString('utf8'));
    return { pkg, sha256 };
  }

  async run(viewer: Viewer | null, pkg: HsdsPackage, sha256: string, format: HsdsFormat, options: ImportOptions,
    onProgress?: (done: number, total: number) => void, extraMappings?: TermMappings, stopAfter?: number): Promise<HsdsImport> {
    // the agencies, areas and categories it changes are shown from a copy in memory (reference-data.ts): dropped as each is written
    const run = new Run(this.db, this.directory, viewer, pkg, options, extraMappings, () => this.changes?.invalidate());
    await run.prepare();
    const runKey = createHash('sha256').update(`${sha256}\u0000${JSON.stringify({ ...options, dryRun: false })}`).digest('hex');
    let importId: string | null = null;
    let done = new Map<number, { outcome: HsdsOutcome; ourId: string | null }>();
    let resumed = 0;
    if (!options.dryRun) {
      ({ importId, done, resumed } = await this.claim(viewer, runKey, format, options, run.total));
      run.importId = importId;
    }
    try {
      await run.process(done, (n) => onProgress?.(n, run.total), stopAfter);
    } catch (e) {
      // stopped, not crashed: the next import of the package continues the run at once
      if (importId) await this.db.query(`UPDATE hsds_imports SET heartbeat_at = now() - interval '1 day' WHERE id = $1`, [importId]);
      throw e;
    } finally {
      this.changes?.invalidate();
    }
    const unknownTerms = run.unknownTerms();
    if (!importId) {
      const records = run.inMemory;
      const counts = countsOf(records.map((r) => r.outcome), run.total);
      return Object.assign(new HsdsImport(), {
        id: null, dryRun: true, status: HsdsImportStatus.FINISHED, format, resumed: 0, counts, unknownTerms, warnings: run.warnings,
        clean: isClean(counts, unknownTerms), startedAt: run.startedAt, finishedAt: new Date(), inMemory: records,
      });
    }
    await this.db.transaction(async (m) => {
      const [row] = await m.query(`UPDATE hsds_imports SET status = 'FINISHED', finished_at = now(), heartbeat_at = now(), unknown_terms = $2, warnings = $3
        WHERE id = $1 RETURNING created, updated, unchanged, skipped, invalid`, [importId, JSON.stringify(unknownTerms), JSON.stringify(run.warnings)]);
      await recordAudit(m, viewer, 'hsds.imported', 'hsds_import', importId, { ...row, resumed, unknownTerms: unknownTerms.length });
    });
    return (await this.get(importId))!;
  }

  /** The unfinished run of this package (continued), or a new one. */
  private async claim(viewer: Viewer | null, runKey: string, format: HsdsFormat, options: ImportOptions, total: number) {
    return this.db.transaction(async (m) => {
      const [existing] = await m.query(`SELECT id, heartbeat_at < now() - make_interval(secs => $2) AS stale FROM hsds_imports WHERE run_key = $1 AND status = 'RUNNING' FOR UPDATE`,
        [runKey, STALE_SECONDS]);
      if (existing) {
        if (!existing.stale) throw conflict('hsdsImport.running', { id: existing.id });
        const [row] = await m.query(`UPDATE hsds_imports SET resumed = resumed + 1, heartbeat_at = now() WHERE id = $1 RETURNING resumed`, [existing.id]);
        const rows: { seq: number; outcome: HsdsOutcome; our_id: string | null }[] = await m.query(`SELECT seq, outcome, our_id FROM hsds_import_records WHERE import_id = $1`, [existing.id]);
        return { importId: existing.id as string, done: new Map(rows.map((r) => [r.seq, { outcome: r.outcome, ourId: r.our_id }])), resumed: Number(row.resumed) };
      }
      const [row] = await m.query(`INSERT INTO hsds_imports (run_key, format, options, total, started_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [runKey, format, JSON.stringify(options), total, viewer?.userId ?? 'hsds-import']);
      return { importId: row.id as string, done: new Map<number, { outcome: HsdsOutcome; ourId: string | null }>(), resumed: 0 };
    });
  }

  async get(id: string): Promise<HsdsImport | null> {
    if (!isUuid(id)) return null;
    const [r] = await this.db.query(`SELECT * FROM hsds_imports WHERE id = $1`, [id]);
    if (!r) return null;
    const [c] = await this.db.query(`SELECT count(*)::int AS n FROM hsds_import_records WHERE import_id = $1`, [id]);
    const counts = Object.assign(new HsdsImportCounts(), { total: r.total, done: c.n, created: r.created, updated: r.updated, unchanged: r.unchanged, skipped: r.skipped, invalid: r.invalid });
    const unknownTerms = (r.unknown_terms as HsdsUnknownTerm[]).map((t) => Object.assign(new HsdsUnknownTerm(), t));
    return Object.assign(new HsdsImport(), {
      id: r.id, dryRun: false, status: r.status, format: r.format, resumed: r.resumed, counts, unknownTerms, warnings: r.warnings,
      clean: r.status === 'FINISHED' && isClean(counts, unknownTerms), startedAt: new Date(r.started_at), finishedAt: r.finished_at ? new Date(r.finished_at) : null, inMemory: null,
    });
  }

  /** A page of a report's records, in package order, optionally of some outcomes only. */
  async records(report: HsdsImport, outcomes: HsdsOutcome[] | null, first: number, after?: string | null): Promise<Page<HsdsImportRecord>> {
    if (report.inMemory) {
      const all = report.inMemory.filter((r) => !outcomes?.length || outcomes.includes(r.outcome));
      const offset = decodeCursor(after);
      return toPage(all.slice(offset, offset + first + 1), offset, first, async () => all.length, (r) => r);
    }
    return pageQuery(this.db, {
      select: 'SELECT seq, kind, external_id, source, outcome, our_id, fields, problems, notes',
      from: `FROM hsds_import_records WHERE import_id = $1 AND (cardinality($2::text[]) = 0 OR outcome = ANY($2::text[]))`,
      values: [report.id, outcomes ?? []],
      order: 'seq', first, after,
    }, (r) => Object.assign(new HsdsImportRecord(), {
      seq: r.seq, kind: r.kind, externalId: r.external_id, source: r.source, outcome: r.outcome, id: r.our_id, fields: r.fields, problems: r.problems, notes: r.notes,
    }));
  }
}

/** The run stopped before its end (npm run hsds:import -- --stop-after, as an interruption would): importing the package again continues it. */
export class ImportInterrupted extends Error {
  constructor(readonly importId: string | null) {
    super(`The import stopped before its end${importId ? ` (run ${importId})` : ''}: import the same package again to continue it`);
  }
}

function countsOf(outcomes: HsdsOutcome[], total: number): HsdsImportCounts {
  const n = (o: HsdsOutcome) => outcomes.filter((x) => x === o).length;
  return Object.assign(new HsdsImportCounts(), {
    total, done: outcomes.length, created: n(HsdsOutcome.CREATED), updated: n(HsdsOutcome.UPDATED), unchanged: n(HsdsOutcome.UNCHANGED),
    skipped: n(HsdsOutcome.SKIPPED), invalid: n(HsdsOutcome.INVALID),
  });
}

const isClean = (c: HsdsImportCounts, unknown: HsdsUnknownTerm[]) => c.skipped === 0 && c.invalid === 0 && unknown.length === 0 && c.done === c.total;

/** One import run: the package, what its records resolved to so far, and the report. */
class Run {
  importId: string | null = null;
  readonly startedAt = new Date();
  readonly warnings: string[];
  readonly inMemory: HsdsImportRecord[] = [];
  private mappings: TermMappings = new Map();
  private categories = new Map<string, { retired: boolean }>();
  private readonly resolved = new Map<string, Resolved>();
  private readonly unknown = new Map<string, { term: Term; records: Set<number> }>();
  private readonly areas = new Map<string, ImportArea[]>();
  private readonly plannedCountries = new Set<string>();
  /** Records in order, with their seq (a service reserves one more per service_at_location). */
  private readonly order: { record: PackageRecord; seq: number; sites: number }[] = [];
  total = 0;

  constructor(private readonly db: DataSource, private readonly directory: DirectoryService, private readonly viewer: Viewer | null,
    private readonly pkg: HsdsPackage, private readonly options: ImportOptions, private readonly extraMappings?: TermMappings,
    /** After a committed write to agencies, areas or categories: the copies of them in memory are dropped (the end of the run drops every cache again). */
    private readonly referenceChanged: () => void = () => undefined) {
    this.warnings = [...pkg.warnings];
    let seq = 0;
    for (const record of [...pkg.organizations, ...pkg.locations, ...pkg.services]) {
      const sites = record.kind === 'SERVICE' ? list(record.data.service_at_locations).length : 0;
      this.order.push({ record, seq, sites });
      seq += 1 + sites;
    }
    this.total = seq;
  }

  private get dry() { return this.options.dryRun; }
  private get lang() { return this.options.language; }

  /** Mappings, categories, and the categories of the package's own taxonomy this directory lacks (parents first). */
  async prepare(): Promise<void> {
    this.mappings = new Map([...await loadTermMappings(this.db), ...(this.extraMappings ?? [])]);
    this.categories = new Map((await categoriesForImport(this.db)).map((c) => [c.code, c]));
    await this.addAreas();
    const wanted = new Map<string, string>();
    const consider = (t: HsdsObject) => {
      const taxonomy = t.taxonomy ?? (isObject(t.taxonomy_detail) ? t.taxonomy_detail.name : null);
      if (taxonomy === CATEGORY_TAXONOMY && typeof t.code === 'string' && isCategoryCode(t.code) && !this.categories.has(t.code) && typeof t.name === 'string' && t.name.trim()) {
        wanted.set(t.code, t.name.trim().slice(0, 2000));
      }
    };
    for (const t of this.pkg.terms.values()) consider(t);
    for (const code of [...wanted.keys()].sort((a, b) => a.split('.').length - b.split('.').length || a.localeCompare(b))) {
      const parent = code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null;
      if (parent && !this.categories.has(parent)) {
        this.warnings.push(`category ${code} of ${CATEGORY_TAXONOMY}: its parent ${parent} is not a category here: not added`);
        continue;
      }
      if (parent && this.categories.get(parent)!.retired) continue;
      const added = this.dry || await this.db.transaction((m) => createCategoryForImport(m, this.viewer, code, { [this.lang]: wanted.get(code)! }));
      if (added) {
        if (!this.dry) this.referenceChanged();
        this.categories.set(code, { retired: false });
        this.warnings.push(`${this.dry ? 'would add' : 'added'} the category ${code} of ${CATEGORY_TAXONOMY}`);
      }
    }
  }

  /** The areas of the package's mrn-areas taxonomy this directory lacks, parents first (HSDS has no object for areas). */
  private async addAreas(): Promise<void> {
    const areas = [...this.pkg.terms.values()].filter((t) => (t.taxonomy ?? (isObject(t.taxonomy_detail) ? t.taxonomy_detail.name : null)) === AREA_TAXONOMY);
    if (!areas.length) return;
    const codeOfTerm = new Map(areas.map((t) => [String(t.id ?? '').toLowerCase(), String(t.code ?? '')]));
    const depth = (t: HsdsObject) => {
      let n = 0;
      for (let p = t; p?.parent_id && n < 10; p = this.pkg.terms.get(String(p.parent_id).toLowerCase())!) n++;
      return n;
    };
    const existing = await existingAreaCodes(this.db.manager, [...codeOfTerm.values()]);
    for (const t of areas.sort((a, b) => depth(a) - depth(b))) {
      const code = typeof t.code === 'string' ? t.code.trim() : '';
      const level = typeof t.description === 'string' ? AREA_LEVEL_IN_DESCRIPTION.exec(t.description)?.[1] : undefined;
      const name = typeof t.name === 'string' ? t.name.trim().slice(0, 200) : '';
      if (!/^[A-Z0-9][A-Z0-9-]{1,40}$/.test(code) || existing.has(code)) continue;
      const parentCode = t.parent_id ? codeOfTerm.get(String(t.parent_id).toLowerCase()) ?? null : null;
      if (!level || !name || (level === 'COUNTRY') !== !parentCode) {
        this.warnings.push(`area ${code} of ${AREA_TAXONOMY}: no level (its description starts with COUNTRY:, REGION:, DISTRICT: or LOCALITY:), name or parent: not added`);
        continue;
      }
      const added = this.dry || await this.db.transaction((m) => createAreaForImport(m, this.viewer, { code, names: { [this.lang]: name }, level, parentCode }));
      if (added && !this.dry) this.referenceChanged();
      if (added) existing.add(code);
      this.warnings.push(added ? `${this.dry ? 'would add' : 'added'} the area ${code} of ${AREA_TAXONOMY}` : `area ${code} of ${AREA_TAXONOMY}: its parent ${parentCode} is not an area here: not added`);
    }
  }

  unknownTerms(): HsdsUnknownTerm[] {
    return [...this.unknown.values()].map((u) => Object.assign(new HsdsUnknownTerm(), { taxonomy: u.term.taxonomy, code: u.term.code, name: u.term.name, records: u.records.size }))
      .sort((a, b) => a.taxonomy.localeCompare(b.taxonomy) || a.code.localeCompare(b.code));
  }

  /** The meanings of a record's terms; unknown ones are noted on the record and in the run's list. */
  private meanings(seq: number, data: HsdsObject, notes: string[] | null, base = ''): TermMeaning[] {
    return termsOf(data, this.pkg.terms, base).map((term) => {
      const meaning = meaningOf(term, this.mappings, this.categories);
      if (meaning.kind === 'unknown') {
        const key = `${term.taxonomy}\u0000${term.code}`;
        if (!this.unknown.has(key)) this.unknown.set(key, { term, records: new Set() });
        this.unknown.get(key)!.records.add(seq);
        notes?.push(`${term.pointer}: the term "${term.code}" of the taxonomy "${term.taxonomy}" maps to nothing: map it with setHsdsTermMapping (or ignore it) and import again`);
      }
      return meaning;
    });
  }

  async process(done: Map<number, { outcome: HsdsOutcome; ourId: string | null }>, progress: (n: number) => void, stopAfter?: number): Promise<void> {
    let n = 0;
    let written = 0;
    for (const { record, seq, sites } of this.order) {
      if (stopAfter !== undefined && written >= stopAfter) throw new ImportInterrupted(this.importId);
      const key = `${record.kind}:${record.id}`;
      const previous = done.get(seq);
      if (previous) {
        // done before the run stopped: its terms still count in the report
        this.meanings(seq, record.data, null);
        if (record.id) this.resolved.set(key, { ourId: previous.ourId, ok: ok(previous.outcome), planned: false });
        n += 1 + sites;
        progress(n);
        continue;
      }
      const outcomes = await this.one(record, seq);
      written++;
      if (record.id) this.resolved.set(key, { ourId: outcomes[0].ourId, ok: ok(outcomes[0].outcome), planned: this.dry, agencyId: this.lastAgency ?? undefined });
      n += 1 + sites;
      progress(n);
    }
  }

  private lastAgency: string | null = null;

  /** One record (and, for a service, its sites) in its own transaction with its report rows. */
  private async one(record: PackageRecord, seq: number): Promise<Outcome[]> {
    this.lastAgency = null;
    const plan = async (m: EntityManager): Promise<Outcome[]> => {
      if (record.kind === 'ORGANIZATION') return [await this.organization(m, record, seq)];
      if (record.kind === 'LOCATION') return [await this.location(m, record, seq)];
      return this.service(m, record, seq);
    };
    const toRecords = (outcomes: Outcome[]) => outcomes.map((o, i) => Object.assign(new HsdsImportRecord(), {
      seq: seq + i, kind: i === 0 ? (record.kind as HsdsRecordKind) : HsdsRecordKind.SERVICE_AT_LOCATION,
      externalId: i === 0 ? record.id : lower(list(record.data.service_at_locations)[i - 1]?.id),
      source: i === 0 ? record.source : `${record.source}/service_at_locations/${i - 1}`,
      outcome: o.outcome, id: o.ourId, fields: o.fields, problems: o.problems, notes: o.notes,
    }));
    if (this.dry) {
      const outcomes = await plan(this.db.manager);
      this.inMemory.push(...toRecords(outcomes));
      return outcomes;
    }
    try {
      const outcomes = await this.db.transaction(async (m) => {
        const outcomes = await plan(m);
        await this.report(m, toRecords(outcomes));
        return outcomes;
      });
      // an agency changed (a new one, or a new country area, is found without: the copies ask SQL for what they lack)
      if (record.kind === 'ORGANIZATION' && outcomes[0].outcome === HsdsOutcome.UPDATED) this.referenceChanged();
      return outcomes;
    } catch (e) {
      if ((e as { extensions?: { code?: string } }).extensions?.code === 'CONFLICT') throw e;
      // the database refused it (a constraint): the record is reported, the run goes on
      this.lastAgency = null;
      const outcomes: Outcome[] = [{ outcome: HsdsOutcome.SKIPPED, ourId: null, fields: [], problems: [], notes: [`could not be written: ${(e as Error).message}`] }];
      const sites = record.kind === 'SERVICE' ? list(record.data.service_at_locations).length : 0;
      for (let i = 0; i < sites; i++) outcomes.push({ outcome: HsdsOutcome.SKIPPED, ourId: null, fields: [], problems: [], notes: ['its service could not be written'] });
      await this.db.transaction((m) => this.report(m, toRecords(outcomes)));
      return outcomes;
    }
  }

  private async report(m: EntityManager, records: HsdsImportRecord[]): Promise<void> {
    await m.query(
      `INSERT INTO hsds_import_records (import_id, seq, kind, external_id, source, outcome, our_id, fields, problems, notes)
       SELECT $1, x.seq, x.kind, x."externalId", x.source, x.outcome, x.id, ARRAY(SELECT jsonb_array_elements_text(x.fields)), x.problems, x.notes
         FROM jsonb_to_recordset($2::jsonb) AS x(seq int, kind text, "externalId" text, source text, outcome text, id uuid, fields jsonb, problems jsonb, notes jsonb)`,
      [this.importId, JSON.stringify(records)]);
    const count = (o: HsdsOutcome) => records.filter((r) => r.outcome === o).length;
    await m.query(`UPDATE hsds_imports SET created = created + $2, updated = updated + $3, unchanged = unchanged + $4, skipped = skipped + $5, invalid = invalid + $6,
      heartbeat_at = now() WHERE id = $1`,
    [this.importId, count(HsdsOutcome.CREATED), count(HsdsOutcome.UPDATED), count(HsdsOutcome.UNCHANGED), count(HsdsOutcome.SKIPPED), count(HsdsOutcome.INVALID)]);
  }

  // ---- ids ---------------------------------------------------------------------------------

  /** Our id for an HSDS id: the id map, else the same id when it is one of ours (of that kind), else the HSDS id when free. */
  private async ourId(m: Reader, kind: RecordKind, externalId: string): Promise<{ id: string; exists: boolean }> {
    const [row] = await m.query(`SELECT our_id::text AS id FROM hsds_external_ids WHERE kind = $1 AND external_id = $2`, [kind, externalId]);
    const exists = (id: string) => (kind === 'ORGANIZATION' ? agencyExists(m, id) : kind === 'LOCATION' ? locationExists(m, id) : serviceExists(m, id));
    if (row?.id && await exists(row.id)) return { id: row.id, exists: true };
    if (isUuid(externalId) && await exists(externalId)) return { id: externalId, exists: true };
    return { id: isUuid(externalId) ? externalId : randomUUID(), exists: false };
  }

  private async remember(m: EntityManager, kind: RecordKind, externalId: string, ourId: string): Promise<void> {
    await m.query(`INSERT INTO hsds_external_ids (kind, external_id, our_id, import_id) VALUES ($1, $2, $3, $4) ON CONFLICT (kind, external_id) DO UPDATE SET our_id = EXCLUDED.our_id`,
      [kind, externalId, ourId, this.importId]);
  }

  /**
   * The agency of an organization the record names: from this run, else one imported before (id map) or
   * already here with that id. A reason when there is none.
   */
  private async agencyOf(m: Reader, organizationId: string | null): Promise<{ id: string } | { reason: string }> {
    if (!organizationId) return { reason: 'names no organization (organization_id)' };
    const r = this.resolved.get(`ORGANIZATION:${organizationId}`);
    if (r) return r.ok && r.ourId ? { id: r.ourId } : { reason: `its organization ${organizationId} was not imported (see its record)` };
    const [row] = await m.query(`SELECT our_id::text AS id FROM hsds_external_ids WHERE kind = 'ORGANIZATION' AND external_id = $1`, [organizationId]);
    const id = row?.id ?? (isUuid(organizationId) ? organizationId : null);
    if (id && await agencyForImport(m, id)) return { id };
    return { reason: `its organization ${organizationId} is neither in the package nor imported before` };
  }

  // ---- organizations -------------------------------------------------------------------------

  private async organization(m: Reader, record: PackageRecord, seq: number): Promise<Outcome> {
    const d = record.data;
    const problems = schemaProblems('ORGANIZATION', d);
    const notes: string[] = [];
    const meanings = this.meanings(seq, d, notes);
    const name = text(problems, '/name', d.name);
    const description = text(problems, '/description', d.description, 10_000);
    const website = check.url(problems, '/website', d.website);
    const phones = list(d.phones);
    const phone = phones.length ? check.phone(problems, '/phones/0/number', phones[0].number) : null;
    const acronym = typeof d.alternate_name === 'string' && d.alternate_name.trim() ? d.alternate_name.trim() : null;
    if (acronym && acronym.length > 30) notes.push('/alternate_name: longer than 30 characters, not taken as the acronym');
    const declared = propertiesOf(d, this.pkg.terms).get(Property.COUNTRY_CODE)?.[0];
    const declaredCountry = declared ? check.agencyCountry(problems, declared.pointer, declared.value) : null;
    if (problems.length || !record.id) return { outcome: HsdsOutcome.INVALID, ourId: null, fields: [], problems: problems.length ? problems : [{ pointer: '/id', message: 'is required' }], notes };

    const { id, exists } = await this.ourId(m, 'ORGANIZATION', record.id);
    const current = exists ? await agencyForImport(m, id, !this.dry) : null;
    const type = vocabulary(meanings, 'agencyType')?.[0] as AgencyType | undefined;
    const country = declaredCountry ?? this.countryOfOrganization(record.id) ?? this.options.defaultCountryCode ?? undefined;
    if (!current && !country) {
      return { outcome: HsdsOutcome.SKIPPED, ourId: null, fields: [], problems, notes: [...notes, 'no country: none of its locations has an address with a country; give defaultCountryCode (--country)'] };
    }
    const desired: Partial<ImportAgency> = {
      names: withLanguage(current?.names, this.lang, name),
      descriptions: 'description' in d ? withLanguage(current?.descriptions, this.lang, description) : undefined,
      acronym: acronym && acronym.length <= 30 ? acronym : current ? undefined : null,
      type: type ?? (current ? undefined : AgencyType.OTHER),
      countryCode: current && !declaredCountry && this.countryOfOrganization(record.id) === null ? undefined : country,
      email: 'email' in d ? (typeof d.email === 'string' && d.email.trim() ? d.email.trim() : null) : current ? undefined : null,
      phone: 'phones' in d ? phone : current ? undefined : null,
      website: 'website' in d ? website : current ? undefined : null,
    };
    const changes = differing(current, desired);
    const fields = Object.keys(changes);
    if (current && !fields.length) return { outcome: HsdsOutcome.UNCHANGED, ourId: id, fields, problems, notes };
    if (!this.dry) {
      await writeImportedAgency(m, this.viewer, this.directory, id, changes, !current, this.importId!);
      await this.remember(m, 'ORGANIZATION', record.id, id);
    }
    return { outcome: current ? HsdsOutcome.UPDATED : HsdsOutcome.CREATED, ourId: id, fields, problems, notes };
  }

  /** The first valid country in the addresses of the package's locations of this organization. */
  private countryOfOrganization(organizationId: string): string | null {
    for (const l of this.pkg.locations) {
      if (lower(l.data.organization_id) !== organizationId && l.parentOrganizationId !== organizationId) continue;
      for (const a of list(l.data.addresses)) {
        const c = typeof a.country === 'string' ? a.country.trim().toUpperCase() : '';
        if (check.country([], '', c)) return c;
      }
    }
    return null;
  }

  // ---- locations -----------------------------------------------------------------------------

  private async location(m: Reader, record: PackageRecord, seq: number): Promise<Outcome> {
    const d = record.data;
    const problems = schemaProblems('LOCATION', d);
    const notes: string[] = [];
    const meanings = this.meanings(seq, d, notes);
    const addresses = list(d.addresses);
    const addressIndex = Math.max(0, addresses.findIndex((a) => a.address_type === 'physical'));
    const address = addresses[addressIndex];
    const at = `/addresses/${addressIndex}`;
    const country = address ? check.country(problems, `${at}/country`, address.country) : null;
    const name = text(problems, '/name', d.name, 500) ?? text(problems, '/alternate_name', d.alternate_name, 500) ?? (address ? text(problems, `${at}/address_1`, address.address_1, 500) : null);
    if (!name && !problems.length) problems.push({ pointer: '/name', message: 'give the location a name (or an address)' });
    // our export (a location with an AREA_CODE) writes the locality as address_1 of a location without an address
    const areaCode = propertiesOf(d, this.pkg.terms).get(Property.AREA_CODE)?.[0]?.value;
    const localityOnly = !!areaCode && !!address && !address.address_2 && address.address_1 === address.city;
    const street = address && !localityOnly ? [address.address_1, address.address_2, address.postal_code].filter((x) => typeof x === 'string' && x.trim()).join(', ') : null;
    if (street && street.length > 500) problems.push({ pointer: `${at}/address_1`, message: 'the address is longer than 500 characters' });
    const locality = address ? text(problems, `${at}/city`, address.city, 200) : null;
    check.url(problems, '/url', d.url);
    if (problems.length || !record.id) return { outcome: HsdsOutcome.INVALID, ourId: null, fields: [], problems: problems.length ? problems : [{ pointer: '/id', message: 'is required' }], notes };

    let agency = await this.agencyOf(m, lower(d.organization_id) ?? record.parentOrganizationId ?? null);
    if ('reason' in agency && d.organization_id && record.parentOrganizationId && lower(d.organization_id) !== record.parentOrganizationId) {
      // its organization_id names nothing known: the organization of the services delivered there runs it
      const parent = await this.agencyOf(m, record.parentOrganizationId);
      if ('id' in parent) {
        notes.push(`/organization_id: ${agency.reason}; taken as the location of ${record.parentOrganizationId}, whose services are delivered there`);
        agency = parent;
      }
    }
    if ('reason' in agency) return { outcome: HsdsOutcome.SKIPPED, ourId: null, fields: [], problems, notes: [...notes, agency.reason] };
    this.lastAgency = agency.id;
    const { id, exists } = await this.ourId(m, 'LOCATION', record.id);
    const current = exists ? await locationForImport(m, id, !this.dry) : null;
    if (current?.confidential) {
      // nothing about it goes into the report: it is changed only in the directory, by its agency
      return { outcome: HsdsOutcome.SKIPPED, ourId: id, fields: [], problems, notes: ['a confidential location is never changed by an import'] };
    }
    if (current && current.agencyId !== agency.id) return { outcome: HsdsOutcome.SKIPPED, ourId: id, fields: [], problems, notes: [...notes, 'it belongs to another agency here: not moved by an import'] };

    let latitude: number | null | undefined = current ? undefined : null;
    let longitude: number | null | undefined = current ? undefined : null;
    if (typeof d.latitude === 'number' && typeof d.longitude === 'number') {
      if (Math.abs(d.latitude) > 90 || Math.abs(d.longitude) > 180) notes.push(`/latitude: ${d.latitude}, ${d.longitude} is not a position on Earth (latitude -90..90, longitude -180..180): the position is left out`);
      else [latitude, longitude] = [d.latitude, d.longitude];
    } else if (typeof d.latitude === 'number' || typeof d.longitude === 'number') notes.push('/latitude: give both latitude and longitude: the position is left out');

    // our export names the location's area by its code; else the most precise area its address names
    const areaId = (areaCode ? await areaIdByCode(m, areaCode) : null)
      ?? await this.area(m, country ?? (current ? null : (await agencyForImport(m, agency.id))?.countryCode ?? this.options.defaultCountryCode), address, notes);
    if (!current && !areaId) return { outcome: HsdsOutcome.SKIPPED, ourId: null, fields: [], problems, notes: [...notes, 'no area: its address gives no country (give defaultCountryCode)'] };
    const marked = vocabulary(meanings, 'locationFlags')?.includes('CONFIDENTIAL') ?? false;
    const facility = vocabulary(meanings, 'facilityType')?.[0] as FacilityType | undefined;
    const desired: Partial<ImportLocation> = {
      agencyId: current ? undefined : agency.id,
      names: withLanguage(current?.names, this.lang, name),
      facilityType: facility ?? (current ? undefined : FacilityType.OTHER),
      areaId: areaId ?? undefined,
      locality: address ? locality : current ? undefined : null,
      address: address ? street || null : current ? undefined : null,
      latitude, longitude,
      // never confidential unless marked; marking an existing one confidential is the safe direction
      confidential: marked ? true : current ? undefined : false,
    };
    const changes = differing(current, desired);
    const fields = Object.keys(changes);
    if (current && !fields.length) return { outcome: HsdsOutcome.UNCHANGED, ourId: id, fields, problems, notes };
    if (!this.dry) {
      await writeImportedLocation(m, this.viewer, this.directory, id, changes, !current, this.importId!);
      await this.remember(m, 'LOCATION', record.id, id);
    }
    return { outcome: current ? HsdsOutcome.UPDATED : HsdsOutcome.CREATED, ourId: id, fields, problems, notes };
  }

  /** The most precise area the address names (city, region, state/province among the country's areas), else the country's. */
  private async area(m: Reader, country: string | null | undefined, address: HsdsObject | undefined, notes: string[]): Promise<string | null> {
    if (!country) return null;
    if (!this.areas.has(country)) this.areas.set(country, await areasForImport(m, country));
    let areas = this.areas.get(country)!;
    const names = [address?.city, address?.region, address?.state_province].filter((x): x is string => typeof x === 'string' && !!x.trim()).map(fold);
    for (const wanted of names) {
      const found = areas.filter((a) => a.level !== 'COUNTRY' && (fold(a.code) === wanted || Object.values(a.names).some((n) => fold(n) === wanted)));
      if (found.length === 1) return found[0].id;
    }
    const countryArea = areas.find((a) => a.level === 'COUNTRY');
    if (countryArea) return countryArea.id;
    if (this.dry) {
      if (!this.plannedCountries.has(country)) this.warnings.push(`would add the country ${country} to the areas`);
      this.plannedCountries.add(country);
      return `00000000-0000-4000-8000-${Buffer.from(country).toString('hex').padStart(12, '0')}`;
    }
    await createCountryAreaForImport(m, this.viewer, country, { en: COUNTRY_NAMES.of(country) ?? country });
    this.warnings.push(`added the country ${country} to the areas`);
    areas = await areasForImport(m, country);
    this.areas.set(country, areas);
    notes.push(`the country ${country} was added to the areas`);
    return areas.find((a) => a.level === 'COUNTRY')?.id ?? null;
  }

  // ---- services ------------------------------------------------------------------------------

  private async service(m: Reader, record: PackageRecord, seq: number): Promise<Outcome[]> {
    const d = record.data;
    const salData = list(d.service_at_locations);
    const siteOutcomes = (outcome: HsdsOutcome, note: string): Outcome[] => salData.map(() => ({ outcome, ourId: null, fields: [], problems: [], notes: [note] }));
    const problems = schemaProblems('SERVICE', d);
    const notes: string[] = [];
    const meanings = this.meanings(seq, d, notes);
    salData.forEach((sal, i) => this.meanings(seq + 1 + i, sal, notes, `/service_at_locations/${i}`));
    const lang = this.lang;

    const name = text(problems, '/name', d.name);
    const description = text(problems, '/description', d.description, 10_000);
    const ageMin = age(problems, '/minimum_age', d.minimum_age);
    const ageMax = age(problems, '/maximum_age', d.maximum_age);
    if (typeof ageMin === 'number' && typeof ageMax === 'number' && ageMin > ageMax) problems.push({ pointer: '/maximum_age', message: `must not be below minimum_age (${ageMin})` });
    const languageRows = list(d.languages).map((l, i) => ({ code: check.language(problems, `/languages/${i}/code`, l.code), note: typeof l.note === 'string' ? l.note : '' }));
    const servicePhones = list(d.phones);
    const intakePhone = servicePhones.length ? check.phone(problems, '/phones/0/number', servicePhones[0].number) : null;
    const hoursOf = schedules(problems, notes, '/schedules', d.schedules, lang, this.pkg.terms);
    const props = new PropertyReader(propertiesOf(d, this.pkg.terms), problems);
    // a service of our own export always carries its time zone: then a list or flag it leaves out is empty, not unknown
    const ours = props.has(Property.TIMEZONE);
    // our export leaves out empty lists: from it, a list it does not carry is empty
    const carries = (key: string) => key in d || ours;
    const timezone = props.timezone();
    const capacity = props.capacity();
    const nationalities = (p: Property) => props.all(p).map((v) => check.country(problems, v.pointer, v.value)).filter((c): c is string => !!c);
    const eligibleNationalities = nationalities(Property.NATIONALITY_ONLY);
    const excludedNationalities = nationalities(Property.NATIONALITY_EXCLUDED);
    const referralFields = props.all(Property.REFERRAL_FIELD).flatMap((v) => {
      if (isCatalogueField(v.value)) return [v.value];
      notes.push(`${v.pointer}: "${v.value}" is not a field of the data catalogue: left out`);
      return [];
    });
    check.url(problems, '/url', d.url);
    const declaredFee = vocabulary(meanings, 'feeKind')?.[0] ?? null;
    if (problems.length || !record.id) {
      // later problems (documents, fees, contacts) are found below only for a record otherwise valid: gather them too
      this.detailProblems(d, problems, notes, declaredFee);
      return [{ outcome: HsdsOutcome.INVALID, ourId: null, fields: [], problems: problems.length ? problems : [{ pointer: '/id', message: 'is required' }], notes },
        ...siteOutcomes(HsdsOutcome.SKIPPED, 'its service is INVALID')];
    }

    const agency = await this.agencyOf(m, lower(d.organization_id));
    if ('reason' in agency) return [{ outcome: HsdsOutcome.SKIPPED, ourId: null, fields: [], problems, notes: [...notes, agency.reason] }, ...siteOutcomes(HsdsOutcome.SKIPPED, 'its service was skipped')];
    const { id, exists } = await this.ourId(m, 'SERVICE', record.id);
    const current = exists ? await serviceForImport(m, id, !this.dry) : null;
    if (current && current.agencyId !== agency.id) {
      return [{ outcome: HsdsOutcome.SKIPPED, ourId: id, fields: [], problems, notes: [...notes, 'it belongs to another agency here: not moved by an import'] }, ...siteOutcomes(HsdsOutcome.SKIPPED, 'its service was skipped')];
    }
    const cur = current?.fields ?? null;

    // categories: the terms that map to one, else the default; a retired one only where the service has it
    let categoryCodes: string[] | undefined;
    const mapped = [...new Set(meanings.filter((x): x is Extract<TermMeaning, { kind: 'category' }> => x.kind === 'category').map((x) => x.code))].filter((c) => {
      if (!this.categories.get(c)?.retired || current?.categoryCodes.includes(c)) return true;
      notes.push(`the category ${c} is retired: left out`);
      return false;
    });
    if (mapped.length) categoryCodes = mapped.sort();
    else if (this.options.defaultCategoryCode && !current) categoryCodes = [this.options.defaultCategoryCode];
    if (!current && !categoryCodes) {
      return [{ outcome: HsdsOutcome.SKIPPED, ourId: null, fields: [], problems, notes: [...notes, `no category: none of its taxonomy terms maps to a category (map them with setHsdsTermMapping, use ${CATEGORY_TAXONOMY}, or give defaultCategoryCode)`] },
        ...siteOutcomes(HsdsOutcome.SKIPPED, 'its service was skipped')];
    }

    const status = typeof d.status === 'string' ? STATUS[d.status] : undefined;
    const alert = text(problems, '/alert', d.alert, 500);
    const interpreting = languageRows.filter((l) => l.code && /interpret/i.test(l.note));
    const spoken = languageRows.filter((l) => l.code && !/interpret/i.test(l.note));
    const docs = carries('required_documents') ? requiredDocuments(problems, notes, d.required_documents, lang, cur?.requiredDocumentsData ?? null, this.pkg.terms) : undefined;
    const fee = carries('cost_options') || declaredFee ? fees(problems, d.cost_options, lang, declaredFee, cur?.costOptions ?? null) : null;
    const contactList = carries('contacts') ? contacts(problems, notes, d.contacts, (c, i) => vocabulary(this.meanings(seq, c, notes, `/contacts/${i}`), 'contactRole')?.[0] ?? null, this.pkg.terms) : undefined;
    const eligibility = vocabulary(meanings, 'eligibility');
    const accessibility = this.accessibilityOf(salData, meanings);
    if (problems.length) {
      return [{ outcome: HsdsOutcome.INVALID, ourId: null, fields: [], problems, notes }, ...siteOutcomes(HsdsOutcome.SKIPPED, 'its service is INVALID')];
    }
    const vocab = (target: Parameters<typeof vocabulary>[1], fallback: string[]) => vocabulary(meanings, target) ?? (current && !ours ? undefined : fallback);
    const listOr = (values: string[], fallback: string[] | null | undefined) => (values.length ? [...new Set(values)].sort() : ours ? [] : fallback ?? undefined);
    const documentsRequired = props.bool(Property.DOCUMENTS_REQUIRED);
    const acceptsUndocumented = props.bool(Property.ACCEPTS_WITHOUT_DOCUMENTS);
    const byPhone = props.bool(Property.INTERPRETATION_BY_PHONE);
    const inPerson = props.bool(Property.INTERPRETATION_IN_PERSON);
    // places: the later count wins (a package exported before the last update does not undo it)
    const newerCount = capacity && (!cur || !cur.capacityUpdatedAt || (capacity.updatedAt !== null && capacity.updatedAt > cur.capacityUpdatedAt));
    const accessibilityDetails = props.all(Property.ACCESSIBILITY_DETAILS)[0]?.value || null;
    // the sentence our export writes for a service without a note of its own is no note
    const interpreted = interpreting.map((l) => l.code!);
    const interpretationText = text(problems, '/interpretation_services', d.interpretation_services);
    const interpretationNote = interpretationText !== null && interpretationText === interpretationSentence(interpreted, byPhone ?? false, inPerson ?? false, lang) ? null : interpretationText;
    const outreach = carries('schedules') ? await this.visits(m, hoursOf.outreach, cur?.outreachData ?? [], notes) : undefined;
    const desired: Partial<ImportServiceFields> = {
      names: withLanguage(cur?.names, lang, name),
      descriptions: 'description' in d ? withLanguage(cur?.descriptions, lang, description) : undefined,
      populations: vocab('populations', [Population.ALL]) as Population[] | undefined,
      genders: vocab('genders', []) as any,
      channels: vocab('channels', []) as any,
      standardCodes: vocab('standards', []),
      ageMin: 'minimum_age' in d ? ageMin ?? null : undefined,
      ageMax: 'maximum_age' in d ? ageMax ?? null : undefined,
      status,
      statusReason: status === undefined ? undefined : status === ServiceStatus.ACTIVE ? null : alert,
      languages: carries('languages') ? [...new Set(spoken.map((l) => l.code!))].sort() : undefined,
      interpretationLanguages: carries('languages') ? [...new Set(interpreting.map((l) => l.code!))].sort() : undefined,
      interpretationByPhone: byPhone ?? (carries('languages') ? interpreting.some((l) => /phone|telephone/i.test(l.note)) : ours ? false : undefined),
      interpretationInPerson: inPerson ?? (carries('languages') ? interpreting.some((l) => /in person/i.test(l.note)) : ours ? false : undefined),
      interpretationTexts: interpretationNote !== null ? withLanguage(cur?.interpretationTexts, lang, interpretationNote) : ours ? withoutLanguage(cur?.interpretationTexts, lang) : undefined,
      eligibilityTexts: 'eligibility_description' in d ? withLanguage(cur?.eligibilityTexts, lang, text(problems, '/eligibility_description', d.eligibility_description)) : undefined,
      documentsRequired: documentsRequired ?? (eligibility?.includes('DOCUMENTS_REQUIRED') ? true : eligibility?.includes('NO_DOCUMENTS_REQUIRED') ? false : ours ? null : undefined),
      acceptsUndocumented: acceptsUndocumented ?? (eligibility?.includes('ACCEPTS_WITHOUT_DOCUMENTS') ? true : eligibility?.includes('NOT_WITHOUT_DOCUMENTS') ? false : ours ? null : undefined),
      eligibleNationalities: listOr([...eligibleNationalities, ...vocabulary(meanings, 'nationalities') ?? []], undefined),
      excludedNationalities: listOr([...excludedNationalities, ...vocabulary(meanings, 'excludedNationalities') ?? []], undefined),
      referralFields: listOr(referralFields, undefined),
      requiredDocumentsData: docs,
      feeKind: fee?.kind,
      costFree: fee ? fee.kind === 'FREE' : undefined,
      costOptions: fee?.options,
      feesTexts: 'fees_description' in d ? withLanguage(cur?.feesTexts, lang, text(problems, '/fees_description', d.fees_description)) : undefined,
      // our export carries the service's own features and details; another's, the accessibility of its locations
      accessibilityFeatures: ours ? vocabulary(meanings, 'accessibility') ?? [] : accessibility.features ?? undefined,
      accessibilityTexts: ours ? (accessibilityDetails ? withLanguage(cur?.accessibilityTexts, lang, accessibilityDetails) : withoutLanguage(cur?.accessibilityTexts, lang))
        : accessibility.text !== null ? withLanguage(cur?.accessibilityTexts, lang, accessibility.text) : undefined,
      contactsData: contactList,
      intakeContactData: 'email' in d || 'phones' in d
        ? { name: cur?.intakeContactData?.name ?? null, phone: intakePhone, email: typeof d.email === 'string' && d.email.trim() ? d.email.trim() : null } : undefined,
      howToReferText: 'application_process' in d ? withLanguage(cur?.howToReferText, lang, text(problems, '/application_process', d.application_process)) : undefined,
      openingHours: carries('schedules') ? hoursOf.hours : undefined,
      open24Hours: carries('schedules') ? hoursOf.open24Hours : undefined,
      closuresData: carries('schedules') ? hoursOf.closures : undefined,
      outreachData: outreach,
      timezone: timezone ?? this.options.timezone ?? (current ? undefined : 'UTC'),
      capacityAvailable: newerCount ? capacity.available : undefined,
      capacityTotal: newerCount ? capacity.total : undefined,
      capacityUpdatedAt: newerCount ? capacity.updatedAt : undefined,
    };
    if (!current && desired.populations === undefined) desired.populations = [Population.ALL];
    if (problems.length) return [{ outcome: HsdsOutcome.INVALID, ourId: null, fields: [], problems, notes }, ...siteOutcomes(HsdsOutcome.SKIPPED, 'its service is INVALID')];
    const changes = differing(cur, desired);

    const coverageAreaIds = 'service_areas' in d ? await this.coverage(m, list(d.service_areas), notes) : ours ? [] : undefined;
    const { sites, outcomes: sitesReport } = await this.sites(m, salData, agency.id, current?.sites ?? null, id);
    const write = {
      agencyId: agency.id,
      changes,
      categoryCodes: categoryCodes && (!current || !same(current.categoryCodes, categoryCodes)) ? categoryCodes : undefined,
      coverageAreaIds: coverageAreaIds && (!current || !same([...current.coverageAreaIds].sort(), coverageAreaIds)) ? coverageAreaIds : undefined,
      sites: sites && (!current || !same(current.sites, sites)) ? sites : undefined,
    };
    const fields = [...Object.keys(changes), ...(['categoryCodes', 'coverageAreaIds', 'sites'] as const).filter((k) => write[k])];
    if (current && !fields.length) return [{ outcome: HsdsOutcome.UNCHANGED, ourId: id, fields, problems, notes }, ...sitesReport];
    if (!this.dry) {
      await writeImportedService(m, this.viewer, this.directory, id, write, !current, this.importId!);
      await this.remember(m, 'SERVICE', record.id, id);
    }
    return [{ outcome: current ? HsdsOutcome.UPDATED : HsdsOutcome.CREATED, ourId: id, fields, problems, notes }, ...sitesReport];
  }

  /** The problems of the parts read only for valid records, so an INVALID record lists them all at once. */
  private detailProblems(d: HsdsObject, problems: Problem[], notes: string[], declaredFee: string | null): void {
    if ('required_documents' in d) requiredDocuments(problems, notes, d.required_documents, this.lang, null);
    if ('cost_options' in d) fees(problems, d.cost_options, this.lang, declaredFee, null);
    if ('contacts' in d) contacts(problems, notes, d.contacts, () => null);
  }

  /**
   * Accessibility: features from mrn-accessibility, and from the accessibility of the service's locations whose
   * description is a feature code (as the export writes them); the other descriptions and details are its text.
   */
  private accessibilityOf(sals: HsdsObject[], meanings: TermMeaning[]): { features: string[] | null; text: string | null } {
    const features = new Set(vocabulary(meanings, 'accessibility') ?? []);
    const texts: string[] = [];
    let any = features.size > 0;
    const locations = sals.map((s) => this.pkg.locations.find((l) => l.id === lower(s.location_id))?.data).filter(isObject);
    for (const l of locations) {
      for (const a of list(l.accessibility)) {
        any = true;
        const code = typeof a.description === 'string' ? a.description.trim().toUpperCase().replace(/[\s-]+/g, '_') : '';
        if (meaningOf({ taxonomy: 'mrn-accessibility', code, name: null, pointer: '' }, new Map(), new Map()).kind === 'vocabulary') features.add(code);
        else if (typeof a.description === 'string' && a.description.trim()) texts.push(a.description.trim());
        if (typeof a.details === 'string' && a.details.trim()) texts.push(a.details.trim());
      }
    }
    if (!any) return { features: null, text: null };
    const joined = [...new Set(texts)].join('\n').slice(0, 2000);
    return { features: features.size || locations.length ? [...features].sort() : null, text: joined || null };
  }

  /** Outreach visits: the area by its code (AREA_CODE); the place's other languages are kept from the same visit. */
  private async visits(m: Reader, visits: ScheduledVisit[], current: StoredOutreachVisit[], notes: string[]): Promise<StoredOutreachVisit[]> {
    const out: StoredOutreachVisit[] = [];
    for (const v of visits) {
      const areaId = v.areaCode ? await areaIdByCode(m, v.areaCode) : null;
      if (!areaId) {
        notes.push(`${v.pointer}: an outreach visit ${v.areaCode ? `to the area ${v.areaCode}, which is not in the directory` : 'without an area (AREA_CODE)'}: left out`);
        continue;
      }
      const before = current.find((c) => c.date === v.date && c.opens === v.opens && c.areaId === areaId);
      out.push({ date: v.date, opens: v.opens, closes: v.closes, areaId, places: v.place ? { ...(before?.places ?? {}), [this.lang]: v.place } : (before?.places ?? {}) });
    }
    return out.sort((a, b) => a.date.localeCompare(b.date) || a.opens.localeCompare(b.opens));
  }

  /** Coverage areas: a service_area names an area by its code or one of its names; what matches nothing is noted. */
  private async coverage(m: Reader, serviceAreas: HsdsObject[], notes: string[]): Promise<string[] | undefined> {
    if (!serviceAreas.length) return [];
    const found = new Set<string>();
    for (const [i, sa] of serviceAreas.entries()) {
      const wanted = [sa.name, sa.extent, sa.description].filter((x): x is string => typeof x === 'string' && !!x.trim() && x.length <= 200).map(fold);
      const code = propertiesOf(sa, this.pkg.terms).get(Property.AREA_CODE)?.[0]?.value;
      let match: string | null = code ? await areaIdByCode(m, code) : null;
      for (const w of wanted) if (!match) match = await findAreaForImport(m, w);
      if (match) found.add(match);
      else notes.push(`/service_areas/${i}: names no area of the directory (by code or name): left out`);
    }
    // a service area that matches nothing never clears the coverage the service has
    return found.size ? [...found].sort() : undefined;
  }

  /** The service's sites from its service_at_locations; a site whose location cannot be used is kept as it is. */
  private async sites(m: Reader, sals: HsdsObject[], agencyId: string, current: ImportSite[] | null, serviceId: string): Promise<{ sites: ImportSite[] | null; outcomes: Outcome[] }> {
    const outcomes: Outcome[] = [];
    const sites: ImportSite[] = [];
    // the locations as the package names them and as this run resolved them (an id map may make them differ)
    const ids = sals.map((s) => lower(s.location_id)).flatMap((x) => (x ? [x, this.resolved.get(`LOCATION:${x}`)?.ourId ?? x] : []));
    const known = new Map((await locationOwners(m, [...new Set(ids)].filter((x) => isUuid(x)))).map((l) => [l.id, l]));
    for (const [i, sal] of sals.entries()) {
      const problems: Problem[] = [];
      const notes: string[] = [];
      const at = `/service_at_locations/${i}`;
      const ext = lower(sal.location_id);
      const r = ext ? this.resolved.get(`LOCATION:${ext}`) : undefined;
      let locationId: string | null = null;
      let owner: string | undefined;
      if (r) {
        if (r.ok && r.ourId) [locationId, owner] = [r.ourId, known.get(r.ourId)?.agencyId ?? r.agencyId];
        else if (r.ourId && known.get(r.ourId)?.confidential) [locationId, owner] = [r.ourId, known.get(r.ourId)!.agencyId];
      } else if (ext) {
        const [row] = await m.query(`SELECT our_id::text AS id FROM hsds_external_ids WHERE kind = 'LOCATION' AND external_id = $1`, [ext]);
        const id = row?.id ?? ext;
        if (isUuid(id)) {
          const found = known.get(id) ?? (await locationOwners(m, [id]))[0];
          if (found) [locationId, owner] = [id, found.agencyId];
        }
      }
      if (r?.planned) owner = r.agencyId;
      if (!locationId) {
        outcomes.push({ outcome: HsdsOutcome.SKIPPED, ourId: serviceId, fields: [], problems, notes: [ext ? `its location ${ext} was not imported and is not in the directory` : 'names no location (location_id)'] });
        continue;
      }
      if (owner && owner !== agencyId) {
        outcomes.push({ outcome: HsdsOutcome.SKIPPED, ourId: serviceId, fields: [], problems, notes: ['its location belongs to another agency than the service\'s'] });
        continue;
      }
      const hours = schedules(problems, notes, `${at}/schedules`, sal.schedules, this.lang, this.pkg.terms);
      const description = text(problems, `${at}/description`, sal.description);
      const props = new PropertyReader(propertiesOf(sal, this.pkg.terms), problems, at);
      const timezone = props.timezone();
      const capacity = props.capacity();
      const before = current?.find((s) => s.locationId === locationId) ?? null;
      const keep = !('schedules' in sal) && before;
      // places: the later count wins, as for the service
      const newerCount = capacity && (!before?.capacityUpdatedAt || (capacity.updatedAt !== null && capacity.updatedAt.toISOString() > before.capacityUpdatedAt));
      const site: ImportSite = {
        locationId,
        openingHours: hours.open24Hours ? null : hours.hours.length ? hours.hours : keep ? before.openingHours : null,
        open24Hours: hours.open24Hours ? true : hours.hours.length ? false : keep ? before.open24Hours : null,
        timezone: timezone ?? before?.timezone ?? null,
        closures: keep ? before.closures : hours.closures,
        notes: description ? { ...(before?.notes ?? {}), [this.lang]: description } : (before?.notes ?? {}),
        capacityAvailable: newerCount ? capacity.available : before?.capacityAvailable ?? null,
        capacityTotal: newerCount ? capacity.total : before?.capacityTotal ?? null,
        capacityUpdatedAt: newerCount ? capacity.updatedAt?.toISOString() ?? null : before?.capacityUpdatedAt ?? null,
      };
      if (problems.length) {
        outcomes.push({ outcome: HsdsOutcome.INVALID, ourId: serviceId, fields: [], problems, notes });
        if (before) sites.push(before);
        continue;
      }
      if (sites.some((s) => s.locationId === locationId)) {
        outcomes.push({ outcome: HsdsOutcome.SKIPPED, ourId: serviceId, fields: [], problems, notes: ['another service_at_location of the service is at the same location'] });
        continue;
      }
      sites.push(site);
      const fields = before ? (['openingHours', 'open24Hours', 'timezone', 'closures', 'notes', 'capacityAvailable', 'capacityTotal', 'capacityUpdatedAt'] as const)
        .filter((k) => !same(before[k], site[k])) : [];
      outcomes.push({ outcome: !before ? HsdsOutcome.CREATED : fields.length ? HsdsOutcome.UPDATED : HsdsOutcome.UNCHANGED, ourId: serviceId, fields: [...fields], problems, notes });
    }
    // sites the package did not name, or could not use, stay
    for (const s of current ?? []) if (!sites.some((x) => x.locationId === s.locationId) && !sals.some((x) => lower(x.location_id) === s.locationId)) sites.push(s);
    sites.sort((a, b) => a.locationId.localeCompare(b.locationId));
    return { sites: sals.length || current ? sites : null, outcomes };
  }
}
