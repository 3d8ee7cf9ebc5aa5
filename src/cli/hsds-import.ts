import 'reflect-metadata';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { ConfigError, loadConfig } from '../config';
import { tellRunningInstances } from '../db/change-feed';
import { openDatabase } from '../db/data-source';
import { DirectoryService } from '../directory/directory.service';
import { categoriesForImport } from '../directory/import-writes';
import { entities } from '../entities';
import { HsdsImportService, ImportInterrupted } from '../hsds/import.service';
import { setTermMapping, termKey, termMappingProblem, type TermMappings } from '../hsds/import-terms';
import { HsdsFormat, HsdsOutcome, type HsdsImport, type HsdsImportRecord } from '../hsds/import-types';
import { isCountryCode, isLanguageCode } from '../shared/codes';
import { errorMessage } from '../shared/errors';
import { render } from '../shared/messages';
import { logger, logToStderr } from '../shared/logger';

const USAGE = `npm run hsds:import -- FILE [--dry-run] [--mapping FILE] [--language en] [--country NE] [--default-category CODE] [--timezone ZONE] [--json]

Imports an HSDS 3.0 data package into the directory: FILE is the CSV data package (a .zip of the HSDS CSV files,
with or without datapackage.json) or JSON (.json: organizations, services, locations... or the tabular form).
Every record is checked against the HSDS 3.0 schemas and imported in its own transaction; the report says
what was created, updated, left unchanged, skipped or found invalid, and why. Importing the same package
again changes nothing; after an interruption it continues the run. Start with --dry-run.

  --dry-run            report what would be done; write nothing (the mapping file is used, not saved)
  --mapping FILE       taxonomy terms of other systems and our categories: CSV with the columns
                       taxonomy,term_code,category_code (empty category_code: ignore the term), or JSON
                       [{ "taxonomy": ..., "termCode": ..., "categoryCode": ... }]; saved to the mapping table
  --language CODE      language of the package's texts (ISO 639, default en)
  --country CODE       country (ISO 3166-1 alpha-2) of organizations whose locations give none
  --default-category   category of services none of whose terms maps to one (else they are skipped)
  --timezone ZONE      IANA time zone of the package's opening hours (default: the service's, UTC for new ones)
  --json               print the whole report as JSON
  --stop-after N       stop after N records, as an interruption would (to try resuming)
`;

interface MappingRow { taxonomy: string; termCode: string; categoryCode: string | null }

function readMappingFile(file: string): MappingRow[] {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    const rows = JSON.parse(text);
    if (!Array.isArray(rows)) throw new ConfigError(`${file}: expected a JSON list of { taxonomy, termCode, categoryCode }`);
    return rows.map((r: any) => ({ taxonomy: String(r.taxonomy ?? ''), termCode: String(r.termCode ?? r.term_code ?? ''), categoryCode: (r.categoryCode ?? r.category_code) || null }));
  }
  return (parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[])
    .map((r) => ({ taxonomy: r.taxonomy ?? '', termCode: r.term_code ?? r.termCode ?? '', categoryCode: (r.category_code ?? r.categoryCode) || null }));
}

function describe(r: HsdsImportRecord): string {
  const lines = [`  ${r.outcome} ${r.kind} ${r.externalId ?? '(no id)'} at ${r.source}${r.id ? ` -> ${r.id}` : ''}${r.fields.length ? ` (${r.fields.join(', ')})` : ''}`];
  for (const p of r.problems) lines.push(`      ${p.pointer || '/'}: ${p.message}`);
  for (const n of r.notes) lines.push(`      note: ${n}`);
  return lines.join('\n');
}

async function main() {
  const { values, positionals } = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false }, mapping: { type: 'string' }, language: { type: 'string', default: 'en' }, country: { type: 'string' },
      'default-category': { type: 'string' }, timezone: { type: 'string' }, 'stop-after': { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length !== 1) throw new ConfigError('give one package FILE');
  const file = positionals[0];
  if (!fs.existsSync(file)) throw new ConfigError(`${file} does not exist`);
  if (!isLanguageCode(values.language)) throw new ConfigError(`--language must be an ISO 639 code such as "en" or "fr", not ${JSON.stringify(values.language)}`);
  if (values.country !== undefined && !isCountryCode(values.country)) throw new ConfigError(`--country must be an ISO 3166-1 alpha-2 code in capitals such as "NE"`);
  const format = /\.zip$/i.test(file) ? HsdsFormat.CSV_ZIP : HsdsFormat.JSON;
  const config = loadConfig();
  logger.level = process.env.LOG_LEVEL ? config.logLevel : 'warn';
  // --json: stdout is the report alone
  if (values.json) logToStderr();
  const database = await openDatabase(config, entities);
  const db = database.dataSource;
  let writing = false;
  try {
    if (await db.showMigrations()) throw new ConfigError('The database has migrations still to apply: start the server once (or npm run migration:run), then run this again');
    const service = new HsdsImportService(db, new DirectoryService(db, config));
    let extra: TermMappings | undefined;
    if (values.mapping) {
      const rows = readMappingFile(values.mapping);
      const categories = new Map((await categoriesForImport(db)).map((c) => [c.code, c]));
      const problems = rows.map((r, i) => [i, termMappingProblem(r.taxonomy, r.termCode, r.categoryCode, categories)] as const).filter(([, p]) => p);
      if (problems.length) throw new ConfigError(problems.map(([i, p]) => `${values.mapping} row ${i + 1}: ${p!.field}: ${render('en', errorMessage(p!.key, p!.params))}`).join('\n'));
      if (values['dry-run']) extra = new Map(rows.map((r) => [termKey(r.taxonomy, r.termCode), r.categoryCode]));
      else for (const r of rows) await setTermMapping(db, null, r.taxonomy, r.termCode, r.categoryCode);
    }
    const { pkg, sha256 } = await service.readPackage(fs.readFileSync(file), format, 4 * 1024 * 1024 * 1024);
    const tty = process.stderr.isTTY;
    let shown = -1;
    writing = !values['dry-run'];
    const report: HsdsImport = await service.run(null, pkg, sha256, format, {
      dryRun: values['dry-run'], language: values.language, defaultCountryCode: values.country ?? null,
      defaultCategoryCode: values['default-category'] ?? null, timezone: values.timezone ?? null,
    }, (done, total) => {
      // one line that counts up at a terminal; a line per tenth in a log
      const tenth = Math.floor((done * 10) / Math.max(total, 1));
      if (tty) process.stderr.write(`\r  ${values['dry-run'] ? 'planned' : 'imported'} ${done}/${total} records${done === total ? '\n' : ''}`);
      else if (tenth !== shown) {
        shown = tenth;
        process.stderr.write(`  ${values['dry-run'] ? 'planned' : 'imported'} ${done}/${total} records\n`);
      }
    }, extra, values['stop-after'] !== undefined ? Number(values['stop-after']) : undefined);
    const records: HsdsImportRecord[] = [];
    for (let after: string | null = null; ;) {
      const page = await service.records(report, null, 100, after);
      records.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    if (values.json) {
      const { inMemory: _inMemory, ...rest } = report;
      console.log(JSON.stringify({ ...rest, records }, null, 2));
    } else {
      const c = report.counts;
      console.log(`${report.dryRun ? 'Dry run: nothing written. ' : `Import ${report.id}${report.resumed ? ` (continued ${report.resumed} time(s))` : ''}: `}`
        + `${c.total} records: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.invalid} invalid.`);
      for (const r of records) if (r.outcome === HsdsOutcome.INVALID || r.outcome === HsdsOutcome.SKIPPED || r.notes.length || r.fields.length) console.log(describe(r));
      if (report.unknownTerms.length) {
        console.log('Taxonomy terms that map to nothing (map them with --mapping or setHsdsTermMapping):');
        for (const t of report.unknownTerms) console.log(`  ${t.taxonomy} / ${t.code}${t.name ? ` (${t.name})` : ''}: ${t.records} record(s)`);
      }
      for (const w of report.warnings) console.log(`warning: ${w}`);
      console.log(report.clean ? 'Clean: every record imported.' : 'Not clean: see the records above.');
    }
    if (!report.clean) process.exitCode = 2;
  } finally {
    // running servers keep the directory's agencies, areas, categories and searches in memory: also after a run that stopped
    if (writing && config.databaseUrl) {
      await tellRunningInstances(db, ['directory', 'coverage', 'reference']).catch((e) => logger.warn({ err: { message: (e as Error).message } }, 'running servers could not be told of the import'));
    }
    await database.close();
  }
}

main().catch((e) => {
  if (e instanceof ImportInterrupted) {
    console.error(e.message);
    process.exit(3);
  }
  console.error(e instanceof ConfigError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? `${e.message}\n\n${USAGE}` : e?.message ?? String(e));
  process.exit(1);
});
