/**
 * The change history of the directory: each write records who changed which fields of which entry, and when
 * (field names only, never values: the values are the entry itself, and earlier values may be personal or
 * confidential). A service's history shows its own changes and, since it was created, those of its agency and
 * of its locations, except a confidential location hidden from the reader (see policy/confidential-locations.ts).
 * Directory entries are open to every agency's staff, and so is their history.
 */
import DataLoader from 'dataloader';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../auth/roles';
import { encodeCursor, type Page } from '../shared/pagination';
import { isUuid } from '../shared/ids';
import { confidentialHiddenSql } from './confidential-sql';

export enum DirectorySubject {
  SERVICE = 'SERVICE',
  LOCATION = 'LOCATION',
  AGENCY = 'AGENCY',
  CATEGORY = 'CATEGORY',
}
registerEnumType(DirectorySubject, { name: 'DirectorySubject', description: 'The kind of directory entry a change was made to' });

export enum DirectoryChangeAction {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  CAPACITY_UPDATED = 'CAPACITY_UPDATED',
  VERIFIED = 'VERIFIED',
  VERIFICATION_REQUESTED = 'VERIFICATION_REQUESTED',
  RETIRED = 'RETIRED',
}
registerEnumType(DirectoryChangeAction, { name: 'DirectoryChangeAction' });

@ObjectType({ description: 'One write to a directory entry: who, when, which fields (names, not values)' })
export class DirectoryChange {
  @Field(() => ID) id!: string;
  @Field() at!: Date;
  @Field(() => String, { nullable: true, description: 'User id of who made the change' }) by!: string | null;
  byAgencyId!: string | null;
  @Field(() => DirectorySubject) subject!: DirectorySubject;
  @Field(() => ID, { description: 'Id of the service, location or agency (code of a category)' }) subjectId!: string;
  @Field(() => DirectoryChangeAction) action!: DirectoryChangeAction;
  @Field(() => [String], { description: 'Names of the fields written, as in the mutation\'s input' }) fields!: string[];
}

type Query = Pick<EntityManager, 'query'>;

/** Records one change to each of `subjectIds`, in the caller's transaction. One statement. */
export async function recordDirectoryChange(
  m: Query, viewer: Viewer | null, subject: DirectorySubject, subjectIds: string | string[], action: DirectoryChangeAction, fields: string[] = [],
): Promise<void> {
  const ids = Array.isArray(subjectIds) ? subjectIds : [subjectIds];
  if (!ids.length) return;
  await m.query(
    `INSERT INTO directory_changes (subject_type, subject_id, action, fields, changed_by, changed_by_agency_id)
     SELECT $1, unnest($2::text[]), $3, $4::text[], $5, $6::uuid`,
    [subject, ids, action, [...new Set(fields)].sort(), viewer?.userId ?? null, viewer?.agencyId ?? null],
  );
}

function toChange(row: any): DirectoryChange {
  return Object.assign(new DirectoryChange(), {
    id: String(row.id), at: new Date(row.changed_at), by: row.changed_by, byAgencyId: row.changed_by_agency_id,
    subject: row.subject_type, subjectId: row.subject_id, action: row.action, fields: row.fields ?? [],
  });
}

/**
 * Per request: a page of the history of each service asked for, newest first; services asked with the same
 * page arguments share one statement (the total comes with it, so totalCount costs nothing more).
 */
export function createHistoryLoader(db: DataSource, viewer: Viewer | null) {
  const viewerAgency = viewer?.agencyId ?? '00000000-0000-0000-0000-000000000000';
  return new DataLoader<string, Page<DirectoryChange>>(async (keys) => {
    const asked = keys.map((k) => JSON.parse(k) as { serviceId: string; first: number; offset: number });
    const pages = new Map<string, Page<DirectoryChange>>();
    const groups = new Map<string, { first: number; offset: number; ids: string[] }>();
    for (const a of asked) {
      const g = `${a.first}:${a.offset}`;
      if (!groups.has(g)) groups.set(g, { first: a.first, offset: a.offset, ids: [] });
      if (isUuid(a.serviceId)) groups.get(g)!.ids.push(a.serviceId);
    }
    for (const { first, offset, ids } of groups.values()) {
      const rows: any[] = ids.length ? await db.query(
        `WITH svc AS (SELECT s.id, s.agency_id, s.created_at FROM services s WHERE s.id = ANY($1::uuid[])),
         subjects AS (
           SELECT id AS sid, 'SERVICE' AS subject_type, id::text AS subject_id, NULL::timestamptz AS since FROM svc
           UNION ALL SELECT id, 'AGENCY', agency_id::text, created_at FROM svc
           UNION ALL SELECT svc.id, 'LOCATION', l.id::text, svc.created_at FROM svc
             JOIN service_locations sl ON sl.service_id = svc.id JOIN locations l ON l.id = sl.location_id
            WHERE NOT ${confidentialHiddenSql('l', '$4')})
         SELECT * FROM (
           SELECT x.sid, c.id, c.subject_type, c.subject_id, c.action, c.fields, c.changed_by, c.changed_by_agency_id, c.changed_at,
                  row_number() OVER (PARTITION BY x.sid ORDER BY c.changed_at DESC, c.id DESC) AS n,
                  count(*) OVER (PARTITION BY x.sid) AS total
             FROM subjects x JOIN directory_changes c ON c.subject_type = x.subject_type AND c.subject_id = x.subject_id
            WHERE x.since IS NULL OR c.changed_at >= x.since) h
         WHERE h.n > $2 AND h.n <= $2 + $3 + 1
         ORDER BY h.sid, h.n`,
        [ids, offset, first, viewerAgency],
      ) : [];
      for (const id of ids) {
        const mine = rows.filter((r) => r.sid === id);
        const total = mine.length ? Number(mine[0].total) : 0;
        const hasNextPage = mine.length > first;
        const edges = mine.slice(0, first).map((r, i) => ({ cursor: encodeCursor(offset + i + 1), node: toChange(r) }));
        pages.set(`${first}:${offset}:${id}`, {
          edges,
          pageInfo: { hasNextPage, hasPreviousPage: offset > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
          count: async () => total,
        });
      }
    }
    const empty = (offset: number): Page<DirectoryChange> => ({
      edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: offset > 0, startCursor: null, endCursor: null }, count: async () => 0,
    });
    return asked.map((a) => pages.get(`${a.first}:${a.offset}:${a.serviceId}`) ?? empty(a.offset));
  });
}

/** The loader's key for a page of a service's history. */
export const historyKey = (serviceId: string, first: number, offset: number) => JSON.stringify({ serviceId: serviceId.toLowerCase(), first, offset });
