import { CurrentViewer } from '../auth/current-viewer';
import type { Viewer } from '../auth/roles';
import { Arg, Args, Ctx, Field, FieldResolver, Float, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { propertiesAt } from '../shared/selection';
import type { Context } from '../context';
import { notFound, type RecordKind } from '../shared/errors';
import { listLocalized, LocalizedText, pickLocalized } from '../shared/i18n';
import { Connection, PageArgs } from '../shared/pagination';
import { protectedLocationField, visibleArea } from '../policy/confidential-locations';
import {
  Agency, Area, Capacity, Cost, IntakeContact, Location, OpeningHours, Partnership, Service, ServiceCategory, Verification,
} from './entities';
import { ServiceOrder, ServiceStatus } from './enums';
import {
  AgencyFilter, AreaFilter, CreateAgencyInput, CreateAreaInput, CreateLocationInput, CreateServiceInput, LocationFilter,
  ServiceFilter, UpdateAgencyInput, UpdateLocationInput, UpdateServiceInput,
} from './inputs';

@ObjectType('ServiceEdgeFields')
class ServiceEdgeFields {
  @Field(() => Float, { nullable: true, description: 'Km to the nearest location, when searching near a point; whole km for confidential locations' })
  distanceKm!: number | null;
  @Field({ description: 'True when the distance is to a confidential location and only approximate' })
  distanceApproximate!: boolean;
}

export const ServiceConnection = Connection(Service, 'Service', ServiceEdgeFields);
export const AgencyConnection = Connection(Agency, 'Agency');

@Resolver(() => ServiceConnection)
export class ServiceConnectionResolver {
  // every count is exact today (the search index counts every match in memory); the field lets a future
  // engine answer broad searches with an estimate without a breaking change
  @FieldResolver(() => Boolean, { description: 'True when totalCount is an estimate rather than the exact number of matches' })
  totalCountIsEstimate(@Root() connection: { countIsEstimate?: boolean }): boolean {
    return connection.countIsEstimate === true;
  }
}
export const AreaConnection = Connection(Area, 'Area');
export const LocationConnection = Connection(Location, 'Location');

const localizedArgs = { nullable: true, description: 'ISO 639-1 code; default: the Accept-Language header, then English' } as const;

async function mustFind<T>(value: Promise<T | null>, kind: RecordKind, id: string): Promise<T> {
  const found = await value;
  if (!found) throw notFound(kind, id);
  return found;
}

/**
 * The Service properties each field reads (its column, or what its resolver below looks at), so that a
 * search page reads only the columns of its selection (search.ts). A field missing here (the details,
 * the agreements, the sites...) makes the page read every column; a resolver reading a property missing
 * here throws on the page (db/hydrate listColumns), which the tests would show.
 */
export const SERVICE_READS: Readonly<Record<string, readonly string[]>> = {
  id: ['id'], name: ['names'], names: ['names'], description: ['descriptions'], descriptions: ['descriptions'], howToRefer: ['howToReferText'],
  agency: ['agencyId'], categories: ['id'], locations: ['id'], coverageAreas: ['id'], openingHours: ['openingHours'],
  capacity: ['capacityAvailable', 'capacityTotal', 'capacityUpdatedAt'], intakeContact: ['intakeContactData'], cost: ['costFree', 'costNote'],
  lastVerification: ['lastVerifiedAt', 'lastVerifiedBy', 'lastVerifiedNote'], populations: ['populations'], ageMin: ['ageMin'], ageMax: ['ageMax'],
  genders: ['genders'], languages: ['languages'], channels: ['channels'], status: ['status'], statusReason: ['statusReason'], timezone: ['timezone'],
  referralFields: ['referralFields'], verificationRequestedAt: ['verificationRequestedAt'], createdAt: ['createdAt'], createdBy: ['createdBy'],
  updatedAt: ['updatedAt'], updatedBy: ['updatedBy'], __typename: [],
};
const NODE_OF_EDGE = ['edges', 'node'] as const;

@Resolver(() => Service)
export class ServiceResolver {
  @Query(() => ServiceConnection, { description: 'Search the directory: who offers what, where, for whom' })
  async services(
    @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer,
    @Args() page: PageArgs,
    @Arg('filter', () => ServiceFilter, { nullable: true }) filter: ServiceFilter | null,
    @Arg('orderBy', () => ServiceOrder, { nullable: true }) orderBy: ServiceOrder | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ctx.services.directory.search(viewer, {
      filter: filter ?? {}, first: page.first, after: page.after, orderBy, lang: ctx.lang, properties: propertiesAt(info, NODE_OF_EDGE, SERVICE_READS),
    });
  }

  @Query(() => Service)
  service(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return mustFind(ctx.loaders.service.load(id), 'Service', id);
  }

  @Mutation(() => Service)
  createService(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: CreateServiceInput) {
    return ctx.services.directory.createService(viewer, input);
  }

  @Mutation(() => Service, { description: 'Change a service; fields left out stay as they are' })
  updateService(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: UpdateServiceInput) {
    return ctx.services.directory.updateService(viewer, input);
  }

  @Mutation(() => Service, { description: 'Record that the entry was checked and is correct today' })
  verifyService(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note: string | null) {
    return ctx.services.directory.verifyService(viewer, id, note);
  }

  @Mutation(() => Service)
  setServiceStatus(
    @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID) id: string,
    @Arg('status', () => ServiceStatus) status: ServiceStatus,
    @Arg('reason', () => String, { nullable: true, description: 'Required unless ACTIVE' }) reason: string | null,
  ) {
    return ctx.services.directory.setServiceStatus(viewer, id, status, reason);
  }

  @Mutation(() => Service, { description: 'Places available now, for the service or, with locationId, at one of its sites' })
  updateServiceCapacity(
    @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID) id: string,
    @Arg('available', () => Int) available: number,
    @Arg('total', () => Int, { nullable: true }) total: number | null,
    @Arg('locationId', () => ID, { nullable: true, description: 'A site of the service: its places only (the service then counts places per site)' }) locationId: string | null,
  ) {
    return ctx.services.directory.updateServiceCapacity(viewer, id, available, total ?? undefined, locationId);
  }

  @FieldResolver(() => String)
  name(@Root() s: Service, @Ctx() ctx: Context, @Arg('lang', () => String, localizedArgs) lang: string | null) {
    return pickLocalized(s.names, lang ?? ctx.lang) ?? '';
  }
  @FieldResolver(() => [LocalizedText]) names(@Root() s: Service) { return listLocalized(s.names); }
  @FieldResolver(() => String, { nullable: true })
  description(@Root() s: Service, @Ctx() ctx: Context, @Arg('lang', () => String, localizedArgs) lang: string | null) {
    return pickLocalized(s.descriptions, lang ?? ctx.lang);
  }
  @FieldResolver(() => [LocalizedText]) descriptions(@Root() s: Service) { return listLocalized(s.descriptions); }
  @FieldResolver(() => String, { nullable: true })
  howToRefer(@Root() s: Service, @Ctx() ctx: Context, @Arg('lang', () => String, localizedArgs) lang: string | null) {
    return pickLocalized(s.howToReferText, lang ?? ctx.lang);
  }
  @FieldResolver(() => Agency) agency(@Root() s: Service, @Ctx() ctx: Context) { return ctx.loaders.agency.load(s.agencyId); }
  @FieldResolver(() => [ServiceCategory]) categories(@Root() s: Service, @Ctx() ctx: Context) {
    return s.categoryCodes ? ctx.loaders.categoriesWithCodes(s.id, s.categoryCodes) : ctx.loaders.categoriesOfService.load(s.id);
  }
  @FieldResolver(() => [Location]) locations(@Root() s: Service, @Ctx() ctx: Context) { return ctx.loaders.locationsOfService.load(s.id); }
  @FieldResolver(() => [Area], { description: 'Areas covered beyond its locations' })
  coverageAreas(@Root() s: Service, @Ctx() ctx: Context) { return ctx.loaders.coverageAreasOfService.load(s.id); }
  @FieldResolver(() => [OpeningHours]) openingHours(@Root() s: Service) { return s.openingHours; }
  @FieldResolver(() => Capacity) capacity(@Root() s: Service): Capacity {
    return { available: s.capacityAvailable, total: s.capacityTotal, updatedAt: s.capacityUpdatedAt };
  }
  @FieldResolver(() => IntakeContact) intakeContact(@Root() s: Service): IntakeContact {
    return { name: s.intakeContactData.name ?? null, phone: s.intakeContactData.phone ?? null, email: s.intakeContactData.email ?? null };
  }
  @FieldResolver(() => Cost) cost(@Root() s: Service): Cost { return { free: s.costFree, note: s.costNote }; }
  @FieldResolver(() => Verification, { nullable: true, description: 'When and by whom the entry was last checked' })
  lastVerification(@Root() s: Service): Verification | null {
    return s.lastVerifiedAt ? { at: s.lastVerifiedAt, by: s.lastVerifiedBy ?? '', note: s.lastVerifiedNote } : null;
  }
}

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => Agency, { nullable: true, description: "The caller's agency (null if the token names an agency this server does not know)" })
  myAgency(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer) {
    return ctx.loaders.agency.load(viewer.agencyId);
  }

  @Query(() => AgencyConnection)
  agencies(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => AgencyFilter, { nullable: true }) filter: AgencyFilter | null) {
    return ctx.services.directory.listAgencies(filter ?? {}, page.first, page.after);
  }

  @Query(() => Agency)
  agency(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return mustFind(ctx.loaders.agency.load(id), 'Agency', id);
  }

  @Mutation(() => Agency)
  createAgency(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: CreateAgencyInput) {
    return ctx.services.directory.createAgency(viewer, input);
  }

  @Mutation(() => Agency)
  updateAgency(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: UpdateAgencyInput) {
    return ctx.services.directory.updateAgency(viewer, input);
  }

  @FieldResolver(() => String)
  name(@Root() a: Agency, @Ctx() ctx: Context, @Arg('lang', () => String, localizedArgs) lang: string | null) {
    return pickLocalized(a.names, lang ?? ctx.lang) ?? '';
  }
  @FieldResolver(() => [LocalizedText]) names(@Root() a: Agency) { return listLocalized(a.names); }
  @FieldResolver(() => String, { nullable: true })
  description(@Root() a: Agency, @Ctx() ctx: Context, @Arg('lang', () => String, localizedArgs) lang: string | null) {
    return pickLocalized(a.descriptions, lang ?? ctx.lang);
  }
  @FieldResolver(() => ServiceConnection, { description: 'Services this agency provides (all statuses)' })
  async services(@Root() a: Agency, @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs) {
    // no point to search near: every distance is null
    return ctx.services.directory.search(viewer, {
      filter: { agencyIds: [a.id], status: Object.values(ServiceStatus) }, first: page.first, after: page.after, orderBy: ServiceOrder.NAME, lang: ctx.lang,
    });
  }
}

@Resolver(() => Area)
export class AreaResolver {
  @Query(() => AreaConnection)
  areas(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => AreaFilter, { nullable: true }) filter: AreaFilter | null) {
    return ctx.services.directory.listAreas(filter ?? {}, page.first, page.after);
  }

  @Query(() => Area)
  area(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return mustFind(ctx.loaders.area.load(id), 'Area', id);
  }

  @Mutation(() => Area)
  createArea(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: CreateAreaInput) {
    return ctx.services.directory.createArea(viewer, input);
  }

  @FieldResolver(() => String)
  name(@Root() a: Area, @Ctx() ctx: Context, @Arg('lang', () => String, localizedArgs) lang: string | null) {
    return pickLocalized(a.names, lang ?? ctx.lang) ?? a.code;
  }
  @FieldResolver(() => [LocalizedText]) names(@Root() a: Area) { return listLocalized(a.names); }
  @FieldResolver(() => Area, { nullable: true }) parent(@Root() a: Area, @Ctx() ctx: Context) {
    return a.parentId ? ctx.loaders.area.load(a.parentId) : null;
  }
}

@Resolver(() => ServiceCategory)
export class ServiceCategoryResolver {
  @Query(() => [ServiceCategory], { description: 'The whole category tree, parents before children; retired categories only with includeRetired' })
  serviceCategories(@Ctx() ctx: Context, @Arg('includeRetired', { defaultValue: false }) includeRetired: boolean) {
    return ctx.services.categories.list(includeRetired);
  }

  @FieldResolver(() => String)
  name(@Root() c: ServiceCategory, @Ctx() ctx: Context, @Arg('lang', () => String, localizedArgs) lang: string | null) {
    return pickLocalized(c.names, lang ?? ctx.lang) ?? c.code;
  }
  @FieldResolver(() => [LocalizedText]) names(@Root() c: ServiceCategory) { return listLocalized(c.names); }
  @FieldResolver(() => ServiceCategory, { nullable: true }) parent(@Root() c: ServiceCategory, @Ctx() ctx: Context) {
    return c.parentCode ? ctx.loaders.category.load(c.parentCode) : null;
  }
  @FieldResolver(() => [ServiceCategory]) async children(@Root() c: ServiceCategory, @Ctx() ctx: Context, @Arg('includeRetired', { defaultValue: false }) includeRetired: boolean) {
    return (await ctx.loaders.categoryChildren.load(c.code)).filter((child) => includeRetired || !child.retired);
  }
}

@Resolver(() => Location)
export class LocationResolver {
  @Query(() => LocationConnection)
  locations(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs, @Arg('filter', () => LocationFilter, { nullable: true }) filter: LocationFilter | null) {
    return ctx.services.directory.listLocations(viewer, filter ?? {}, page.first, page.after);
  }

  @Query(() => Location)
  location(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return mustFind(ctx.loaders.location.load(id), 'Location', id);
  }

  @Mutation(() => Location)
  createLocation(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: CreateLocationInput) {
    return ctx.services.directory.createLocation(viewer, input);
  }

  @Mutation(() => Location)
  updateLocation(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: UpdateLocationInput) {
    return ctx.services.directory.updateLocation(viewer, input);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Null for a confidential location you may not see' })
  name(@Root() l: Location, @Ctx() ctx: Context, @Arg('lang', () => String, localizedArgs) lang: string | null) {
    return protectedLocationField(l, pickLocalized(l.names, lang ?? ctx.lang));
  }
  @FieldResolver(() => String, { nullable: true }) locality(@Root() l: Location) { return protectedLocationField(l, l.locality); }
  @FieldResolver(() => String, { nullable: true }) address(@Root() l: Location) { return protectedLocationField(l, l.address); }
  @FieldResolver(() => Float, { nullable: true }) latitude(@Root() l: Location) { return protectedLocationField(l, l.latitude); }
  @FieldResolver(() => Float, { nullable: true }) longitude(@Root() l: Location) { return protectedLocationField(l, l.longitude); }
  @FieldResolver(() => Boolean, { description: 'True when name, address and position are withheld from you' })
  detailsHidden(@Root() l: Location) { return protectedLocationField(l, true) === null; }
  @FieldResolver(() => Agency) agency(@Root() l: Location, @Ctx() ctx: Context) { return ctx.loaders.agency.load(l.agencyId); }
  @FieldResolver(() => Area, { description: 'For a confidential location you may not see, the area above its locality (district or wider)' })
  async area(@Root() l: Location, @Ctx() ctx: Context) {
    return visibleArea(l, await ctx.loaders.area.load(l.areaId), (id) => ctx.loaders.area.load(id));
  }
}

@Resolver(() => Partnership)
export class PartnershipResolver {
  @Query(() => [Partnership], { description: "An agency's partnerships, as provider or partner" })
  partnerships(
    @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer,
    @Arg('agencyId', () => ID) agencyId: string,
    @Arg('includeEnded', { defaultValue: false }) includeEnded: boolean,
  ) {
    return ctx.services.directory.listPartnerships(viewer, agencyId, includeEnded);
  }

  @Mutation(() => Partnership, { description: 'Let the partner agency see the addresses of the provider\'s confidential locations' })
  recordPartnership(
    @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer,
    @Arg('providerAgencyId', () => ID) providerAgencyId: string,
    @Arg('partnerAgencyId', () => ID) partnerAgencyId: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
  ) {
    return ctx.services.directory.recordPartnership(viewer, providerAgencyId, partnerAgencyId, note);
  }

  @Mutation(() => Partnership)
  endPartnership(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('reason') reason: string) {
    return ctx.services.directory.endPartnership(viewer, id, reason);
  }

  @FieldResolver(() => Agency) provider(@Root() p: Partnership, @Ctx() ctx: Context) { return ctx.loaders.agency.load(p.providerAgencyId); }
  @FieldResolver(() => Agency) partner(@Root() p: Partnership, @Ctx() ctx: Context) { return ctx.loaders.agency.load(p.partnerAgencyId); }
}
