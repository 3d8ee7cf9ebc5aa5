import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { CurrentViewer } from '../auth/current-viewer';
import type { Viewer } from '../auth/roles';
import type { Context } from '../context';
import { badInput } from '../shared/errors';
import { LANGUAGE_CODE } from '../shared/i18n';
import { areaByIdOrCode, categoriesByCode, slipServices } from './printable';
import { printLanguage } from './printable-labels';
import { directoryScope, directoryUrl, signDirectoryLink, signSlipLink, slipScope, slipUrl } from './printable-page';

@ObjectType({ description: 'A short-lived signed link to a printable page of the directory' })
class PrintableLink {
  @Field({ description: 'Open in a browser; works without a bearer token until it expires' }) url!: string;
  @Field() expiresAt!: Date;
  @Field({ description: "The language of the page's own words (en, fr, ar); the services' texts are in lang where they have a translation" }) language!: string;
}

const langArg = { nullable: true, description: 'ISO 639-1 code: the page\'s words in en, fr or ar (else English), the services\' texts in this language where they have it (else English)' } as const;

function checkLang(lang: string | null): string | null {
  if (lang === null || lang === undefined) return null;
  const l = lang.toLowerCase();
  if (!LANGUAGE_CODE.test(l)) throw badInput('lang', 'printable.languageCode');
  return l;
}

@Resolver()
export class PrintableDirectoryResolver {
  @Mutation(() => PrintableLink, { description: 'A link (10 minutes) to /reports/directory: the services of an area, grouped by category, to print on A4; what it shows is decided for you (confidential addresses you may not see are never on it)' })
  async createDirectoryReportLink(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer,
    @Arg('areaId', () => ID, { description: 'An area id (or code): services delivered in or covering it' }) areaId: string,
    @Arg('lang', () => String, langArg) lang: string | null,
    @Arg('categories', () => [ID], { nullable: true, description: 'Category codes (each with its sub-categories); default: all' }) categories: string[] | null): Promise<PrintableLink> {
    const language = checkLang(lang);
    const area = await areaByIdOrCode(ctx.db, areaId.trim());
    const scope = directoryScope(area.id, categories ?? []);
    await categoriesByCode(ctx.db, scope.categories);
    const { token, expiresAt } = await signDirectoryLink(ctx.config, viewer, scope);
    return { url: directoryUrl(scope, language, token), expiresAt, language: printLanguage(language) };
  }

  @Mutation(() => PrintableLink, { description: 'A link (10 minutes) to /reports/service-slip: one A4 page for a migrant with where to go, when, what to bring and whom to call; it names services only, and never a confidential address' })
  async createServiceSlipLink(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer,
    @Arg('serviceIds', () => [ID], { description: 'One to three services, in the order to print them' }) serviceIds: string[],
    @Arg('lang', () => String, langArg) lang: string | null): Promise<PrintableLink> {
    const language = checkLang(lang);
    const scope = slipScope(serviceIds);
    await slipServices(ctx.db, scope.serviceIds);
    const { token, expiresAt } = await signSlipLink(ctx.config, viewer, scope);
    return { url: slipUrl(scope, language, token), expiresAt, language: printLanguage(language) };
  }
}
