import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

// getMetadata searches every entity on each call: a list page hydrates hundreds of rows
const metadataCache = new WeakMap<DataSource, Map<EntityTarget<any>, EntityMetadata>>();
function metadataOf(dataSource: DataSource, target: EntityTarget<any>): EntityMetadata {
  let byTarget = metadataCache.get(dataSource);
  if (!byTarget) metadataCache.set(dataSource, (byTarget = new Map()));
  let metadata = byTarget.get(target);
  if (!metadata) byTarget.set(target, (metadata = dataSource.getMetadata(target)));
  return metadata;
}

// Column types whose value the pg driver already gives as the entity holds it: TypeORM's PostgresDriver
// prepareHydratedValue leaves them as they are (parsed JSON, a parsed text[], a number)
const AS_READ = new Set<unknown>(['text', 'uuid', 'varchar', 'character varying', 'jsonb', 'json', 'int', 'integer', 'smallint', 'bigint',
  'double precision', 'float8', 'real', 'numeric', 'boolean', 'char', 'citext']);
// timestamps arrive as Dates from a column, as strings from JSON built in SQL: TypeORM makes a Date of a string
const TIMESTAMP = new Set<unknown>(['timestamptz', 'timestamp with time zone']);

interface HydrationPlan {
  metadata: EntityMetadata;
  /** Columns copied as read: [name in the row, property name, whether a string is a timestamp to make a Date of]. */
  direct: [string, string, boolean][];
  /** Columns that need TypeORM's conversion (transformers, embedded columns, other types), with their name in the row. */
  converted: [string, ColumnMetadata][];
}

/**
 * How rows holding these columns (each as `<prefix><column>`) become entities: a list page hydrates thousands
 * of columns, and asking TypeORM about each (type switch, embedded check) cost more than the copy.
 */
function planFor(metadata: EntityMetadata, columns: ColumnMetadata[], prefix = ''): HydrationPlan {
  const plain = (c: ColumnMetadata) => (AS_READ.has(c.type) || TIMESTAMP.has(c.type)) && !c.transformer && !c.embeddedMetadata && !c.isVirtual && !c.referencedColumn;
  return {
    metadata,
    direct: columns.filter(plain).map((c) => [prefix + c.databaseName, c.propertyName, TIMESTAMP.has(c.type)]),
    converted: columns.filter((c) => !plain(c)).map((c) => [prefix + c.databaseName, c]),
  };
}

/** Copies the plan's columns from the row into the entity; `onlyPresent`: skips those the row does not hold. */
function copyInto<T>(dataSource: DataSource, plan: HydrationPlan, entity: Record<string, unknown>, row: Record<string, unknown>, onlyPresent: boolean): T {
  for (const [name, property, timestamp] of plan.direct) {
    const value = row[name];
    if (value === undefined && onlyPresent && !(name in row)) continue;
    entity[property] = timestamp && typeof value === 'string' && value !== '' ? new Date(value) : value;
  }
  for (const [name, column] of plan.converted) {
    if (onlyPresent && !(name in row)) continue;
    column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(row[name], column));
  }
  return entity as T;
}

const plans = new WeakMap<DataSource, Map<EntityTarget<any>, HydrationPlan>>();
function planOf(dataSource: DataSource, target: EntityTarget<any>): HydrationPlan {
  let byTarget = plans.get(dataSource);
  if (!byTarget) plans.set(dataSource, (byTarget = new Map()));
  let plan = byTarget.get(target);
  if (!plan) {
    const metadata = metadataOf(dataSource, target);
    byTarget.set(target, (plan = planFor(metadata, metadata.columns)));
  }
  return plan;
}

/** Builds an entity from a raw SQL row (snake_case columns), applying TypeORM's type conversions and transformers. */
export function hydrate<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const plan = planOf(dataSource, target);
  return copyInto(dataSource, plan, plan.metadata.create(), row, true);
}

/** The entity's columns, qualified with a table alias, for raw SELECTs that feed hydrate(). */
export function selectColumns(dataSource: DataSource, target: EntityTarget<ObjectLiteral>, alias: string): string {
  return dataSource.getMetadata(target).columns.map((c) => `${alias}.${c.databaseName}`).join(', ');
}

/** Some of an entity's columns: the SQL that reads them, the prototype of the entities built from them, their hydration. */
interface ColumnSubset { select: string; prototype: object; plan: HydrationPlan }

const kept = new WeakMap<DataSource, Map<EntityTarget<any>, Map<string, unknown>>>();
const MAX_KEPT_PER_ENTITY = 400;

/**
 * What `make` builds for this entity and key (a column set), made once: the selections of requests are many
 * in theory, so only the first ones are kept; any other is built anew each time.
 */
function keptFor<V>(dataSource: DataSource, target: EntityTarget<any>, key: string, make: () => V): V {
  let byTarget = kept.get(dataSource);
  if (!byTarget) kept.set(dataSource, (byTarget = new Map()));
  let byKey = byTarget.get(target);
  if (!byKey) byTarget.set(target, (byKey = new Map()));
  let value = byKey.get(key) as V | undefined;
  if (value === undefined) {
    value = make();
    if (byKey.size < MAX_KEPT_PER_ENTITY) byKey.set(key, value);
  }
  return value;
}

/**
 * The columns of `properties` (and of no other property) of the entity. The entities built from them throw
 * when a column left out is read (a getter on their prototype), so a resolver that starts reading another
 * column fails loudly instead of answering undefined.
 */
function columnSubset(dataSource: DataSource, target: EntityTarget<any>, alias: string, properties: ReadonlySet<string>): ColumnSubset {
  const metadata = metadataOf(dataSource, target);
  const chosen = metadata.columns.filter((c) => properties.has(c.propertyName));
  return keptFor(dataSource, target, `subset ${alias}:${chosen.map((c) => c.propertyName).join(',')}`, () => {
    const prototype = Object.create((metadata.target as { prototype: object }).prototype);
    for (const column of metadata.columns) {
      if (properties.has(column.propertyName)) continue;
      Object.defineProperty(prototype, column.propertyName, {
        get() { throw new Error(`${metadata.name}.${column.propertyName} was not read by this statement (columnSubset)`); },
        // an entity may still be given a value for it later
        set(value: unknown) { Object.defineProperty(this, column.propertyName, { value, writable: true, enumerable: true, configurable: true }); },
      });
    }
    return { select: chosen.map((c) => `${alias}.${c.databaseName}`).join(', '), prototype, plan: planFor(metadata, chosen) };
  });
}

/**
 * The columns a list reads, under `alias`, and how each of its rows becomes an entity: with `properties`,
 * only the columns of those properties and of `always` (a column left out throws when read: columnSubset);
 * without, every column.
 */
export function listColumns<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>, alias: string, properties: ReadonlySet<string> | null | undefined, always: readonly string[] = []): { select: string; hydrate(row: Record<string, unknown>): T } {
  if (!properties) return { select: selectColumns(dataSource, target, alias), hydrate: (row) => hydrate(dataSource, target, row) };
  const subset = columnSubset(dataSource, target, alias, new Set([...always, ...properties]));
  return { select: subset.select, hydrate: (row) => copyInto(dataSource, subset.plan, Object.create(subset.prototype), row, false) };
}

/**
 * Entities from rows that hold some of their columns under `prefix` (a statement of another table bringing
 * them along): reads `databaseNames` only, each as `<prefix><column>`; the properties of other columns stay unset.
 */
export function prefixedReader<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>, databaseNames: readonly string[], prefix: string): (row: Record<string, unknown>) => T {
  const metadata = metadataOf(dataSource, target);
  const plan = keptFor(dataSource, target, `prefixed ${prefix}:${databaseNames.join(',')}`, () => {
    const wanted = new Set(databaseNames);
    return planFor(metadata, metadata.columns.filter((c) => wanted.has(c.databaseName)), prefix);
  });
  return (row) => copyInto(dataSource, plan, metadata.create(), row, false);
}
