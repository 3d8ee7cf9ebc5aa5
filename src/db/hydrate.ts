import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

// getMetadata searches every entity on each call: a list page hydrates hundreds of rows
const metadataCache = new WeakMap<DataSource, Map<EntityTarget<any>, EntityMetadata>>();
function metadataOf(dataSource: DataSource, target: EntityTarget<any>): EntityMetadata {
  let byTarget = metadataCache.get(dataSource);
  if (!byTarget) metadataCache.set(dataSource, (byTarget = new Map()));
  let metadata = byTarget.get(target);
  if (!metadata) byTarget.set(target, (metadata = dataSource.getMetadata(target)));
  return metadata;
}

/** Builds an entity from a raw SQL row (snake_case columns), applying TypeORM's type conversions and transformers. */
export function hydrate<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = metadataOf(dataSource, target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (column.databaseName in row) {
      column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(row[column.databaseName], column));
    }
  }
  return entity;
}

/** The entity's columns, qualified with a table alias, for raw SELECTs that feed hydrate(). */
export function selectColumns(dataSource: DataSource, target: EntityTarget<ObjectLiteral>, alias: string): string {
  return dataSource.getMetadata(target).columns.map((c) => `${alias}.${c.databaseName}`).join(', ');
}
