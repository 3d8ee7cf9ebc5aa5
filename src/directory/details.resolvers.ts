import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { listLocalized, LocalizedText, pickLocalized, type Localized } from '../shared/i18n';
import { protectedLocationField } from '../policy/confidential-locations';
import {
  AccessibilityFeature, DOCUMENT_NAMES, FeeKind, RequiredDocumentType, ServiceStandard,
} from './details-enums';
import {
  Accessibility, CostOption, Eligibility, Fees, Interpretation, OutreachVisit, RequiredDocument, ServiceClosure, ServiceContact, ServiceSite,
  type SiteRow, type StoredClosure,
} from './details-types';
import { Area, Service } from './entities';
import { isOpenAt } from './schedule';

const langArg = { nullable: true, description: 'ISO 639-1 code; default: the Accept-Language header, then English' } as const;
const pick = (texts: Localized | null, lang: string | null, ctx: Context) => (texts ? pickLocalized(texts, lang ?? ctx.lang) : null);

/** The fee kind of a service: FREE when costFree, else what was stored (FEE for rows written before fees existed). */
export function feeKindOf(s: Pick<Service, 'costFree' | 'feeKind'>): FeeKind {
  if (s.costFree) return FeeKind.FREE;
  return s.feeKind === FeeKind.SLIDING_SCALE ? FeeKind.SLIDING_SCALE : FeeKind.FEE;
}

const closure = (c: StoredClosure, wholeService: boolean, hidden: boolean): ServiceClosure =>
  Object.assign(new ServiceClosure(), { from: c.from, to: c.to, wholeService, reasons: hidden && !wholeService ? null : c.reasons });

/** A site from its loader row and the service: the site's own values, else the service's. */
export function toSite(s: Service, row: SiteRow): ServiceSite {
  const hidden = row.location.hiddenForViewer !== false;
  const own = row.capacityAvailable !== null;
  return Object.assign(new ServiceSite(), {
    hidden,
    location: row.location,
    notesText: row.notes,
    openingHours: row.openingHours ?? s.openingHours,
    open24Hours: row.open24Hours ?? s.open24Hours,
    timezone: row.timezone ?? s.timezone,
    ownHours: row.openingHours !== null || row.open24Hours !== null,
    ownCapacity: own,
    capacity: own || s.capacityPerSite
      ? { available: row.capacityAvailable, total: row.capacityTotal, updatedAt: row.capacityUpdatedAt }
      : { available: s.capacityAvailable, total: s.capacityTotal, updatedAt: s.capacityUpdatedAt },
    allClosures: [...s.closuresData.map((c) => closure(c, true, hidden)), ...row.closures.map((c) => closure(c, false, hidden))]
      .sort((a, b) => a.from.localeCompare(b.from)),
  });
}

@Resolver(() => Service)
export class ServiceDetailsResolver {
  @FieldResolver(() => Eligibility) eligibility(@Root() s: Service): Eligibility {
    return Object.assign(new Eligibility(), {
      texts: s.eligibilityTexts, documentsRequired: s.documentsRequired, acceptsWithoutDocuments: s.acceptsUndocumented,
      nationalities: s.eligibleNationalities, excludedNationalities: s.excludedNationalities,
    });
  }
  @FieldResolver(() => [RequiredDocument], { description: 'What to bring' }) requiredDocuments(@Root() s: Service): RequiredDocument[] {
    return s.requiredDocumentsData.map((d) => Object.assign(new RequiredDocument(), d));
  }
  @FieldResolver(() => Fees) fees(@Root() s: Service): Fees {
    return Object.assign(new Fees(), { kind: feeKindOf(s), raw: s.costOptions, texts: s.feesTexts });
  }
  @FieldResolver(() => Accessibility) accessibility(@Root() s: Service): Accessibility {
    return Object.assign(new Accessibility(), { features: s.accessibilityFeatures as AccessibilityFeature[], texts: s.accessibilityTexts });
  }
  @FieldResolver(() => Interpretation) interpretation(@Root() s: Service): Interpretation {
    return Object.assign(new Interpretation(), {
      languages: s.interpretationLanguages, byPhone: s.interpretationByPhone, inPerson: s.interpretationInPerson, texts: s.interpretationTexts,
    });
  }
  @FieldResolver(() => [ServiceStandard], { description: 'Standards and guidelines the service applies' }) standards(@Root() s: Service) {
    return s.standardCodes;
  }
  @FieldResolver(() => [ServiceContact]) contacts(@Root() s: Service): ServiceContact[] {
    return s.contactsData.map((c) => Object.assign(new ServiceContact(), c, { timezone: s.timezone }));
  }
  @FieldResolver(() => [ServiceClosure], { description: 'Dates the whole service is closed; each site lists these and its own' }) closures(@Root() s: Service) {
    return s.closuresData.map((c) => closure(c, true, false));
  }
  @FieldResolver(() => [OutreachVisit], { description: 'Dates and places a mobile team visits, in date order' }) outreach(@Root() s: Service): OutreachVisit[] {
    return s.outreachData.map((v) => Object.assign(new OutreachVisit(), v));
  }
  @FieldResolver(() => [ServiceSite], { description: 'Where the service is delivered, with hours and capacity per location (HSDS service_at_location)' })
  async sites(@Root() s: Service, @Ctx() ctx: Context): Promise<ServiceSite[]> {
    return (await ctx.loaders.sitesOfService.load(s.id)).map((row) => toSite(s, row));
  }
}

@Resolver(() => Eligibility)
export class EligibilityResolver {
  @FieldResolver(() => String, { nullable: true }) description(@Root() e: Eligibility, @Ctx() ctx: Context, @Arg('lang', () => String, langArg) lang: string | null) {
    return pick(e.texts, lang, ctx);
  }
  @FieldResolver(() => [LocalizedText]) descriptions(@Root() e: Eligibility) { return listLocalized(e.texts); }
}

@Resolver(() => RequiredDocument)
export class RequiredDocumentResolver {
  @FieldResolver(() => String, { description: "The service's label, else the name of the type" })
  label(@Root() d: RequiredDocument, @Ctx() ctx: Context, @Arg('lang', () => String, langArg) lang: string | null) {
    return pick(d.labels, lang, ctx) ?? pickLocalized(DOCUMENT_NAMES[d.type as RequiredDocumentType], lang ?? ctx.lang);
  }
  @FieldResolver(() => [LocalizedText]) labels(@Root() d: RequiredDocument) { return listLocalized(d.labels); }
}

@Resolver(() => Fees)
export class FeesResolver {
  @FieldResolver(() => [CostOption], { description: 'Prices (HSDS cost_option); none when FREE' }) options(@Root() f: Fees): CostOption[] {
    return f.raw.map((o) => Object.assign(new CostOption(), { amount: o.amount, currency: o.currency, texts: o.descriptions }));
  }
  @FieldResolver(() => String, { nullable: true }) description(@Root() f: Fees, @Ctx() ctx: Context, @Arg('lang', () => String, langArg) lang: string | null) {
    return pick(f.texts, lang, ctx);
  }
  @FieldResolver(() => [LocalizedText]) descriptions(@Root() f: Fees) { return listLocalized(f.texts); }
}

@Resolver(() => CostOption)
export class CostOptionResolver {
  @FieldResolver(() => String, { nullable: true }) description(@Root() o: CostOption, @Ctx() ctx: Context, @Arg('lang', () => String, langArg) lang: string | null) {
    return pick(o.texts, lang, ctx);
  }
  @FieldResolver(() => [LocalizedText]) descriptions(@Root() o: CostOption) { return listLocalized(o.texts); }
}

@Resolver(() => Accessibility)
export class AccessibilityResolver {
  @FieldResolver(() => String, { nullable: true }) detail(@Root() a: Accessibility, @Ctx() ctx: Context, @Arg('lang', () => String, langArg) lang: string | null) {
    return pick(a.texts, lang, ctx);
  }
  @FieldResolver(() => [LocalizedText]) details(@Root() a: Accessibility) { return listLocalized(a.texts); }
}

@Resolver(() => Interpretation)
export class InterpretationResolver {
  @FieldResolver(() => String, { nullable: true }) note(@Root() i: Interpretation, @Ctx() ctx: Context, @Arg('lang', () => String, langArg) lang: string | null) {
    return pick(i.texts, lang, ctx);
  }
  @FieldResolver(() => [LocalizedText]) notes(@Root() i: Interpretation) { return listLocalized(i.texts); }
}

@Resolver(() => ServiceContact)
export class ServiceContactResolver {
  @FieldResolver(() => Boolean, { description: 'Answers at this instant (its hours, in the service\'s time zone)' })
  answersAt(@Root() c: ServiceContact, @Arg('at', () => Date) at: Date): boolean {
    return isOpenAt({ open24Hours: c.always, openingHours: c.hours, timezone: c.timezone, closures: [] }, at);
  }
}

@Resolver(() => ServiceClosure)
export class ServiceClosureResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Null for a closure of a confidential site you may not see' })
  reason(@Root() c: ServiceClosure, @Ctx() ctx: Context, @Arg('lang', () => String, langArg) lang: string | null) {
    return pick(c.reasons, lang, ctx);
  }
  @FieldResolver(() => [LocalizedText]) reasons(@Root() c: ServiceClosure) { return listLocalized(c.reasons); }
}

@Resolver(() => OutreachVisit)
export class OutreachVisitResolver {
  @FieldResolver(() => Area, { nullable: true }) area(@Root() v: OutreachVisit, @Ctx() ctx: Context) { return ctx.loaders.area.load(v.areaId); }
  @FieldResolver(() => String, { nullable: true }) place(@Root() v: OutreachVisit, @Ctx() ctx: Context, @Arg('lang', () => String, langArg) lang: string | null) {
    return pick(v.places, lang, ctx);
  }
  @FieldResolver(() => [LocalizedText]) places(@Root() v: OutreachVisit) { return listLocalized(v.places); }
}

@Resolver(() => ServiceSite)
export class ServiceSiteResolver {
  @FieldResolver(() => [ServiceClosure], { description: "Closures that apply here: the service's and this site's own" }) closures(@Root() site: ServiceSite) {
    return site.allClosures;
  }
  @FieldResolver(() => String, { nullable: true, description: 'Null for a confidential location you may not see' })
  note(@Root() site: ServiceSite, @Ctx() ctx: Context, @Arg('lang', () => String, langArg) lang: string | null) {
    return protectedLocationField(site.location, pick(site.notesText, lang, ctx));
  }
  @FieldResolver(() => [LocalizedText], { description: 'Empty for a confidential location you may not see' }) notes(@Root() site: ServiceSite) {
    return protectedLocationField(site.location, listLocalized(site.notesText)) ?? [];
  }
  @FieldResolver(() => Boolean, { description: 'Open at this instant at this site (hours, time zone and closures)' })
  openAt(@Root() site: ServiceSite, @Arg('at', () => Date) at: Date): boolean {
    return isOpenAt(scheduleOf(site), at);
  }
  @FieldResolver(() => Boolean, { description: 'Open now at this site (not cached: it changes with the clock)' }) openNow(@Root() site: ServiceSite): boolean {
    return isOpenAt(scheduleOf(site), new Date());
  }
}

const scheduleOf = (site: ServiceSite) => ({ open24Hours: site.open24Hours, openingHours: site.openingHours, timezone: site.timezone, closures: site.allClosures });
