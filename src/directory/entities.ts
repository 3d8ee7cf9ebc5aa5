import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Localized } from '../shared/i18n';
import type { StoredClosure, StoredContact, StoredCostOption, StoredOutreachVisit, StoredRequiredDocument } from './details-types';
import { AgencyType, AreaLevel, Channel, FacilityType, Gender, Population, ServiceStatus, Weekday } from './enums';

const created = { type: 'timestamptz', name: 'created_at', default: () => 'now()' } as const;
const updated = { type: 'timestamptz', name: 'updated_at', default: () => 'now()' } as const;

/** Where: country > region > district > locality. `path` holds the codes from the country down, joined by "/". */
@ObjectType({ description: 'An administrative area: country (ISO 3166-1 alpha-2 code), region, district or locality' })
@Entity({ name: 'areas' })
export class Area {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Field({ description: 'ISO 3166 code for countries and regions where one exists, else a stable code' })
  @Column({ type: 'text', unique: true })
  code!: string;
  @Column({ type: 'jsonb' }) names!: Localized;
  @Field(() => AreaLevel) @Column({ type: 'text' }) level!: AreaLevel;
  @Column({ type: 'uuid', name: 'parent_id', nullable: true }) parentId!: string | null;
  @Field() @Column({ type: 'char', length: 2, name: 'country_code' }) countryCode!: string;
  @Column({ type: 'text' }) path!: string;
  @Field(() => Float, { nullable: true }) @Column({ type: 'double precision', nullable: true }) latitude!: number | null;
  @Field(() => Float, { nullable: true }) @Column({ type: 'double precision', nullable: true }) longitude!: number | null;
}

@ObjectType({ description: 'Who: a government body, UN agency, NGO, CSO, trade union, private provider or consular office' })
@Entity({ name: 'agencies' })
export class Agency {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'jsonb' }) names!: Localized;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) acronym!: string | null;
  @Field(() => AgencyType) @Column({ type: 'text' }) type!: AgencyType;
  @Field({ description: 'ISO 3166-1 alpha-2 code of the country the agency is based in' })
  @Column({ type: 'char', length: 2, name: 'country_code' })
  countryCode!: string;
  @Column({ type: 'jsonb', default: {} }) descriptions!: Localized;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) website!: string | null;
  @Field(() => [String], { description: 'ISO 639-1 codes of the languages staff work in' })
  @Column({ type: 'text', array: true, default: '{}' })
  languages!: string[];
  @Field({ description: 'True for organisations invented for demo data' })
  @Column({ type: 'boolean', default: false })
  fictional!: boolean;
  @Field() @Column(created) createdAt!: Date;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'created_by', nullable: true }) createdBy!: string | null;
  @Field() @Column(updated) updatedAt!: Date;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'updated_by', nullable: true }) updatedBy!: string | null;
  /** Tokens for an agency that is not active are refused. */
  @Column({ type: 'boolean', default: true }) active!: boolean;
  /** The roles this agency may give its staff; tokens claiming others are refused. */
  @Column({ type: 'text', array: true, name: 'grantable_roles' }) grantableRoles!: string[];
}

/** What: a hierarchy such as health > sexual and reproductive health. Codes nest with dots: "health.srh". */
@ObjectType({ description: 'What: a service category; filtering by a category includes its descendants' })
@Entity({ name: 'service_categories' })
export class ServiceCategory {
  @Field(() => ID, { description: 'Stable dotted code, e.g. "health.srh"' })
  @PrimaryColumn({ type: 'text' })
  code!: string;
  @Column({ type: 'jsonb' }) names!: Localized;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'parent_code', nullable: true }) parentCode!: string | null;
  @Field(() => Int) @Column({ type: 'int', name: 'sort_order', default: 0 }) sortOrder!: number;
  @Field(() => Date, { nullable: true, description: 'When a NETWORK_ADMIN retired it: it stays on the services that have it, in history and statistics, but is not offered for new links' })
  @Column({ type: 'timestamptz', name: 'retired_at', nullable: true })
  retiredAt!: Date | null;
  @Column({ type: 'text', name: 'retired_by', nullable: true }) retiredBy!: string | null;
  @Field({ description: 'True once retired (see retiredAt)' }) get retired(): boolean {
    return this.retiredAt !== null && this.retiredAt !== undefined;
  }
}

@ObjectType({
  description:
    'Where a service is delivered. The name, address and coordinates of a confidential location (a safe shelter) are shown only to the providing agency and its partners; others see its area and type.',
})
@Entity({ name: 'locations' })
export class Location {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'agency_id' }) agencyId!: string;
  @Column({ type: 'jsonb' }) names!: Localized;
  @Field(() => FacilityType) @Column({ type: 'text', name: 'facility_type' }) facilityType!: FacilityType;
  @Column({ type: 'uuid', name: 'area_id' }) areaId!: string;
  @Column({ type: 'text', nullable: true }) locality!: string | null;
  @Column({ type: 'text', nullable: true }) address!: string | null;
  @Column({ type: 'double precision', nullable: true }) latitude!: number | null;
  @Column({ type: 'double precision', nullable: true }) longitude!: number | null;
  @Field() @Column({ type: 'boolean', default: false }) confidential!: boolean;
  /** Decided per viewer by the policy module when the row is loaded; never stored. */
  hiddenForViewer?: boolean;
  @Field() @Column(created) createdAt!: Date;
  @Column({ type: 'text', name: 'created_by', nullable: true }) createdBy!: string | null;
  @Field() @Column(updated) updatedAt!: Date;
  @Column({ type: 'text', name: 'updated_by', nullable: true }) updatedBy!: string | null;
}

@ObjectType()
export class OpeningHours {
  @Field(() => Weekday) day!: Weekday;
  @Field({ description: 'Local time, HH:MM' }) opens!: string;
  @Field({ description: 'Local time, HH:MM, after opens' }) closes!: string;
}

@ObjectType()
export class Capacity {
  @Field(() => Int, { nullable: true, description: 'Places or appointments available now; null when not tracked' })
  available!: number | null;
  @Field(() => Int, { nullable: true }) total!: number | null;
  @Field(() => Date, { nullable: true }) updatedAt!: Date | null;
}

@ObjectType()
export class IntakeContact {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
}

@ObjectType()
export class Cost {
  @Field() free!: boolean;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType()
export class Verification {
  @Field() at!: Date;
  @Field({ description: 'User id of who verified the entry' }) by!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
}

/** Genders are stored with the sentinel ALL so that one GIN index answers "serves this gender". */
const gendersTransformer = {
  to: (v: Gender[] | undefined) => (v === undefined ? undefined : v.length === 0 ? ['ALL'] : v),
  from: (v: string[] | null) => (!v || v.includes('ALL') ? [] : (v as Gender[])),
};

@ObjectType({ description: 'What an agency offers, where, and for whom' })
@Entity({ name: 'services' })
export class Service {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'agency_id' }) agencyId!: string;
  @Column({ type: 'jsonb' }) names!: Localized;
  @Column({ type: 'jsonb', default: {} }) descriptions!: Localized;
  @Field(() => [Population]) @Column({ type: 'text', array: true }) populations!: Population[];
  @Field(() => Int, { nullable: true }) @Column({ type: 'int', name: 'age_min', nullable: true }) ageMin!: number | null;
  @Field(() => Int, { nullable: true }) @Column({ type: 'int', name: 'age_max', nullable: true }) ageMax!: number | null;
  @Field(() => [Gender], { description: 'Genders served; empty means everyone' })
  @Column({ type: 'text', array: true, transformer: gendersTransformer })
  genders!: Gender[];
  @Field(() => [String], { description: 'ISO 639-1 codes of the languages the service is offered in' })
  @Column({ type: 'text', array: true, default: '{}' })
  languages!: string[];
  @Field(() => [Channel]) @Column({ type: 'text', array: true, default: '{}' }) channels!: Channel[];
  @Field({ description: 'Open around the clock (e.g. a hotline)' })
  @Column({ type: 'boolean', name: 'open_24_hours', default: false })
  open24Hours!: boolean;
  @Field({ description: 'IANA time zone the opening hours are in' }) @Column({ type: 'text', default: 'UTC' }) timezone!: string;
  @Column({ type: 'jsonb', name: 'opening_hours', default: [] }) openingHours!: OpeningHours[];
  @Column({ type: 'int', name: 'capacity_available', nullable: true }) capacityAvailable!: number | null;
  @Column({ type: 'int', name: 'capacity_total', nullable: true }) capacityTotal!: number | null;
  @Column({ type: 'timestamptz', name: 'capacity_updated_at', nullable: true }) capacityUpdatedAt!: Date | null;
  @Column({ type: 'jsonb', name: 'intake_contact', default: {} }) intakeContactData!: Partial<IntakeContact>;
  @Column({ type: 'jsonb', name: 'how_to_refer', default: {} }) howToReferText!: Localized;
  @Column({ type: 'boolean', name: 'cost_free', default: true }) costFree!: boolean;
  @Column({ type: 'text', name: 'cost_note', nullable: true }) costNote!: string | null;
  @Field(() => ServiceStatus) @Column({ type: 'text', default: ServiceStatus.ACTIVE }) status!: ServiceStatus;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'status_reason', nullable: true }) statusReason!: string | null;
  @Field(() => [String], { description: 'Catalogue fields the service needs in a referral; the default disclosure never goes beyond them' })
  @Column({ type: 'text', array: true, name: 'referral_fields', default: '{}' })
  referralFields!: string[];
  // ---- what decides whether a referral makes sense (GraphQL fields in details.resolvers.ts) ----
  @Column({ type: 'jsonb', name: 'eligibility_descriptions', default: {} }) eligibilityTexts!: Localized;
  @Column({ type: 'boolean', name: 'documents_required', nullable: true }) documentsRequired!: boolean | null;
  @Column({ type: 'boolean', name: 'accepts_undocumented', nullable: true }) acceptsUndocumented!: boolean | null;
  @Column({ type: 'text', array: true, name: 'eligible_nationalities', default: '{}' }) eligibleNationalities!: string[];
  @Column({ type: 'text', array: true, name: 'excluded_nationalities', default: '{}' }) excludedNationalities!: string[];
  @Column({ type: 'jsonb', name: 'required_documents', default: [] }) requiredDocumentsData!: StoredRequiredDocument[];
  /** FREE, FEE or SLIDING_SCALE; null on rows written before fees existed (then costFree decides). */
  @Column({ type: 'text', name: 'fee_kind', nullable: true }) feeKind!: string | null;
  @Column({ type: 'jsonb', name: 'cost_options', default: [] }) costOptions!: StoredCostOption[];
  @Column({ type: 'jsonb', name: 'fees_descriptions', default: {} }) feesTexts!: Localized;
  @Column({ type: 'text', array: true, name: 'accessibility', default: '{}' }) accessibilityFeatures!: string[];
  @Column({ type: 'jsonb', name: 'accessibility_details', default: {} }) accessibilityTexts!: Localized;
  @Column({ type: 'text', array: true, name: 'interpretation_languages', default: '{}' }) interpretationLanguages!: string[];
  @Column({ type: 'boolean', name: 'interpretation_by_phone', default: false }) interpretationByPhone!: boolean;
  @Column({ type: 'boolean', name: 'interpretation_in_person', default: false }) interpretationInPerson!: boolean;
  @Column({ type: 'jsonb', name: 'interpretation_notes', default: {} }) interpretationTexts!: Localized;
  @Column({ type: 'text', array: true, name: 'standards', default: '{}' }) standardCodes!: string[];
  @Column({ type: 'jsonb', name: 'contacts', default: [] }) contactsData!: StoredContact[];
  @Column({ type: 'jsonb', name: 'closures', default: [] }) closuresData!: StoredClosure[];
  @Column({ type: 'jsonb', name: 'outreach', default: [] }) outreachData!: StoredOutreachVisit[];
  /** Derived (refreshDerived): some site has hours, closures or capacity of its own; else every site is the service. */
  @Column({ type: 'boolean', name: 'site_details', default: false }) siteDetails!: boolean;
  /** Derived: places are counted per site, and the service's capacity is their sum. */
  @Column({ type: 'boolean', name: 'capacity_per_site', default: false }) capacityPerSite!: boolean;
  @Column({ type: 'timestamptz', name: 'last_verified_at', nullable: true }) lastVerifiedAt!: Date | null;
  @Column({ type: 'text', name: 'last_verified_by', nullable: true }) lastVerifiedBy!: string | null;
  @Column({ type: 'text', name: 'last_verified_note', nullable: true }) lastVerifiedNote!: string | null;
  @Field(() => Date, { nullable: true, description: 'A NETWORK_ADMIN asked the owner to verify the entry (requestVerification); verifyService clears it' })
  @Column({ type: 'timestamptz', name: 'verification_requested_at', nullable: true })
  verificationRequestedAt!: Date | null;
  @Column({ type: 'text', name: 'verification_requested_by', nullable: true }) verificationRequestedBy!: string | null;
  @Field() @Column(created) createdAt!: Date;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'created_by', nullable: true }) createdBy!: string | null;
  @Field() @Column(updated) updatedAt!: Date;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'updated_by', nullable: true }) updatedBy!: string | null;
  /** Not a column: the codes of its categories, when read with it (a search page, search.ts), so showing them costs no statement. */
  categoryCodes?: string[];
}

@ObjectType({
  description: 'The provider lets the partner agency see the addresses and coordinates of its confidential locations',
})
@Entity({ name: 'partnerships' })
export class Partnership {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'provider_agency_id' }) providerAgencyId!: string;
  @Column({ type: 'uuid', name: 'partner_agency_id' }) partnerAgencyId!: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) note!: string | null;
  @Field() @Column({ type: 'timestamptz', name: 'started_at', default: () => 'now()' }) startedAt!: Date;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'ended_at', nullable: true }) endedAt!: Date | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'end_reason', nullable: true }) endReason!: string | null;
  @Field() @Column({ type: 'text', name: 'recorded_by' }) recordedBy!: string;
  @Field() get active(): boolean {
    return this.endedAt === null;
  }
}
