import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../src/config';

/**
 * The README's configuration reference lists every variable the code reads: the keys of the schema in
 * src/config.ts and any other process.env read (tracing's OTEL_* variables, the logger's LOG_LEVEL), with
 * its default and whether production requires it; and it lists nothing the code does not read.
 */
const ROOT = path.join(__dirname, '..', '..');
const SCANNED = ['src', 'seed', 'migrations', 'ormconfig.ts'];

function files(p: string): string[] {
  const full = path.join(ROOT, p);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [full];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(p, e.name)) : e.name.endsWith('.ts') ? [path.join(full, e.name)] : []));
}

/** Variables read outside the schema: process.env.X, process.env['X'], and env.X where a function takes the environment. */
function environmentReads(): Map<string, string> {
  const reads = new Map<string, string>();
  for (const file of SCANNED.flatMap(files)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:process\.)?env(?:\.([A-Z][A-Z0-9_]+)|\[\s*['"]([A-Z][A-Z0-9_]+)['"]\s*\])/g)) reads.set(m[1] ?? m[2], path.relative(ROOT, file));
  }
  return reads;
}

interface Row { variables: string[]; cells: string[] }

function referenceTable(): { header: string[]; rows: Row[] } {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Configuration'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const cells = (l: string) => l.slice(1, l.lastIndexOf('|')).split(/(?<!\\)\|/).map((c) => c.trim());
  const [header, , ...body] = lines;
  return { header: cells(header), rows: body.map((l) => ({ variables: [...cells(l)[0].matchAll(/`([A-Z][A-Z0-9_]*\*?)`/g)].map((m) => m[1]), cells: cells(l) })) };
}

describe('the configuration reference in the README', () => {
  const table = referenceTable();
  const documented = new Set(table.rows.flatMap((r) => r.variables));
  const reads = environmentReads();

  it('has the columns variable, default, required in production, meaning', () => {
    expect(table.header.map((h) => h.toLowerCase())).toEqual(['variable', 'default', 'required in production', 'meaning']);
    for (const row of table.rows) {
      expect(row.cells).toHaveLength(4);
      expect(row.variables.length).toBeGreaterThan(0);
      // every row says whether production needs it
      expect(row.cells[2]).toMatch(/^(\*\*yes\*\*|no|.+)$/);
    }
  });

  it('lists every variable of the configuration schema and every other environment variable the code reads', () => {
    const missing = [...CONFIG_VARIABLES, ...reads.keys()].filter((v) => !documented.has(v));
    expect([...new Set(missing)].map((v) => `${v} (${reads.get(v) ?? 'src/config.ts'})`)).toEqual([]);
  });

  it('lists no variable that the code does not read (other than the standard OTEL_* ones the SDK reads)', () => {
    const known = new Set([...CONFIG_VARIABLES, ...reads.keys()]);
    expect([...documented].filter((v) => !known.has(v) && !v.startsWith('OTEL_'))).toEqual([]);
  });

  it('finds the reads it checks (a test that cannot fail is a defect)', () => {
    expect(CONFIG_VARIABLES).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'METRICS_TOKEN', 'EXPLORER']));
    expect([...reads.keys()]).toEqual(expect.arrayContaining(['LOG_LEVEL', 'OTEL_TRACES_EXPORTER', 'OTEL_SDK_DISABLED']));
    expect(table.rows.length).toBeGreaterThan(40);
  });
});
