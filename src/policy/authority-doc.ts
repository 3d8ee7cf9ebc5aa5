import { Access, CASE_FIELD_GROUPS, CASE_FIELDS, OPERATIONS, OPERATIONS_BY_RELATION, Relation, RELATION_MEANING, type RecordKind } from './authority';

export const AUTHORITY_BEGIN = '<!-- authority-table:begin (generated from src/policy/authority.ts by npm run docs:authority) -->';
export const AUTHORITY_END = '<!-- authority-table:end -->';

const SYMBOL: Record<Access, string> = { FULL: 'yes', AUDITED: 'audited', DISCLOSED: 'as disclosed', NONE: '–' };

/** The README's "Who sees what" section, rendered from the authority table. */
export function renderAuthorityTable(): string {
  const caseRelations = (Object.keys(CASE_FIELDS) as Relation[]).filter((r) => CASE_FIELD_GROUPS.some((g) => CASE_FIELDS[r][g] !== Access.NONE));
  const lines: string[] = [];
  lines.push('**Fields of a case**, by the reader\'s relation to it (every other relation: nothing). "audited": the read is written to the case\'s audit trail; "as disclosed": decided field by field at the moment of reading by the referral\'s state, the consent and the data-sharing agreement, and audited.');
  lines.push('');
  lines.push(`| relation | ${CASE_FIELD_GROUPS.map((g) => g.toLowerCase().replace('_', ' ')).join(' | ')} |`);
  lines.push(`|---|${CASE_FIELD_GROUPS.map(() => '---').join('|')}|`);
  for (const r of caseRelations) lines.push(`| ${RELATION_MEANING[r]} | ${CASE_FIELD_GROUPS.map((g) => SYMBOL[CASE_FIELDS[r][g]]).join(' | ')} |`);
  lines.push('');
  lines.push('**Operations**, by record and relation (a relation not listed may do nothing with that record):');
  lines.push('');
  lines.push('| record | relation | may |');
  lines.push('|---|---|---|');
  for (const kind of Object.keys(OPERATIONS) as RecordKind[]) {
    const table = OPERATIONS_BY_RELATION[kind] as Partial<Record<Relation, readonly string[]>>;
    for (const [relation, ops] of Object.entries(table) as [Relation, readonly string[]][]) {
      lines.push(`| ${kind} | ${RELATION_MEANING[relation]} | ${ops.length ? ops.join(', ') : '– (sees the referral, not the person)'} |`);
    }
  }
  return lines.join('\n');
}

/** The README with the section between the markers replaced by the rendered table. */
export function withAuthorityTable(readme: string): string {
  const start = readme.indexOf(AUTHORITY_BEGIN);
  const end = readme.indexOf(AUTHORITY_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${AUTHORITY_BEGIN} ... ${AUTHORITY_END} section`);
  return `${readme.slice(0, start + AUTHORITY_BEGIN.length)}\n${renderAuthorityTable()}\n${readme.slice(end)}`;
}
