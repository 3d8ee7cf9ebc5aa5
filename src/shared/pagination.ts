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
export function toPage<R, T, E extends object = {}>(rows: R[], offset: number, first: number, count: () => Promise<number>, node: (row: R) => T, edge?: (row: R) => E): Page<T, E> {
  const hasNextPage = rows.length > first;
  const pageRows = rows.slice(0, first);
  const edges = pageRows.map((row, i) => ({ ...(edge ? edge(row) : ({} as E)), cursor: encodeCursor(offset + i + 1), node: node(row) }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
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
 * One page of a list query and, when asked, its total: `select` and `from` (with its WHERE) use the
 * placeholders $1..$n of `values`; the page's LIMIT and OFFSET are added after them. `countFrom`, when given,
 * counts the same rows (`from` without joins that only add columns).
 */
export async function pageQuery<T>(
  db: { query(sql: string, params: unknown[]): Promise<any> },
  q: { select: string; from: string; values: unknown[]; order: string; first: number; after?: string | null; countFrom?: string },
  map: (row: any) => T,
): Promise<Page<T>> {
  const offset = decodeCursor(q.after);
  const n = q.values.length;
  const rows = await db.query(`${q.select} ${q.from} ORDER BY ${q.order} LIMIT $${n + 1} OFFSET $${n + 2}`, [...q.values, q.first + 1, offset]);
  // countFrom: the same rows without the joins that only bring columns along
  return toPage(rows, offset, q.first, async () => Number((await db.query(`SELECT count(*)::int AS n ${q.countFrom ?? q.from}`, q.values))[0].n), map);
}
