/**
 * The taxonomies of the HSDS exchange, both ways. Our service categories are the taxonomy
 * "mrn-service-categories": one term per category, its code the category code, its parent the parent
 * category's term. The other closed lists of the directory (populations, channels, standards, ...) are
 * taxonomies of their own, exported as they are, and "mrn-service-properties" carries the structured
 * values HSDS has no field for (the term says what, the attribute's value says how much). Ids are
 * derived from names and codes (ids.ts), so an importer recognises our terms by id, or by taxonomy name
 * and code: `categoryCodeOfTerm` and `termOfId` are the inverse the importer uses.
 */
import { AccessibilityFeature, ContactRole, DOCUMENT_NAMES, FeeKind, RequiredDocumentType, ServiceStandard, STANDARD_NAMES } from '../directory/details-enums';
import type { Area, ServiceCategory } from '../directory/entities';
import { AgencyType, Channel, FacilityType, Gender, Population } from '../directory/enums';
import type { ServiceArrayColumn } from '../directory/export';
import { pickLocalized } from '../shared/i18n';
import { hsdsId } from './ids';
import type { HsdsTaxonomy, HsdsTaxonomyTerm } from './types';

export const CATEGORY_TAXONOMY = 'mrn-service-categories';
/**
 * The areas a data package's records name (by AREA_CODE) and every area above them: HSDS has no object for a
 * network's gazetteer, so it travels as a taxonomy (code, name, parent; the level starts the description),
 * and an import into a directory without those areas adds them. Only in the data package.
 */
export const AREA_TAXONOMY = 'mrn-areas';
export const AREA_LEVEL_IN_DESCRIPTION = /^(COUNTRY|REGION|DISTRICT|LOCALITY): /;

/** Names of the taxonomies other than the categories (each exported with all its terms). */
export const TAXONOMY = {
  POPULATIONS: 'mrn-populations',
  GENDERS: 'mrn-genders',
  CHANNELS: 'mrn-channels',
  STANDARDS: 'mrn-standards',
  ACCESSIBILITY: 'mrn-accessibility-features',
  FEE_KINDS: 'mrn-fee-kinds',
  DOCUMENT_TYPES: 'mrn-required-document-types',
  CONTACT_ROLES: 'mrn-contact-roles',
  FACILITY_TYPES: 'mrn-facility-types',
  AGENCY_TYPES: 'mrn-agency-types',
  SCHEDULE_KINDS: 'mrn-schedule-kinds',
  PROPERTIES: 'mrn-service-properties',
} as const;

/** What a schedule is (attribute of each exported schedule). */
export enum ScheduleKind {
  OPENING_HOURS = 'OPENING_HOURS',
  OPEN_24_HOURS = 'OPEN_24_HOURS',
  CLOSURE = 'CLOSURE',
  OUTREACH_VISIT = 'OUTREACH_VISIT',
}

/** Structured values without an HSDS field: the attribute's value carries them (booleans as "true"/"false"). */
export enum Property {
  /** IANA time zone of the hours of a service, site or schedule. */
  TIMEZONE = 'TIMEZONE',
  DOCUMENTS_REQUIRED = 'DOCUMENTS_REQUIRED',
  ACCEPTS_WITHOUT_DOCUMENTS = 'ACCEPTS_WITHOUT_DOCUMENTS',
  /** One attribute per nationality (ISO 3166-1 alpha-2): only people of these nationalities are served. */
  NATIONALITY_ONLY = 'NATIONALITY_ONLY',
  /** One attribute per nationality not served. */
  NATIONALITY_EXCLUDED = 'NATIONALITY_EXCLUDED',
  INTERPRETATION_BY_PHONE = 'INTERPRETATION_BY_PHONE',
  INTERPRETATION_IN_PERSON = 'INTERPRETATION_IN_PERSON',
  CAPACITY_AVAILABLE = 'CAPACITY_AVAILABLE',
  CAPACITY_TOTAL = 'CAPACITY_TOTAL',
  CAPACITY_UPDATED_AT = 'CAPACITY_UPDATED_AT',
  /** The code of an area (a service area, the area of a location, the area an outreach visit goes to). */
  AREA_CODE = 'AREA_CODE',
  /** One attribute per field of the data catalogue the service needs in a referral. */
  REFERRAL_FIELD = 'REFERRAL_FIELD',
  /** The country of an organization (ISO 3166-1 alpha-2), whose locations may be all confidential or none. */
  COUNTRY_CODE = 'COUNTRY_CODE',
  /** The service's accessibility details (HSDS has them on a location, which several services may share). */
  ACCESSIBILITY_DETAILS = 'ACCESSIBILITY_DETAILS',
  /** A contact without a phone: one attribute per language it answers in (with a phone, the phone's languages say it). */
  CONTACT_LANGUAGE = 'CONTACT_LANGUAGE',
  /** A contact without a phone: when it answers (with a phone, the phone's description says it). */
  CONTACT_HOURS = 'CONTACT_HOURS',
}

interface FixedTaxonomy { name: string; description: string; terms: { code: string; name: string }[] }

// "UN_AGENCY" → "UN agency": sentence case, acronyms kept
const humanize = (code: string) => (code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ')).replace(/\b(un|ngo|gbv|srh|iom)\b/gi, (w) => w.toUpperCase());
const termsOf = (values: string[], name: (v: string) => string = humanize) => values.map((code) => ({ code, name: name(code) }));

/** Every taxonomy but the categories, with its terms. */
export const FIXED_TAXONOMIES: FixedTaxonomy[] = [
  { name: TAXONOMY.POPULATIONS, description: 'Population groups a service is for (ALL: anyone)', terms: termsOf(Object.values(Population)) },
  { name: TAXONOMY.GENDERS, description: 'Genders a service is limited to (none: everyone)', terms: termsOf(Object.values(Gender)) },
  { name: TAXONOMY.CHANNELS, description: 'How people reach a service', terms: termsOf(Object.values(Channel)) },
  { name: TAXONOMY.STANDARDS, description: 'Standards and guidelines a service applies', terms: termsOf(Object.values(ServiceStandard), (c) => STANDARD_NAMES[c as ServiceStandard]) },
  { name: TAXONOMY.ACCESSIBILITY, description: 'What helps people with disabilities use a service', terms: termsOf(Object.values(AccessibilityFeature)) },
  { name: TAXONOMY.FEE_KINDS, description: 'What a service costs the person', terms: termsOf(Object.values(FeeKind)) },
  { name: TAXONOMY.DOCUMENT_TYPES, description: 'Kinds of document a service asks for', terms: termsOf(Object.values(RequiredDocumentType), (c) => DOCUMENT_NAMES[c as RequiredDocumentType].en) },
  { name: TAXONOMY.CONTACT_ROLES, description: 'Who a contact of a service is for', terms: termsOf(Object.values(ContactRole)) },
  { name: TAXONOMY.FACILITY_TYPES, description: 'Kinds of place a service is delivered at', terms: termsOf(Object.values(FacilityType)) },
  { name: TAXONOMY.AGENCY_TYPES, description: 'Kinds of organization in the network', terms: termsOf(Object.values(AgencyType)) },
  { name: TAXONOMY.SCHEDULE_KINDS, description: 'What a schedule describes: weekly hours, round-the-clock opening, a closure or an outreach visit', terms: termsOf(Object.values(ScheduleKind)) },
  { name: TAXONOMY.PROPERTIES, description: 'Structured values HSDS has no field for; the attribute value holds the value', terms: termsOf(Object.values(Property)) },
];

export const taxonomyId = (name: string) => hsdsId('taxonomy', name);
export const termId = (taxonomy: string, code: string) => hsdsId('taxonomy_term', taxonomy, code);

const taxonomyDescription = 'Service categories of the referral network; a term\'s code is the category code, and codes nest with dots ("health.srh" is under "health")';

export function hsdsTaxonomies(withAreas = false): HsdsTaxonomy[] {
  return [
    { id: taxonomyId(CATEGORY_TAXONOMY), name: CATEGORY_TAXONOMY, description: taxonomyDescription },
    ...FIXED_TAXONOMIES.map((t) => ({ id: taxonomyId(t.name), name: t.name, description: t.description })),
    ...(withAreas ? [{ id: taxonomyId(AREA_TAXONOMY), name: AREA_TAXONOMY, description: 'Areas of the referral network (a term\'s code is the area code; its description starts with the level, COUNTRY, REGION, DISTRICT or LOCALITY)' }] : []),
  ];
}

/** The areas as terms of mrn-areas, parents first. */
export function areaTerms(areas: Area[], lang: string): HsdsTaxonomyTerm[] {
  const byId = new Map(areas.map((a) => [a.id, a]));
  return [...areas].sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.code.localeCompare(b.code)).map((a) => {
    const name = pickLocalized(a.names, lang) ?? a.code;
    const parent = a.parentId ? byId.get(a.parentId) : undefined;
    return drop({
      id: termId(AREA_TAXONOMY, a.code), code: a.code, name, description: `${a.level}: ${name}`,
      parent_id: parent ? termId(AREA_TAXONOMY, parent.code) : undefined,
      taxonomy: AREA_TAXONOMY, taxonomy_id: taxonomyId(AREA_TAXONOMY), language: a.names[lang] ? lang : a.names.en ? 'en' : undefined,
    });
  });
}

/** The term of a category, in `lang` where the category has a name in it. */
export function categoryTerm(c: ServiceCategory, lang: string): HsdsTaxonomyTerm {
  const name = pickLocalized(c.names, lang) ?? c.code;
  return drop({
    id: termId(CATEGORY_TAXONOMY, c.code), code: c.code, name,
    description: c.retiredAt ? `${name} (retired category)` : name,
    parent_id: c.parentCode ? termId(CATEGORY_TAXONOMY, c.parentCode) : undefined,
    taxonomy: CATEGORY_TAXONOMY, taxonomy_id: taxonomyId(CATEGORY_TAXONOMY), language: c.names[lang] ? lang : c.names.en ? 'en' : undefined,
  });
}

/** Every term, the categories' first (parents before children), then each other taxonomy's. */
export function hsdsTerms(categories: ServiceCategory[], lang: string): HsdsTaxonomyTerm[] {
  const byDepth = [...categories].sort((a, b) => a.code.split('.').length - b.code.split('.').length || a.code.localeCompare(b.code));
  return [...byDepth.map((c) => categoryTerm(c, lang)), ...FIXED_TAXONOMIES.flatMap((t) => t.terms.map((term) => fixedTerm(t.name, term.code)))];
}

const FIXED_BY_KEY = new Map(FIXED_TAXONOMIES.flatMap((t) => t.terms.map((term) => [`${t.name}\u0000${term.code}`, { taxonomy: t, term }] as const)));

/** A term of a taxonomy other than the categories (in English: these lists have English names only). */
export function fixedTerm(taxonomy: string, code: string): HsdsTaxonomyTerm {
  const found = FIXED_BY_KEY.get(`${taxonomy}\u0000${code}`);
  if (!found) throw new Error(`no term ${code} in taxonomy ${taxonomy}`);
  return {
    id: termId(taxonomy, code), code, name: found.term.name, description: `${found.term.name} (${found.taxonomy.description.charAt(0).toLowerCase()}${found.taxonomy.description.slice(1)})`,
    taxonomy, taxonomy_id: taxonomyId(taxonomy), language: 'en',
  };
}

/** What a term of ours is: its taxonomy's name and its code; null for a term id this server did not make. */
export function termOfId(id: string, categoryCodes: Iterable<string>): { taxonomy: string; code: string } | null {
  const wanted = id.toLowerCase();
  for (const code of categoryCodes) if (termId(CATEGORY_TAXONOMY, code) === wanted) return { taxonomy: CATEGORY_TAXONOMY, code };
  for (const t of FIXED_TAXONOMIES) for (const term of t.terms) if (termId(t.name, term.code) === wanted) return { taxonomy: t.name, code: term.code };
  return null;
}

/** The name of the taxonomy with this id; null for one this server did not make. */
export function taxonomyOfId(id: string): string | null {
  const wanted = id.toLowerCase();
  return hsdsTaxonomies().find((t) => t.id === wanted)?.name ?? null;
}

/**
 * The category code a term stands for, when it is a term of our category taxonomy (named by `taxonomy`,
 * `taxonomy_id` or `taxonomy_detail`, or recognised by its id); null otherwise. For the importer: a term of
 * another taxonomy goes through the mapping table the network admin edits.
 */
export function categoryCodeOfTerm(term: Pick<HsdsTaxonomyTerm, 'id' | 'code' | 'taxonomy' | 'taxonomy_id' | 'taxonomy_detail'>): string | null {
  const ours = term.taxonomy === CATEGORY_TAXONOMY || term.taxonomy_id?.toLowerCase() === taxonomyId(CATEGORY_TAXONOMY)
    || term.taxonomy_detail?.name === CATEGORY_TAXONOMY || term.taxonomy_detail?.id?.toLowerCase() === taxonomyId(CATEGORY_TAXONOMY);
  if (ours && term.code) return term.code;
  if (term.code && term.id?.toLowerCase() === termId(CATEGORY_TAXONOMY, term.code)) return term.code;
  return null;
}

/** The services column a term of this taxonomy matches (taxonomy_term_id and taxonomy_id filters); null: none. */
export const COLUMN_OF_TAXONOMY: Record<string, ServiceArrayColumn> = {
  [CATEGORY_TAXONOMY]: 'category_codes',
  [TAXONOMY.POPULATIONS]: 'populations',
  [TAXONOMY.CHANNELS]: 'channels',
  [TAXONOMY.STANDARDS]: 'standards',
  [TAXONOMY.ACCESSIBILITY]: 'accessibility',
};

/** Leaves out the keys whose value is undefined, null or an empty string or list (HSDS fields are never null). */
export function drop<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) delete (o as Record<string, unknown>)[k];
  }
  return o;
}
