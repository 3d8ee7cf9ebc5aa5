/**
 * The category tree, managed by network admins. A code nests with dots ("health.srh" is under "health"): the
 * code says where a category sits, and every filter, MoU, SOP, pathway and statistic matches categories by
 * their codes, so a code never changes and a category is never deleted. To move one, create it under the new
 * parent, re-categorise the services and retire the old one.
 *
 * Retiring a category (with its sub-categories) keeps it on the services that have it, in their history and in
 * statistics, and a search by its code still finds them; it is no longer listed by serviceCategories (unless
 * includeRetired) nor accepted for services that do not have it yet.
 */
import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { writeTelling, type Changes } from '../db/change-feed';
import type { Viewer } from '../auth/roles';
import { hydrate, selectColumns } from '../db/hydrate';
import { badInput, conflict, notFound } from '../shared/errors';
import { LocalizedTextInput, toLocalized } from '../shared/i18n';
import { ServiceCategory } from './entities';
import { DirectoryChangeAction, DirectorySubject, recordDirectoryChange } from './history';
import { says } from '../shared/validation';

export const CATEGORY_CODE = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;

@InputType()
export class CreateServiceCategoryInput {
  @Field({ description: 'Lower-case letters, digits and _, nested with dots under the parent\'s code, e.g. "health.dental"' })
  @MaxLength(100) @Matches(CATEGORY_CODE, says('validation.categoryCode'))
  code!: string;
  @Field(() => [LocalizedTextInput], { description: 'The name in each language it is known in' })
  @ArrayMinSize(1, says('validation.nameInOneLanguage')) @ArrayMaxSize(20) @ValidateNested({ each: true })
  names!: LocalizedTextInput[];
  @Field(() => ID, { nullable: true, description: 'Optional check: the code before the last dot of code' }) @IsOptional() @MaxLength(100) parentCode?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0) @Max(10_000) sortOrder?: number;
  @Field(() => Boolean, { nullable: true, description: 'false brings a retired category back (not its sub-categories; its parent must be current); true retires it with its sub-categories, as retireServiceCategory' })
  @IsOptional() retired?: boolean;
}

@InputType({ description: 'Fields left out stay as they are; the code (and so the parent) never changes' })
export class UpdateServiceCategoryInput {
  @Field(() => [LocalizedTextInput], { nullable: true, description: 'Replaces every name: give each language it should be known in' })
  @IsOptional() @ArrayMinSize(1, says('validation.nameInOneLanguage')) @ArrayMaxSize(20) @ValidateNested({ each: true })
  names?: LocalizedTextInput[];
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0) @Max(10_000) sortOrder?: number;
  @Field(() => Boolean, { nullable: true, description: 'false brings a retired category back (not its sub-categories; its parent must be current); true retires it with its sub-categories, as retireServiceCategory' })
  @IsOptional() retired?: boolean;
}

export class CategoriesService {
  constructor(
    private readonly db: DataSource,
    /** Recomputes the search text of services (DirectoryService.refreshDerived): category names are part of it. */
    private readonly refreshServices: (m: EntityManager, serviceIds: string[]) => Promise<void>,
    private readonly changes?: Changes,
  ) {}

  /** Category writes change what searches show (names, the tree): cached answers are dropped, as for every directory write. */
  private write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return writeTelling(this.db, this.changes, work);
  }

  list(includeRetired: boolean): Promise<ServiceCategory[]> {
    return this.db.query(`SELECT ${selectColumns(this.db, ServiceCategory, 'c')} FROM service_categories c
      WHERE $1::boolean OR c.retired_at IS NULL ORDER BY c.code`, [includeRetired])
      .then((rows: Record<string, unknown>[]) => rows.map((r) => hydrate(this.db, ServiceCategory, r)));
  }

  async create(viewer: Viewer, input: CreateServiceCategoryInput): Promise<ServiceCategory> {
    const names = toLocalized(input.names);
    if (!Object.keys(names).length) throw badInput('input.names', 'directory.nameInOneLanguage');
    const dot = input.code.lastIndexOf('.');
    const parentCode = dot > 0 ? input.code.slice(0, dot) : null;
    if (input.parentCode !== undefined && input.parentCode !== null && input.parentCode !== parentCode) {
      throw parentCode ? badInput('input.parentCode', 'directory.parentMustBe', { parent: parentCode })
        : badInput('input.parentCode', 'directory.topLevelNoParent', { parent: input.parentCode, code: input.code });
    }
    return this.write(async (m) => {
      if (parentCode) {
        const [parent] = await m.query(`SELECT code, retired_at FROM service_categories WHERE code = $1 FOR SHARE`, [parentCode]);
        if (!parent) throw badInput('input.code', 'directory.parentNotCategory', { parent: parentCode });
        if (parent.retired_at) throw badInput('input.code', 'directory.parentRetired', { parent: parentCode });
      }
      const [row] = await m.query(
        `INSERT INTO service_categories (code, names, parent_code, sort_order) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [input.code, JSON.stringify(names), parentCode, input.sortOrder ?? 0],
      );
      if (!row) {
        const [existing] = await m.query(`SELECT retired_at FROM service_categories WHERE code = $1`, [input.code]);
        throw conflict(existing?.retired_at ? 'directory.categoryExistsRetired' : 'directory.categoryExists', { code: input.code });
      }
      await recordDirectoryChange(m, viewer, DirectorySubject.CATEGORY, input.code, DirectoryChangeAction.CREATED, ['code', 'names', ...(input.sortOrder !== undefined ? ['sortOrder'] : [])]);
      await recordAudit(m, viewer, 'category.created', 'category', input.code);
      return this.load(m, input.code);
    });
  }

  async update(viewer: Viewer, code: string, input: UpdateServiceCategoryInput): Promise<ServiceCategory> {
    const names = input.names ? toLocalized(input.names) : null;
    if (names && !Object.keys(names).length) throw badInput('input.names', 'directory.nameInOneLanguage');
    return this.write(async (m) => {
      const category = await this.lock(m, code);
      if (input.retired === true && !category.retiredAt) await this.retireIn(m, viewer, code);
      const fields: string[] = [];
      if (names) {
        await m.query(`UPDATE service_categories SET names = $2 WHERE code = $1`, [code, JSON.stringify(names)]);
        fields.push('names');
        // the names are part of the search text of the services in the category
        const services: { service_id: string }[] = await m.query(`SELECT service_id FROM service_category_links WHERE category_code = $1`, [code]);
        await this.refreshServices(m, services.map((s) => s.service_id));
      }
      if (input.sortOrder !== undefined && input.sortOrder !== null) {
        await m.query(`UPDATE service_categories SET sort_order = $2 WHERE code = $1`, [code, input.sortOrder]);
        fields.push('sortOrder');
      }
      if (input.retired === false && category.retiredAt) {
        // back in use; history and the services that kept it are as they were
        if (category.parentCode) {
          const [parent] = await m.query(`SELECT retired_at FROM service_categories WHERE code = $1 FOR SHARE`, [category.parentCode]);
          if (parent?.retired_at) throw badInput('input.retired', 'directory.parentRetired', { parent: category.parentCode });
        }
        await m.query(`UPDATE service_categories SET retired_at = NULL, retired_by = NULL WHERE code = $1`, [code]);
        fields.push('retiredAt');
      }
      if (fields.length) {
        await recordDirectoryChange(m, viewer, DirectorySubject.CATEGORY, code, DirectoryChangeAction.UPDATED, fields);
        await recordAudit(m, viewer, fields.includes('retiredAt') ? 'category.unretired' : 'category.updated', 'category', code, { fields });
      }
      return this.load(m, code);
    });
  }

  /** Retires the category and its sub-categories not retired yet. */
  async retire(viewer: Viewer, code: string): Promise<ServiceCategory> {
    return this.write(async (m) => {
      const category = await this.lock(m, code);
      if (category.retiredAt) throw conflict('directory.categoryRetired', { code, date: category.retiredAt.toISOString() });
      await this.retireIn(m, viewer, code);
      return this.load(m, code);
    });
  }

  /** Retires the category and its sub-categories not retired yet, in the caller's transaction. */
  private async retireIn(m: EntityManager, viewer: Viewer, code: string): Promise<void> {
    // starts_with, not LIKE: "_" is a wildcard of LIKE and a letter of codes
    // a CTE, so the driver returns the rows themselves (an UPDATE ... RETURNING comes back as [rows, count])
    const rows: { code: string }[] = await m.query(
      `WITH retired AS (
         UPDATE service_categories SET retired_at = now(), retired_by = $2
          WHERE (code = $1::text OR starts_with(code, $1::text || '.')) AND retired_at IS NULL RETURNING code)
       SELECT code FROM retired`,
      [code, viewer.userId],
    );
    const codes = rows.map((r) => r.code).sort();
    await recordDirectoryChange(m, viewer, DirectorySubject.CATEGORY, codes, DirectoryChangeAction.RETIRED, ['retiredAt']);
    await recordAudit(m, viewer, 'category.retired', 'category', code, { codes });
  }

  private async lock(m: EntityManager, code: string): Promise<ServiceCategory> {
    const [row] = typeof code === 'string' && code.length <= 100
      ? await m.query(`SELECT ${selectColumns(this.db, ServiceCategory, 'c')} FROM service_categories c WHERE c.code = $1 FOR UPDATE`, [code])
      : [];
    if (!row) throw notFound('Service category', code);
    return hydrate(this.db, ServiceCategory, row);
  }

  private async load(m: Pick<EntityManager, 'query'>, code: string): Promise<ServiceCategory> {
    const [row] = await m.query(`SELECT ${selectColumns(this.db, ServiceCategory, 'c')} FROM service_categories c WHERE c.code = $1`, [code]);
    return hydrate(this.db, ServiceCategory, row);
  }
}
