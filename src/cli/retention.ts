import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { CasesService } from '../cases/cases.service';
import type { SweepReport } from '../cases/retention';
import { RetentionService } from '../cases/retention.service';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/data-source';
import { entities } from '../entities';
import { isUuid } from '../shared/ids';
import { logger } from '../shared/logger';

const USAGE = `npm run retention -- [--dry-run] [--agency <agency id>] [--json]

Erases the person's data in every case past its agency's retention period (setRetentionPolicy), each case in
its own transaction: run it again after an interruption and it resumes. The server does the same every
RETENTION_SWEEP_MINUTES; this is for a scheduler, or to see what the next sweep will do.

  --dry-run   list how many cases, and which case codes, would be erased per agency; change nothing
  --agency    only this agency's cases
  --json      print the report as JSON
`;

function print(report: SweepReport): void {
  const verb = report.dryRun ? 'would be erased' : 'erased';
  console.log(`${report.dryRun ? 'Dry run: nothing changed. ' : ''}Retention periods judged at ${report.now.toISOString()}.`);
  if (!report.agencies.length) console.log('No case is past its agency\'s retention period.');
  for (const a of report.agencies) {
    const count = report.dryRun ? a.due : a.erased;
    const extra = report.dryRun ? '' : `${a.skipped ? `, ${a.skipped} skipped (no longer due)` : ''}${a.failed ? `, ${a.failed} failed (retried by the next sweep)` : ''}`;
    console.log(`${a.agencyName ?? a.agencyId} (${a.agencyId}): ${count} case${count === 1 ? '' : 's'} ${verb}${extra}${a.caseCodes.length ? `: ${a.caseCodes.join(', ')}` : ''}`);
  }
  if (report.agencies.length) console.log(`In total: ${report.dryRun ? report.due : report.erased} ${verb}${report.failed ? `, ${report.failed} failed` : ''}.`);
}

async function main() {
  const { values } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false }, agency: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.agency !== undefined && !isUuid(values.agency)) throw new ConfigError(`--agency must be an agency id (a UUID), not ${JSON.stringify(values.agency)}`);
  const config = loadConfig();
  // the report goes to stdout; the log only says what went wrong
  logger.level = process.env.LOG_LEVEL ? config.logLevel : 'warn';
  const database = await openDatabase(config, entities);
  try {
    const pending = await database.dataSource.showMigrations();
    if (pending) throw new ConfigError('The database has migrations still to apply: start the server once (or npm run migration:run), then run this again');
    const retention = new RetentionService(database.dataSource, new CasesService(database.dataSource), { nowOffsetDays: config.retention.nowOffsetDays });
    const report = await retention.sweep({ dryRun: values['dry-run'], agencyId: values.agency?.toLowerCase() ?? null });
    if (values.json) console.log(JSON.stringify(report));
    else print(report);
    if (report.failed) process.exitCode = 2;
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? `${e.message}\n\n${USAGE}` : e?.message ?? String(e));
  process.exit(1);
});
