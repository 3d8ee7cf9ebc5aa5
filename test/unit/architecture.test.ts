/**
 * One owner per table: SQL that names a table after FROM, JOIN, INTO, UPDATE or DELETE FROM lives in the
 * module (folder under src/) that owns the table. Other modules call the owner's exported functions, or, to
 * keep one statement, compose the owner's exported SQL-fragment builders (like agreementColumnsSql).
 *
 * The test reads every src/**\/*.ts with the TypeScript parser and checks every string and template
 * literal that looks like SQL (template placeholders count as opaque, so `FROM ${fragment}` names nothing).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

const SRC = join(__dirname, '..', '..', 'src');

/** Table → owning module: a folder under src/, or a single file for shared infrastructure. */
const OWNERS: Record<string, string[]> = {
  directory: ['agencies', 'areas', 'locations', 'services', 'service_category_links', 'service_locations', 'service_areas', 'service_categories', 'partnerships', 'search_vocabulary',
    'service_issues', 'directory_changes'],
  agreements: ['mous', 'mou_parties', 'mou_signatures', 'sops', 'data_sharing_agreements', 'dsa_signatures'],
  cases: ['cases', 'consents', 'case_assignments', 'case_field_changes', 'case_lifecycle_events', 'case_retention_policies'],
  referrals: ['referrals', 'referral_events', 'referral_messages'],
  'access-requests': ['data_access_requests', 'data_access_approvals'],
  statistics: ['statistics_answers'],
  feedback: ['service_feedback'],
  coverage: ['pathways', 'pathway_steps'],
  audit: ['audit_events'],
  auth: ['users'],
  notifications: ['webhook_endpoints', 'webhook_deliveries'],
  'shared/idempotency.ts': ['idempotency_keys'],
  hsds: ['hsds_term_mappings', 'hsds_external_ids', 'hsds_imports', 'hsds_import_records'],
};
const OWNER_OF = new Map(Object.entries(OWNERS).flatMap(([owner, tables]) => tables.map((t) => [t, owner] as const)));

/**
 * Files allowed to name tables they do not own, each with its reason. Keep this list very short.
 */
const ALLOWED: { file: string; tables: string[] | '*'; reason: string }[] = [
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The module a file belongs to: its folder under src/, its own name for files directly in src/. */
function moduleOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 1 ? parts[0] : file;
}

function owns(module: string, file: string, owner: string): boolean {
  return owner.endsWith('.ts') ? file === owner : module === owner;
}

/** The text of every string and template literal; a template's placeholders become an opaque token. */
export function literals(text: string, fileName = 'x.ts'): { text: string; line: number }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: { text: string; line: number }[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push({ text: node.text, line: line(node) });
    else if (ts.isTemplateExpression(node)) {
      found.push({ text: [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ${…} '), line: line(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// a statement, or a fragment such as `FROM services x` (SQL keywords in capitals, as the sources write them)
const LOOKS_LIKE_SQL = /\b(select|insert\s+into|delete\s+from|update\s+\S+\s+set|where|join|returning)\b/i;
const SQL_KEYWORD = /\b(FROM|JOIN|INTO|UPDATE)\b/;
// FROM a [AS x] [, b [AS y]]..., JOIN a, INTO a, UPDATE a (DELETE FROM is a FROM); optional schema and quotes
const TABLE = String.raw`(?:public\.)?"?([a-z_][a-z0-9_]*)"?`;
const REFERENCE = new RegExp(String.raw`\b(from|join|into|update)\s+(?:only\s+)?${TABLE}((?:\s+(?:as\s+)?[a-z_][a-z0-9_]*)?(?:\s*,\s*${TABLE}(?:\s+(?:as\s+)?[a-z_][a-z0-9_]*)?)*)`, 'gi');
const LISTED = new RegExp(String.raw`,\s*${TABLE}`, 'gi');

/** Owned tables the SQL names after FROM, JOIN, INTO, UPDATE or DELETE FROM (whole words, lower case as in the schema). */
export function tablesNamed(sql: string): string[] {
  if (!LOOKS_LIKE_SQL.test(sql) && !SQL_KEYWORD.test(sql)) return [];
  const tables = new Set<string>();
  for (const m of sql.matchAll(REFERENCE)) {
    const names = [m[2]];
    if (m[1].toLowerCase() === 'from' && m[3]) for (const l of m[3].matchAll(LISTED)) names.push(l[1]);
    for (const name of names) if (OWNER_OF.has(name)) tables.add(name);
  }
  return [...tables];
}

function violations(): string[] {
  const problems: string[] = [];
  for (const path of sourceFiles(SRC)) {
    const file = relative(SRC, path).split(sep).join('/');
    const module = moduleOf(file);
    const allowed = ALLOWED.find((a) => a.file === file);
    for (const literal of literals(readFileSync(path, 'utf8'), file)) {
      for (const table of tablesNamed(literal.text)) {
        const owner = OWNER_OF.get(table)!;
        if (owns(module, file, owner)) continue;
        if (allowed && (allowed.tables === '*' || allowed.tables.includes(table))) continue;
        problems.push(`src/${file}:${literal.line} names ${table}, owned by ${owner.endsWith('.ts') ? `src/${owner}` : `src/${owner}/`}`);
      }
    }
  }
  return problems;
}

describe('table ownership', () => {
  it('no module names a table it does not own in SQL', () => {
    expect(violations()).toEqual([]);
  });

  it('the allow-list names files that exist and still need it', () => {
    for (const a of ALLOWED) {
      const text = readFileSync(join(SRC, a.file), 'utf8');
      const named = literals(text, a.file).flatMap((l) => tablesNamed(l.text)).filter((t) => !owns(moduleOf(a.file), a.file, OWNER_OF.get(t)!));
      expect({ file: a.file, needed: named.length > 0 }).toEqual({ file: a.file, needed: true });
      if (a.tables !== '*') for (const t of a.tables) expect({ file: a.file, table: t, named: named.includes(t) }).toEqual({ file: a.file, table: t, named: true });
    }
  });

  describe('the scanner', () => {
    const named = (sql: string) => tablesNamed(sql).sort();

    it('finds tables after FROM, JOIN, INTO, UPDATE and DELETE FROM, in any case', () => {
      expect(named('SELECT * FROM services s JOIN areas a ON a.id = s.area_id')).toEqual(['areas', 'services']);
      expect(named('insert into consents (id) values ($1)')).toEqual(['consents']);
      expect(named('UPDATE referrals SET status = $2 WHERE id = $1')).toEqual(['referrals']);
      expect(named('DELETE FROM mou_parties WHERE mou_id = $1')).toEqual(['mou_parties']);
      expect(named('SELECT 1 FROM cases c, services s WHERE c.id = $1')).toEqual(['cases', 'services']);
      expect(named('SELECT 1 FROM public."users" WHERE id = $1')).toEqual(['users']);
      expect(named('FROM services x')).toEqual(['services']);
    });

    it('ignores columns, longer names, placeholders and prose', () => {
      expect(named('SELECT status, cases_count FROM referral_stats WHERE status = $1')).toEqual([]);
      expect(named('SELECT 1 FROM cases_archive WHERE id = $1')).toEqual([]);
      expect(named('SELECT extract(epoch FROM r.sent_at) FROM ${…} r WHERE x')).toEqual([]);
      expect(named('Remove it from services first')).toEqual([]);
    });

    it('reads string and template literals, not comments or code', () => {
      const text = [
        '// SELECT * FROM users WHERE id = 1',
        'const a = `SELECT * FROM ${t} x JOIN consents k ON k.case_id = x.id WHERE ${w}`;',
        "const b = 'UPDATE agencies SET name = $1 WHERE id = $2';",
        'const users = 1; const from = users;',
      ].join('\n');
      expect(literals(text).flatMap((l) => tablesNamed(l.text)).sort()).toEqual(['agencies', 'consents']);
    });
  });
});
