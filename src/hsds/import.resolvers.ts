import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../auth/current-viewer';
import type { Viewer } from '../auth/roles';
import type { Context } from '../context';
import { badInput, notFound } from '../shared/errors';
import { Connection, PageArgs } from '../shared/pagination';
import { listTermMappings, setTermMapping } from './import-terms';
import { HsdsFormat, HsdsImport, HsdsImportRecord, HsdsOutcome, HsdsTermMapping, ImportHsdsInput } from './import-types';

export const HsdsImportRecordConnection = Connection(HsdsImportRecord, 'HsdsImportRecord');
export const HsdsTermMappingConnection = Connection(HsdsTermMapping, 'HsdsTermMapping');

/** Unpacked, a zip sent through the API is at most this large (the CLI takes larger packages). */
const MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;

@Resolver(() => HsdsImport)
export class HsdsImportResolver {
  @Mutation(() => HsdsImport, {
    description: 'NETWORK_ADMIN: import an HSDS 3.0 data package into the directory (see the README, "Importing"). Each record is validated against the HSDS schemas and '
      + 'imported in its own transaction; the report says per record what was created, updated, left unchanged, skipped or found invalid, and why. Start with dryRun. '
      + 'The same package twice changes nothing the second time; importing it again after an interruption continues the run. The request body is limited (BODY_LIMIT): '
      + 'larger packages go through npm run hsds:import',
  })
  async importHsds(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input', () => ImportHsdsInput) input: ImportHsdsInput): Promise<HsdsImport> {
    if (input.format === HsdsFormat.CSV_ZIP && !/^[A-Za-z0-9+/=\s]*$/.test(input.content)) throw badInput('input.content', 'hsdsImport.base64');
    const { pkg, sha256 } = await ctx.services.hsdsImport.readPackage(input.content, input.format, MAX_UNCOMPRESSED_BYTES);
    return ctx.services.hsdsImport.run(viewer, pkg, sha256, input.format, {
      dryRun: input.dryRun, language: input.language ?? 'en', defaultCountryCode: input.defaultCountryCode ?? null,
      defaultCategoryCode: input.defaultCategoryCode ?? null, timezone: input.timezone ?? null,
    });
  }

  @Query(() => HsdsImport, { description: 'NETWORK_ADMIN: an import run and its report; while it runs, counts.done tells how far it is' })
  async hsdsImport(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<HsdsImport> {
    const run = await ctx.services.hsdsImport.get(id);
    if (!run) throw notFound('HSDS import', id);
    return run;
  }

  @FieldResolver(() => HsdsImportRecordConnection, { description: 'Per record, in package order; outcomes: only these (e.g. [INVALID, SKIPPED])' })
  records(@Ctx() ctx: Context, @Root() report: HsdsImport, @Args() page: PageArgs,
    @Arg('outcomes', () => [HsdsOutcome], { nullable: true }) outcomes: HsdsOutcome[] | null) {
    return ctx.services.hsdsImport.records(report, outcomes, page.first, page.after);
  }

  @Query(() => HsdsTermMappingConnection, { description: 'NETWORK_ADMIN: the taxonomy terms of other systems and the categories they stand for in imports' })
  hsdsTermMappings(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('taxonomy', () => String, { nullable: true }) taxonomy: string | null) {
    return listTermMappings(ctx.db, page.first, page.after, taxonomy);
  }

  @Mutation(() => HsdsTermMapping, {
    description: 'NETWORK_ADMIN: the category a taxonomy term of another system stands for in HSDS imports; categoryCode null ignores the term on purpose. '
      + 'Terms of mrn-service-categories are our category codes and need no mapping',
  })
  setHsdsTermMapping(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('taxonomy') taxonomy: string, @Arg('termCode') termCode: string,
    @Arg('categoryCode', () => String, { nullable: true }) categoryCode: string | null) {
    return setTermMapping(ctx.db, viewer, taxonomy, termCode, categoryCode);
  }
}
