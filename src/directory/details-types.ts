import { Field, Float, ObjectType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import type { Localized } from '../shared/i18n';
import { Capacity, Location, OpeningHours } from './entities';
import { AccessibilityFeature, ContactRole, FeeKind, RequiredDocumentType } from './details-enums';

/**
 * What decides whether a referral makes sense, on a service. The shapes follow Open Referral HSDS 3.0 so
 * that an export maps field by field:
 *
 * | here                                   | HSDS 3.0                                                              |
 * | -------------------------------------- | --------------------------------------------------------------------- |
 * | eligibility.description                | service.eligibility_description                                       |
 * | ageMin / ageMax (Service)              | service.minimum_age / maximum_age                                     |
 * | eligibility (structured), standards    | attribute (taxonomy terms: documents, nationality, standards)         |
 * | requiredDocuments[]                    | required_document (document = label, uri = url)                       |
 * | fees.kind, fees.options[]              | cost_option (option = kind/description, amount, currency)             |
 * | fees.description                       | service.fees_description                                              |
 * | accessibility                          | accessibility (description = feature, details) on each location       |
 * | interpretation                         | language (note "interpretation", by phone) + interpretation_services  |
 * | contacts[]                             | contact (name, title, email) + phone (number, languages) + schedule   |
 * | sites[]                                | service_at_location (+ schedule with service_at_location_id)          |
 * | closures[]                             | schedule (valid_from / valid_to, description "closed")                |
 * | outreach[]                             | schedule (dtstart, opens_at, closes_at, attending_type, notes)        |
 *
 * The lists are stored as JSON on the service (and on its service_locations rows for sites), so a page
 * of search results costs no statement for them; only `sites` (locations) and areas use loaders.
 */

// ---- stored JSON shapes --------------------------------------------------------------------------

export interface StoredCostOption { amount: number | null; currency: string | null; descriptions: Localized }
export interface StoredRequiredDocument { type: RequiredDocumentType; labels: Localized; url: string | null }
export interface StoredHours { day: OpeningHours['day']; opens: string; closes: string }
export interface StoredContact {
  role: ContactRole; name: string | null; title: string | null; phone: string | null; email: string | null;
  languages: string[]; hours: StoredHours[]; always: boolean;
}
/** Closed from `from` to `to`, both included, in the local dates of the service or site. */
export interface StoredClosure { from: string; to: string; reasons: Localized }
export interface StoredOutreachVisit { date: string; opens: string; closes: string; areaId: string; places: Localized }

// ---- GraphQL types (localized texts are resolved in details.resolvers.ts) -------------------------

@ObjectType({ description: 'Who the service is for, beyond populations, age and gender (HSDS eligibility_description and attributes)' })
export class Eligibility {
  texts!: Localized;
  @Field(() => Boolean, { nullable: true, description: 'The person must show documents (see requiredDocuments); null: not stated' })
  documentsRequired!: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'People without identity documents or legal status are served; null: not stated' })
  acceptsWithoutDocuments!: boolean | null;
  @Field(() => [String], { description: 'Only people of these nationalities (ISO 3166-1 alpha-2); empty: any nationality' })
  nationalities!: string[];
  @Field(() => [String], { description: 'People of these nationalities are not served (e.g. nationals, for a return programme)' })
  excludedNationalities!: string[];
}

@ObjectType({ description: 'A document the person should bring (HSDS required_document)' })
export class RequiredDocument {
  labels!: Localized;
  @Field(() => RequiredDocumentType) type!: RequiredDocumentType;
  @Field(() => String, { nullable: true, description: 'A page about the document or a form to fill in' }) url!: string | null;
}

@ObjectType({ description: 'One price (HSDS cost_option)' })
export class CostOption {
  texts!: Localized;
  @Field(() => Float, { nullable: true }) amount!: number | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217 code, e.g. "XOF"' }) currency!: string | null;
}

@ObjectType({ description: 'What the service costs the person' })
export class Fees {
  texts!: Localized;
  raw!: StoredCostOption[];
  @Field(() => FeeKind) kind!: FeeKind;
}

@ObjectType({ description: 'What helps people with disabilities use the service (HSDS accessibility)' })
export class Accessibility {
  texts!: Localized;
  @Field(() => [AccessibilityFeature]) features!: AccessibilityFeature[];
}

@ObjectType({ description: 'Interpretation into languages the staff do not speak' })
export class Interpretation {
  texts!: Localized;
  @Field(() => [String], { description: 'ISO 639 codes of the languages interpretation is available in' }) languages!: string[];
  @Field({ description: 'Through a telephone interpreter' }) byPhone!: boolean;
  @Field({ description: 'With an interpreter present' }) inPerson!: boolean;
}

@ObjectType({ description: 'A person or desk to contact about the service, with the hours they answer (HSDS contact and phone)' })
export class ServiceContact {
  timezone!: string;
  @Field(() => ContactRole) role!: ContactRole;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true, description: 'International format, "+" and the country code' }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => [String], { description: 'ISO 639 codes of the languages spoken on this line' }) languages!: string[];
  @Field(() => [OpeningHours], { description: "When this contact answers, in the service's time zone; empty with always false: not stated" })
  hours!: StoredHours[];
  @Field({ description: 'Answers around the clock' }) always!: boolean;
}

@ObjectType({ description: 'Dates the service, or one of its sites, is closed (a holiday, a move); both dates included' })
export class ServiceClosure {
  reasons!: Localized | null;
  @Field(() => LocalDateResolver) from!: string;
  @Field(() => LocalDateResolver) to!: string;
  @Field({ description: 'True for a closure of the whole service, false for one of this site only' }) wholeService!: boolean;
}

@ObjectType({ description: 'A date and place a mobile team visits' })
export class OutreachVisit {
  areaId!: string;
  places!: Localized;
  @Field(() => LocalDateResolver) date!: string;
  @Field({ description: "Local time, HH:MM, in the service's time zone" }) opens!: string;
  @Field({ description: 'Local time, HH:MM' }) closes!: string;
}

@ObjectType({
  description:
    'The service at one of its locations (HSDS service_at_location): its hours and capacity there. A site without hours or capacity of its own has the service\'s. ' +
    'For a confidential location you may not see, the location hides its details and the notes are null.',
})
export class ServiceSite {
  hidden!: boolean;
  notesText!: Localized;
  /** Closures that apply here: the service's and the site's own. */
  allClosures!: ServiceClosure[];
  @Field(() => Location) location!: Location;
  @Field(() => [OpeningHours]) openingHours!: StoredHours[];
  @Field() open24Hours!: boolean;
  @Field({ description: 'IANA time zone of the hours' }) timezone!: string;
  @Field({ description: "True when the site has hours of its own; false: the service's hours" }) ownHours!: boolean;
  @Field(() => Capacity, { description: 'Places at this site; when the service counts places for the whole service, the service\'s' }) capacity!: Capacity;
  @Field({ description: 'True when places are counted at this site' }) ownCapacity!: boolean;
}

/** A site as the sitesOfService loader returns it: the location (with the viewer's hidden flag) and the site's own values (null: the service's). */
export interface SiteRow {
  location: Location;
  openingHours: StoredHours[] | null;
  open24Hours: boolean | null;
  timezone: string | null;
  capacityAvailable: number | null;
  capacityTotal: number | null;
  capacityUpdatedAt: Date | null;
  closures: StoredClosure[];
  notes: Localized;
}

/** A site's own values from a row of service_locations read with the `site_*` column names, beside its location. */
export function siteFromRow(location: Location, row: Record<string, any>): SiteRow {
  return {
    location,
    openingHours: row.site_opening_hours ?? null,
    open24Hours: row.site_open_24_hours ?? null,
    timezone: row.site_timezone ?? null,
    capacityAvailable: row.site_capacity_available ?? null,
    capacityTotal: row.site_capacity_total ?? null,
    capacityUpdatedAt: row.site_capacity_updated_at ? new Date(row.site_capacity_updated_at) : null,
    closures: row.site_closures ?? [],
    notes: row.site_notes ?? {},
  };
}
