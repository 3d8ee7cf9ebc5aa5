import type { Role } from '../src/auth/roles';
import type { AccessibilityFeature, ContactRole, FeeKind, RequiredDocumentType, ServiceStandard } from '../src/directory/details-enums';
import type { AgencyType, AreaLevel, Channel, FacilityType, Gender, Population, ServiceStatus, Weekday } from '../src/directory/enums';
import type { Localized } from '../src/shared/i18n';

/** The shape of the demo data set. References between records use codes (areas, categories) or fixed ids. */
export interface DemoArea {
  code: string; // countries: ISO 3166-1 alpha-2 ("NE"); below: ISO 3166-2 where it exists ("NE-1"), else a stable code
  names: Localized;
  level: AreaLevel;
  parent?: string; // code of the parent area; absent only for countries
  latitude?: number;
  longitude?: number;
}

export interface DemoCategory {
  code: string; // dotted: "health", "health.srh"
  names: Localized;
  sortOrder: number;
}

export interface DemoAgency {
  id: string;
  names: Localized;
  acronym?: string;
  type: AgencyType;
  countryCode: string;
  descriptions: Localized; // invented organisations say "Fictional organisation for demonstration." in English
  email?: string;
  phone?: string;
  website?: string;
  languages: string[];
  fictional: boolean;
}

export interface DemoLocation {
  id: string;
  agency: string; // agency id
  names: Localized;
  facilityType: FacilityType;
  area: string; // area code (district or locality level preferred)
  locality?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  confidential?: boolean;
}

export interface DemoService {
  id: string;
  agency: string;
  names: Localized;
  descriptions: Localized;
  categories: string[]; // category codes
  locations: string[]; // location ids (of the same agency)
  areas: string[]; // area codes the service covers beyond its locations (e.g. a national hotline covers the country)
  populations: Population[];
  ageMin?: number;
  ageMax?: number;
  genders: Gender[]; // empty = everyone
  languages: string[];
  channels: Channel[];
  open24Hours?: boolean;
  timezone: string; // IANA, e.g. "Africa/Niamey"
  openingHours: { day: Weekday; opens: string; closes: string }[];
  capacity?: { available: number; total: number };
  intakeContact: { name?: string; phone?: string; email?: string };
  howToRefer: Localized;
  costFree: boolean;
  costNote?: string;
  status: ServiceStatus;
  statusReason?: string;
  lastVerifiedDaysAgo: number | null; // null: never verified
  details: DemoServiceDetails; // what decides whether a referral makes sense (defaults per category, see demo-details.ts)
}

export type DemoHours = { day: Weekday; opens: string; closes: string }[];

/** Closed from `from` to `to` (YYYY-MM-DD, both included). */
export interface DemoClosure { from: string; to: string; reasons: Localized }

/** A service at one of its locations; what is left out is the service's. */
export interface DemoSite {
  location: string; // location id, one of the service's locations
  openingHours?: DemoHours;
  open24Hours?: boolean;
  capacity?: { available: number; total: number };
  closures?: DemoClosure[];
  notes?: Localized;
}

export interface DemoContact {
  role: ContactRole;
  name?: string;
  title?: string;
  phone?: string; // "+", country code, zeros
  email?: string;
  languages: string[];
  hours: DemoHours; // in the service's time zone
  always?: boolean;
}

export interface DemoOutreachVisit {
  inDays: number; // days from the day the demo data is loaded
  opens: string;
  closes: string;
  area: string; // area code
  places: Localized;
}

export interface DemoServiceDetails {
  eligibility: Localized;
  documentsRequired: boolean | null;
  acceptsWithoutDocuments: boolean | null;
  nationalities: string[]; // only these (empty: any)
  excludedNationalities: string[];
  requiredDocuments: { type: RequiredDocumentType; labels?: Localized; url?: string }[];
  fees: { kind: FeeKind; options: { amount?: number; currency?: string; descriptions?: Localized }[]; descriptions?: Localized };
  accessibility: { features: AccessibilityFeature[]; details: Localized };
  interpretation: { languages: string[]; byPhone: boolean; inPerson: boolean; notes?: Localized };
  standards: ServiceStandard[];
  contacts: DemoContact[];
  sites: DemoSite[]; // only the sites with something of their own
  closures: DemoClosure[];
  outreach: DemoOutreachVisit[];
}

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  agency: string;
  roles: Role[];
}

export interface DemoPartnership {
  id: string;
  provider: string; // agency id whose confidential locations the partner may see
  partner: string;
  note: string;
}
