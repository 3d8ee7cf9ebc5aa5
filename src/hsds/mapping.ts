/**
 * Our directory rows → HSDS 3.0 objects (docs/hsds-mapping.md has the table, field by field). Pure: the
 * rows come loaded (src/hsds/export.service.ts, through src/directory/export.ts), so a page of any size
 * costs the same statements. Texts are picked in one language (`lang`, else English, else any).
 *
 * Confidential locations never reach this file (src/directory/export.ts leaves them out in SQL); the
 * structured values HSDS has no field for travel as attributes of our taxonomies (taxonomy.ts), so an
 * import of our own export loses nothing but the other languages and the confidential sites.
 */
import { ContactRole, DOCUMENT_NAMES, FeeKind, type RequiredDocumentType, STANDARD_NAMES, type ServiceStandard } from '../directory/details-enums';
import type { SiteRow, StoredClosure, StoredContact, StoredHours, StoredOutreachVisit } from '../directory/details-types';
import type { Agency, Area, Location, Service, ServiceCategory } from '../directory/entities';
import { FacilityType, ISO_WEEKDAY, ServiceStatus, Weekday } from '../directory/enums';
import type { ServiceRelations } from '../directory/export';
import { pickLocalized, type Localized } from '../shared/i18n';
import { hsdsId, serviceAtLocationId } from './ids';
import { categoryTerm, drop, fixedTerm, Property, ScheduleKind, TAXONOMY } from './taxonomy';
import type {
  HsdsAccessibility, HsdsAddress, HsdsAttribute, HsdsContact, HsdsCostOption, HsdsLanguage, HsdsLocation, HsdsOrganization, HsdsPhone,
  HsdsRequiredDocument, HsdsSchedule, HsdsService, HsdsServiceArea, HsdsServiceAtLocation, HsdsTaxonomyTerm,
} from './types';

export * from './taxonomy';
export { hsdsId, nameUuid, serviceAtLocationId } from './ids';

/** What the mapping needs besides the row itself, loaded once per page. */
export interface MappingContext {
  /** ISO 639-1 code of the language texts are picked in. */
  lang: string;
  /** Areas by id, with every area above them. */
  areas: Map<string, Area>;
  agencies: Map<string, Agency>;
  /** Categories by code. */
  categories: Map<string, ServiceCategory>;
}

/** A service with what is exported with it. */
export interface ServiceBundle {
  service: Service;
  lastModified: Date;
  relations: ServiceRelations;
}

// ---- vocabularies ----------------------------------------------------------------------------

export const HSDS_STATUS: Record<ServiceStatus, HsdsService['status']> = {
  ACTIVE: 'active', TEMPORARILY_CLOSED: 'temporarily closed', INACTIVE: 'inactive',
};
/** Our status of an HSDS status (defunct services are inactive here). */
export const STATUS_OF_HSDS: Record<HsdsService['status'], ServiceStatus> = {
  active: ServiceStatus.ACTIVE, 'temporarily closed': ServiceStatus.TEMPORARILY_CLOSED, inactive: ServiceStatus.INACTIVE, defunct: ServiceStatus.INACTIVE,
};

/** HSDS (RFC 5545) day codes of our weekdays, and back. */
export const DAY_CODE: Record<Weekday, string> = {
  MONDAY: 'MO', TUESDAY: 'TU', WEDNESDAY: 'WE', THURSDAY: 'TH', FRIDAY: 'FR', SATURDAY: 'SA', SUNDAY: 'SU',
};
export const WEEKDAY_OF_CODE: Record<string, Weekday> = Object.fromEntries(Object.entries(DAY_CODE).map(([d, c]) => [c, d as Weekday]));

/** The note of a language a service's staff speak, and the start of the note of one it offers interpretation into. */
export const LANGUAGE_NOTE_SPOKEN = 'Spoken by staff';
export const LANGUAGE_NOTE_INTERPRETATION = 'Interpretation';

/** The fee kind of a service: FREE when costFree, else what was stored (FEE for rows written before fees existed). */
function feeKind(s: Service): FeeKind {
  if (s.costFree) return FeeKind.FREE;
  return s.feeKind === FeeKind.SLIDING_SCALE ? FeeKind.SLIDING_SCALE : FeeKind.FEE;
}

const text = (value: Localized | null | undefined, lang: string): string | undefined => pickLocalized(value, lang)?.trim() || undefined;
const time = (hhmm: string) => (hhmm.length === 5 ? `${hhmm}:00` : hhmm);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const email = (value: string | null | undefined) => (value && EMAIL.test(value) ? value : undefined);
function url(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

const languageNames = new Map<string, Intl.DisplayNames>();
/** The name of a language (ISO 639 code) in `lang`; the code itself when unknown. */
export function languageName(code: string, lang: string): string {
  try {
    let names = languageNames.get(lang);
    if (!names) languageNames.set(lang, (names = new Intl.DisplayNames([lang, 'en'], { type: 'language', fallback: 'code' })));
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** What interpretation_services says of a service without a note of its own (an import of it recognises the sentence and stores no note). */
export function interpretationSentence(languages: string[], byPhone: boolean, inPerson: boolean, lang: string): string | undefined {
  if (!languages.length) return undefined;
  return `Interpretation into ${languages.map((c) => languageName(c, lang)).join(', ')}${byPhone ? ', by phone' : ''}${inPerson ? ', in person' : ''}`;
}

// ---- attributes --------------------------------------------------------------------------------

function attribute(linkId: string, linkEntity: string, term: HsdsTaxonomyTerm, value?: string): HsdsAttribute {
  return drop({ id: hsdsId('attribute', linkId, term.id, value ?? ''), link_id: linkId, link_entity: linkEntity, taxonomy_term_id: term.id, value, taxonomy_term: term });
}
const property = (linkId: string, linkEntity: string, p: Property, value: string | number | boolean) =>
  attribute(linkId, linkEntity, fixedTerm(TAXONOMY.PROPERTIES, p), String(value));

// ---- schedules ---------------------------------------------------------------------------------

interface ScheduleOwner { service_id?: string; service_at_location_id?: string; key: string; timezone: string }

function scheduleAttributes(id: string, kind: ScheduleKind, timezone: string, extra: HsdsAttribute[] = []): HsdsAttribute[] {
  return [attribute(id, 'schedule', fixedTerm(TAXONOMY.SCHEDULE_KINDS, kind)), property(id, 'schedule', Property.TIMEZONE, timezone), ...extra];
}

/** Weekly hours, one schedule per opening and closing time with the days that share them (byday "MO,TU"). */
export function weeklySchedules(owner: ScheduleOwner, hours: StoredHours[], open24Hours: boolean): HsdsSchedule[] {
  const { key, timezone, ...link } = owner;
  if (open24Hours) {
    const id = hsdsId('schedule', key, 'open_24_hours');
    return [drop({
      id, ...link, freq: 'WEEKLY' as const, wkst: 'MO' as const, interval: 1, byday: Object.values(DAY_CODE).join(','), opens_at: '00:00:00', closes_at: '23:59:59',
      description: `Open 24 hours, every day (${timezone})`, attributes: scheduleAttributes(id, ScheduleKind.OPEN_24_HOURS, timezone),
    })];
  }
  const groups = new Map<string, StoredHours[]>();
  for (const h of [...hours].sort((a, b) => ISO_WEEKDAY[a.day] - ISO_WEEKDAY[b.day])) {
    const k = `${h.opens}-${h.closes}`;
    groups.set(k, [...(groups.get(k) ?? []), h]);
  }
  return [...groups.entries()].map(([k, list]) => {
    const id = hsdsId('schedule', key, 'hours', k);
    const byday = [...new Set(list.map((h) => DAY_CODE[h.day]))].join(',');
    return drop({
      id, ...link, freq: 'WEEKLY' as const, wkst: 'MO' as const, interval: 1, byday, opens_at: time(list[0].opens), closes_at: time(list[0].closes),
      description: `Open ${byday} ${list[0].opens}-${list[0].closes} (${timezone})`, attributes: scheduleAttributes(id, ScheduleKind.OPENING_HOURS, timezone),
    });
  });
}

/** Closures (a holiday, a move): valid_from and valid_to, both days included. */
export function closureSchedules(owner: ScheduleOwner, closures: StoredClosure[], lang: string): HsdsSchedule[] {
  const { key, timezone, ...link } = owner;
  return closures.map((c) => {
    const id = hsdsId('schedule', key, 'closure', c.from, c.to);
    const reason = text(c.reasons, lang);
    return drop({
      id, ...link, valid_from: c.from, valid_to: c.to, description: `Closed ${c.from === c.to ? `on ${c.from}` : `from ${c.from} to ${c.to}`}${reason ? `: ${reason}` : ''}`,
      notes: reason, attributes: scheduleAttributes(id, ScheduleKind.CLOSURE, timezone),
    });
  });
}

function outreachSchedules(owner: ScheduleOwner, visits: StoredOutreachVisit[], ctx: MappingContext): HsdsSchedule[] {
  const { key, timezone, ...link } = owner;
  return visits.map((v) => {
    const id = hsdsId('schedule', key, 'outreach', v.date, v.opens, v.areaId);
    const area = ctx.areas.get(v.areaId);
    const place = text(v.places, ctx.lang);
    const where = [place, area ? areaName(area, ctx.lang) : undefined].filter(Boolean).join(', ');
    return drop({
      id, ...link, dtstart: v.date, valid_from: v.date, valid_to: v.date, count: 1, opens_at: time(v.opens), closes_at: time(v.closes),
      attending_type: 'in person', description: `Outreach visit on ${v.date}, ${v.opens}-${v.closes}${where ? `: ${where}` : ''}`, notes: place,
      attributes: scheduleAttributes(id, ScheduleKind.OUTREACH_VISIT, timezone, area ? [property(id, 'schedule', Property.AREA_CODE, area.code)] : []),
    });
  });
}

// ---- contacts ----------------------------------------------------------------------------------

/** "Answers MO,TU,WE,TH,FR 08:00-17:00; SA 09:00-12:00 (Africa/Niamey)", or "Answers around the clock"; parseContactHours reads it back. */
export function contactHoursText(hours: StoredHours[], always: boolean, timezone: string): string | undefined {
  if (always) return 'Answers around the clock';
  if (!hours.length) return undefined;
  const groups = new Map<string, Weekday[]>();
  for (const h of [...hours].sort((a, b) => ISO_WEEKDAY[a.day] - ISO_WEEKDAY[b.day])) groups.set(`${h.opens}-${h.closes}`, [...(groups.get(`${h.opens}-${h.closes}`) ?? []), h.day]);
  return `Answers ${[...groups.entries()].map(([span, days]) => `${days.map((d) => DAY_CODE[d]).join(',')} ${span}`).join('; ')} (${timezone})`;
}

/** The hours of a contact line from contactHoursText's text; null when the text is not one. */
export function parseContactHours(value: string | undefined): { always: boolean; hours: StoredHours[] } | null {
  if (!value) return null;
  if (/^Answers around the clock/.test(value)) return { always: true, hours: [] };
  const m = /^Answers (.+?)(?: \([^)]*\))?$/.exec(value.trim());
  if (!m) return null;
  const hours: StoredHours[] = [];
  for (const part of m[1].split(';')) {
    const g = /^\s*([A-Z,]+) (\d\d:\d\d)-(\d\d:\d\d)\s*$/.exec(part);
    if (!g) return null;
    for (const code of g[1].split(',')) {
      const day = WEEKDAY_OF_CODE[code];
      if (!day) return null;
      hours.push({ day, opens: g[2], closes: g[3] });
    }
  }
  return { always: false, hours };
}

function contactOf(serviceId: string, key: string | number, c: StoredContact, timezone: string): HsdsContact {
  const id = hsdsId('contact', serviceId, key);
  const phone: HsdsPhone | undefined = c.phone ? drop({
    id: hsdsId('phone', id), contact_id: id, number: c.phone, type: 'voice', description: contactHoursText(c.hours, c.always, timezone),
    languages: c.languages.map((code): HsdsLanguage => ({ id: hsdsId('language', 'phone', id, code), phone_id: hsdsId('phone', id), code, name: languageName(code, 'en') })),
  }) : undefined;
  const role = fixedTerm(TAXONOMY.CONTACT_ROLES, c.role);
  // without a phone, the languages and hours it answers in travel as properties of the contact
  const hours = c.phone ? undefined : contactHoursText(c.hours, c.always, timezone);
  const unphoned = c.phone ? [] : [
    ...c.languages.map((code) => property(id, 'contact', Property.CONTACT_LANGUAGE, code)),
    ...(hours ? [property(id, 'contact', Property.CONTACT_HOURS, hours)] : []),
  ];
  return drop({
    id, service_id: serviceId, name: c.name ?? undefined, title: c.title ?? undefined, department: role.name, email: email(c.email),
    phones: phone ? [phone] : [], attributes: [attribute(id, 'contact', role), ...unphoned],
  });
}

function contactsOf(s: Service): HsdsContact[] {
  if (s.contactsData.length) return s.contactsData.map((c, i) => contactOf(s.id, i, c, s.timezone));
  // the older single intake contact, for services written before contacts existed
  const intake = s.intakeContactData ?? {};
  if (!intake.name && !intake.phone && !intake.email) return [];
  return [contactOf(s.id, 'intake', {
    role: ContactRole.INTAKE, name: intake.name ?? null, title: null, phone: intake.phone ?? null, email: intake.email ?? null, languages: [], hours: [], always: false,
  }, s.timezone)];
}

// ---- areas, locations, organizations -----------------------------------------------------------

const areaName = (a: Area, lang: string) => pickLocalized(a.names, lang) ?? a.code;

/** The area and those above it, from the nearest up. */
function areaChain(areaId: string, ctx: MappingContext): Area[] {
  const chain: Area[] = [];
  for (let a = ctx.areas.get(areaId); a && chain.length < 10; a = a.parentId ? ctx.areas.get(a.parentId) : undefined) chain.push(a);
  return chain;
}

function addressOf(l: Location, ctx: MappingContext): HsdsAddress | undefined {
  if (!l.address && !l.locality) return undefined;
  const chain = areaChain(l.areaId, ctx);
  const at = (level: string) => chain.find((a) => a.level === level);
  const own = chain[0];
  const name = (a: Area | undefined) => (a ? areaName(a, ctx.lang) : undefined);
  // address_1, city, state_province, postal_code and country are required by HSDS, even when empty
  return {
    ...drop({ id: hsdsId('address', l.id), location_id: l.id, region: name(at('DISTRICT')) }),
    address_1: l.address ?? l.locality ?? '',
    // only a locality the directory holds: an area's name here would come back as one (its areas travel in region and state_province)
    city: l.locality ?? '',
    state_province: name(at('REGION')) ?? name(own) ?? '', postal_code: '', country: own?.countryCode ?? '', address_type: 'physical',
  };
}

/** A public location (never a confidential one: they do not reach this mapping), with the accessibility of the service delivered there. */
export function locationOf(l: Location, ctx: MappingContext, service?: Service): HsdsLocation {
  const area = ctx.areas.get(l.areaId);
  const facility = fixedTerm(TAXONOMY.FACILITY_TYPES, l.facilityType);
  const address = addressOf(l, ctx);
  const details = service ? text(service.accessibilityTexts, ctx.lang) : undefined;
  return drop({
    id: l.id, location_type: l.facilityType === FacilityType.HOTLINE ? 'virtual' as const : 'physical' as const, organization_id: l.agencyId,
    name: text(l.names, ctx.lang), description: facility.name,
    latitude: l.latitude ?? undefined, longitude: l.longitude ?? undefined,
    addresses: address ? [address] : [],
    accessibility: (service?.accessibilityFeatures ?? []).map((f): HsdsAccessibility => drop({
      id: hsdsId('accessibility', l.id, f), location_id: l.id, description: fixedTerm(TAXONOMY.ACCESSIBILITY, f).name, details,
    })),
    attributes: [attribute(l.id, 'location', facility), ...(area ? [property(l.id, 'location', Property.AREA_CODE, area.code)] : [])],
  });
}

/** An organization's own fields (the organization_list shape), with its phone and type. */
export function organizationOf(a: Agency, ctx: Pick<MappingContext, 'lang'>): HsdsOrganization {
  const name = text(a.names, ctx.lang) ?? a.acronym ?? a.id;
  return drop({
    id: a.id, name, alternate_name: a.acronym ?? undefined, description: text(a.descriptions, ctx.lang) ?? name,
    email: email(a.email), website: url(a.website),
    phones: a.phone ? [{ id: hsdsId('phone', 'organization', a.id), organization_id: a.id, number: a.phone, type: 'voice' }] : [],
    attributes: [attribute(a.id, 'organization', fixedTerm(TAXONOMY.AGENCY_TYPES, a.type)), property(a.id, 'organization', Property.COUNTRY_CODE, a.countryCode)],
  });
}

/** An organization with its public locations and its services (ids, or whole ones). */
export function organizationFull(a: Agency, ctx: MappingContext, locations: Location[], services: (HsdsService | { id: string })[]): HsdsOrganization {
  return drop({ ...organizationOf(a, ctx), locations: locations.map((l) => locationOf(l, ctx)), services });
}

// ---- services ----------------------------------------------------------------------------------

/** A service's one-to-one fields (the service_list shape), with its organization's. */
export function serviceBasic(b: Pick<ServiceBundle, 'service' | 'lastModified'>, ctx: MappingContext): HsdsService {
  const s = b.service;
  const agency = ctx.agencies.get(s.agencyId);
  const interpretation = text(s.interpretationTexts, ctx.lang) ?? interpretationSentence(s.interpretationLanguages, s.interpretationByPhone, s.interpretationInPerson, ctx.lang);
  return drop({
    id: s.id, organization_id: s.agencyId, name: text(s.names, ctx.lang) ?? s.id, description: text(s.descriptions, ctx.lang),
    status: HSDS_STATUS[s.status], interpretation_services: interpretation, application_process: text(s.howToReferText, ctx.lang),
    fees_description: text(s.feesTexts, ctx.lang) ?? s.costNote ?? undefined,
    accreditations: s.standardCodes.map((c) => STANDARD_NAMES[c as ServiceStandard] ?? c).join('; '),
    eligibility_description: text(s.eligibilityTexts, ctx.lang), minimum_age: s.ageMin ?? undefined, maximum_age: s.ageMax ?? undefined,
    assured_date: s.lastVerifiedAt ? s.lastVerifiedAt.toISOString().slice(0, 10) : undefined,
    alert: s.status !== ServiceStatus.ACTIVE ? s.statusReason ?? undefined : undefined,
    last_modified: b.lastModified.toISOString(),
    organization: agency ? organizationOf(agency, ctx) : undefined,
  });
}

function serviceAttributes(s: Service, categoryCodes: string[], ctx: MappingContext): HsdsAttribute[] {
  const out: HsdsAttribute[] = [];
  const add = (taxonomy: string, codes: string[]) => { for (const c of codes) out.push(attribute(s.id, 'service', fixedTerm(taxonomy, c))); };
  for (const code of categoryCodes) {
    const c = ctx.categories.get(code);
    if (c) out.push(attribute(s.id, 'service', categoryTerm(c, ctx.lang)));
  }
  add(TAXONOMY.POPULATIONS, s.populations);
  add(TAXONOMY.GENDERS, s.genders);
  add(TAXONOMY.CHANNELS, s.channels);
  add(TAXONOMY.STANDARDS, s.standardCodes);
  add(TAXONOMY.ACCESSIBILITY, s.accessibilityFeatures);
  add(TAXONOMY.FEE_KINDS, [feeKind(s)]);
  const prop = (p: Property, value: string | number | boolean) => out.push(property(s.id, 'service', p, value));
  prop(Property.TIMEZONE, s.timezone);
  if (s.documentsRequired !== null) prop(Property.DOCUMENTS_REQUIRED, s.documentsRequired);
  if (s.acceptsUndocumented !== null) prop(Property.ACCEPTS_WITHOUT_DOCUMENTS, s.acceptsUndocumented);
  for (const n of s.eligibleNationalities) prop(Property.NATIONALITY_ONLY, n);
  for (const n of s.excludedNationalities) prop(Property.NATIONALITY_EXCLUDED, n);
  if (s.interpretationLanguages.length || s.interpretationByPhone) prop(Property.INTERPRETATION_BY_PHONE, s.interpretationByPhone);
  if (s.interpretationLanguages.length || s.interpretationInPerson) prop(Property.INTERPRETATION_IN_PERSON, s.interpretationInPerson);
  // counted per site: the service's places are their sum, exported on each site
  if (!s.capacityPerSite && s.capacityAvailable !== null) {
    prop(Property.CAPACITY_AVAILABLE, s.capacityAvailable);
    if (s.capacityTotal !== null) prop(Property.CAPACITY_TOTAL, s.capacityTotal);
    if (s.capacityUpdatedAt) prop(Property.CAPACITY_UPDATED_AT, s.capacityUpdatedAt.toISOString());
  }
  for (const f of s.referralFields) prop(Property.REFERRAL_FIELD, f);
  const accessibility = text(s.accessibilityTexts, ctx.lang);
  if (accessibility) prop(Property.ACCESSIBILITY_DETAILS, accessibility);
  return out;
}

/** A service at one of its (public) sites: the site's own hours, closures and places; the service's apply where it has none. */
export function siteOf(b: ServiceBundle, site: SiteRow, ctx: MappingContext, full: boolean): HsdsServiceAtLocation {
  const s = b.service;
  const id = serviceAtLocationId(s.id, site.location.id);
  const timezone = site.timezone ?? s.timezone;
  const owner: ScheduleOwner = { service_at_location_id: id, key: id, timezone };
  const ownHours = site.openingHours !== null || site.open24Hours !== null;
  const base = drop({ id, service_id: s.id, location_id: site.location.id, description: text(site.notes, ctx.lang) });
  if (!full) return base;
  const attributes: HsdsAttribute[] = [];
  if (site.timezone) attributes.push(property(id, 'service_at_location', Property.TIMEZONE, site.timezone));
  if (site.capacityAvailable !== null) {
    attributes.push(property(id, 'service_at_location', Property.CAPACITY_AVAILABLE, site.capacityAvailable));
    if (site.capacityTotal !== null) attributes.push(property(id, 'service_at_location', Property.CAPACITY_TOTAL, site.capacityTotal));
    if (site.capacityUpdatedAt) attributes.push(property(id, 'service_at_location', Property.CAPACITY_UPDATED_AT, site.capacityUpdatedAt.toISOString()));
  }
  return drop({
    ...base,
    schedules: [
      ...(ownHours ? weeklySchedules(owner, site.openingHours ?? [], site.open24Hours ?? false) : []),
      ...closureSchedules(owner, site.closures, ctx.lang),
    ],
    location: locationOf(site.location, ctx, s),
    attributes,
  });
}

/** A whole service with everything HSDS nests in it (GET /services/{id}). */
export function serviceFull(b: ServiceBundle, ctx: MappingContext): HsdsService {
  const s = b.service;
  const owner: ScheduleOwner = { service_id: s.id, key: s.id, timezone: s.timezone };
  const spoken = s.languages.map((code): HsdsLanguage => ({ id: hsdsId('language', s.id, 'spoken', code), service_id: s.id, code, name: languageName(code, ctx.lang), note: LANGUAGE_NOTE_SPOKEN }));
  const how = [s.interpretationByPhone ? 'by phone' : '', s.interpretationInPerson ? 'in person' : ''].filter(Boolean).join(', ');
  const interpreted = s.interpretationLanguages.map((code): HsdsLanguage => ({
    id: hsdsId('language', s.id, 'interpretation', code), service_id: s.id, code, name: languageName(code, ctx.lang),
    note: how ? `${LANGUAGE_NOTE_INTERPRETATION} (${how})` : LANGUAGE_NOTE_INTERPRETATION,
  }));
  return drop({
    ...serviceBasic(b, ctx),
    schedules: [
      ...weeklySchedules(owner, s.openingHours, s.open24Hours),
      ...closureSchedules(owner, s.closuresData, ctx.lang),
      ...outreachSchedules(owner, s.outreachData, ctx),
    ],
    service_areas: b.relations.coverageAreaIds.flatMap((areaId): HsdsServiceArea[] => {
      const chain = areaChain(areaId, ctx);
      if (!chain.length) return [];
      const id = hsdsId('service_area', s.id, areaId);
      return [drop({
        id, service_id: s.id, name: areaName(chain[0], ctx.lang), description: chain.map((a) => areaName(a, ctx.lang)).join(', '),
        attributes: [property(id, 'service_area', Property.AREA_CODE, chain[0].code)],
      })];
    }),
    service_at_locations: b.relations.sites.map((site) => siteOf(b, site, ctx, true)),
    languages: [...spoken, ...interpreted],
    cost_options: s.costOptions.map((o, i): HsdsCostOption => {
      const description = text(o.descriptions, ctx.lang);
      return drop({
        id: hsdsId('cost_option', s.id, i), service_id: s.id, option: description ?? fixedTerm(TAXONOMY.FEE_KINDS, feeKind(s)).name,
        currency: o.currency ?? undefined, amount: o.amount ?? undefined, amount_description: description,
      });
    }),
    required_documents: s.requiredDocumentsData.map((d, i): HsdsRequiredDocument => {
      const id = hsdsId('required_document', s.id, i);
      return drop({
        id, service_id: s.id, document: text(d.labels, ctx.lang) ?? pickLocalized(DOCUMENT_NAMES[d.type as RequiredDocumentType], ctx.lang) ?? d.type,
        uri: url(d.url), attributes: [attribute(id, 'required_document', fixedTerm(TAXONOMY.DOCUMENT_TYPES, d.type))],
      });
    }),
    contacts: contactsOf(s),
    attributes: serviceAttributes(s, b.relations.categoryCodes, ctx),
  });
}
