import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Max, Min, MaxLength } from 'class-validator';
import { badInput } from './errors';

export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  @MaxLength(200)
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** Cursors are opaque to clients; inside they are a position in an ordered, stable list. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

/** A keyset cursor: the ordering keys of the last row of a page, as PostgreSQL wrote them. */
function encodeKeysetCursor(keys: string[]): string {
  return Buffer.from(`k:${JSON.stringify(keys)}`).toString('base64url');
}

/** Where a page starts: after a number of rows (offset cursors), or after the row with these keys. */
type Position = { offset: number; keys?: undefined } | { offset: 0; keys: string[] };

/** Each key type's values as PostgreSQL writes them (`::text`): a cursor holding anything else was not ours. */
const KEY_SHAPE: Record<Keyset['keys'][number]['type'], RegExp> = {
  int: /^-?\d{1,18}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  timestamptz: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/,
  text: /^[^\u0000]{0,100}$/,
};

function decodePosition(cursor: string | null | undefined, types: Keyset['keys'][number]['type'][], field = 'after'): Position {
  if (cursor === null || cursor === undefined) return { offset: 0 };
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (text.startsWith('k:')) {
    let keys: unknown;
    try {
      keys = JSON.parse(text.slice(2));
    } catch {
      keys = null;
    }
    if (!Array.isArray(keys) || keys.length !== types.length || !keys.every((k, i) => typeof k === 'string' && KEY_SHAPE[types[i]].test(k))) throw badInput(field, 'shared.badCursor');
    return { offset: 0, keys };
  }
  return { offset: decodeCursor(cursor, field) };
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): number {
  if (cursor === null || cursor === undefined) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badInput(field, 'shared.badCursor');
  return Number(match[1]);
}

/** `E`: fields of each edge beside cursor and node (e.g. a search hit's distance). */
export interface Page<T, E extends object = {}> {
  edges: ({ cursor: string; node: T } & E)[];
  pageInfo: PageInfo;
  /** Counts all matching items; run only when totalCount is asked for (it costs a second statement). */
  count: () => Promise<number>;
}

/**
 * Turns `first + 1` fetched rows into a page; the extra row only tells whether there is a next page.
 * `edge` gives each edge's own fields beside cursor and node.
 */
export function toPage<R, T, E extends object = {}>(rows: R[], offset: number, first: number, count: () => Promise<number>, node: (row: R) => T, edge?: (row: R) => E,
  cursorOf: (row: R, index: number) => string = (_row, i) => encodeCursor(offset + i + 1)): Page<T, E> {
  const hasNextPage = rows.length > first;
  const pageRows = rows.slice(0, first);
  // cursors are made when read: most pages ask for the end cursor at most, not one per edge
  const edges = pageRows.map((row, i) => {
    let cursor: string | undefined;
    return { ...(edge ? edge(row) : ({} as E)), get cursor() { return (cursor ??= cursorOf(row, i)); }, node: node(row) };
  });
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: offset > 0,
      get startCursor() { return edges[0]?.cursor ?? null; },
      get endCursor() { return edges[edges.length - 1]?.cursor ?? null; },
    },
    count: () => (counted ??= count()),
  };
}

/** A Relay connection type for a node type: `XConnection { edges { cursor node } pageInfo totalCount }`. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string, EdgeBase?: ClassType<object>) {
  const Base = (EdgeBase ?? class {}) as ClassType<object>;
  @ObjectType(`${name}Edge`)
  class Edge extends Base {
    @Field() cursor!: string;
    @Field(() => nodeType) node!: T;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    count!: () => Promise<number>;
    @Field(() => Int, { description: 'All items matching the filter, on every page' })
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return ConnectionClass;
}

/**
 * Paging by the list's ordering keys (keyset): the next page starts after the last row's keys, found through
 * the index of that order, so a deep page costs what the first does, and rows added or removed before it
 * (a new emergency referral at the top of an inbox) neither repeat an item on the next page nor skip one.
 * `keys`: each ORDER BY expression (never NULL) with its PostgreSQL type, `desc` where it descends.
 * Cursors of the offset form, given out before, still work.
 */
export interface Keyset {
  keys: { sql: string; type: 'int' | 'timestamptz' | 'uuid' | 'text'; desc?: boolean }[];
}

/** Rows after `values` in the order of `keys`, with `param` turning each value into a placeholder. */
function afterKeys(keys: Keyset['keys'], values: string[], param: (value: string) => string): string {
  const placeholders = keys.map((k, i) => `${param(values[i])}::${k.type}`);
  if (keys.every((k) => Boolean(k.desc) === Boolean(keys[0].desc))) {
    // one direction: a row comparison, which the index of the order answers as one range
    return `(${keys.map((k) => k.sql).join(', ')}) ${keys[0].desc ? '<' : '>'} (${placeholders.join(', ')})`;
  }
  return keys.map((k, i) => [...keys.slice(0, i).map((e, j) => `${e.sql} = ${placeholders[j]}`), `${k.sql} ${k.desc ? '<' : '>'} ${placeholders[i]}`].join(' AND '))
    .map((c) => `(${c})`).join(' OR ');
}

/**
 * One page of a list query and, when asked, its total: `select` and `from` (with its WHERE) use the
 * placeholders $1..$n of `values`; the page's LIMIT and OFFSET are added after them. `countFrom`, when given,
 * counts the same rows (`from` without joins that only add columns). `keyset`: page by the order's keys
 * (then `from` must end with its WHERE clause).
 */
export async function pageQuery<T>(
  db: { query(sql: string, params: unknown[]): Promise<any> },
  q: { select: string; from: string; values: unknown[]; order: string; first: number; after?: string | null; countFrom?: string; keyset?: Keyset },
  map: (row: any) => T,
): Promise<Page<T>> {
  const count = async () => Number((await db.query(`SELECT count(*)::int AS n ${q.countFrom ?? q.from}`, q.values))[0].n);
  if (!q.keyset) {
    const offset = decodeCursor(q.after);
    const n = q.values.length;
    const rows = await db.query(`${q.select} ${q.from} ORDER BY ${q.order} LIMIT $${n + 1} OFFSET $${n + 2}`, [...q.values, q.first + 1, offset]);
    // countFrom: the same rows without the joins that only bring columns along
    return toPage(rows, offset, q.first, count, map);
  }
  const { keys } = q.keyset;
  const position = decodePosition(q.after, keys.map((k) => k.type));
  const values = [...q.values];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = position.keys ? ` AND (${afterKeys(keys, position.keys, param)})` : '';
  const keyColumns = keys.map((k, i) => `(${k.sql})::text AS page_key_${i}`).join(', ');
  const limit = param(q.first + 1);
  const offset = param(position.offset);
  const rows: any[] = await db.query(`${q.select}, ${keyColumns} ${q.from}${where} ORDER BY ${q.order} LIMIT ${limit} OFFSET ${offset}`, values);
  const page = toPage(rows, position.offset, q.first, count, map, undefined, (row) => encodeKeysetCursor(keys.map((_, k) => row[`page_key_${k}`])));
  page.pageInfo.hasPreviousPage ||= position.keys !== undefined;
  return page;
}
