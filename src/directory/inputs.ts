import { Role } from '../auth/roles';
import {
  ArrayMaxSize, ArrayMinSize, IsEmail, IsUrl, IsUUID, Matches, Max, MaxLength, Min, ValidateNested, IsOptional,
} from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { LANGUAGE_CODE, LocalizedTextInput } from '../shared/i18n';
import { IsCountryCode, IsLanguageCode } from '../shared/codes';
import { AccessibilityFeature, ServiceStandard } from './details-enums';
import {
  AccessibilityInput, ClosureInput, EligibilityInput, FeesInput, InterpretationInput, OutreachVisitInput, RequiredDocumentInput, ServiceContactInput, ServiceSiteInput,
} from './details-inputs';
import { AgencyType, AreaLevel, Channel, FacilityType, Gender, Population, ServiceOrder, ServiceStatus, Weekday } from './enums';
import { says } from '../shared/validation';
import { COUNTRY_CODE_SHAPE } from '../shared/codes';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const langMessage = { each: true, ...says('validation.eachLanguageCodeExample') };

@InputType()
export class CreateAgencyInput {
  @Field(() => [LocalizedTextInput]) @ArrayMinSize(1, says('validation.nameInOneLanguage')) @ArrayMaxSize(20) @ValidateNested({ each: true })
  names!: LocalizedTextInput[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(30) acronym?: string | null;
  @Field(() => AgencyType) type!: AgencyType;
  @Field({ description: 'ISO 3166-1 alpha-2' }) @Matches(COUNTRY_CODE_SHAPE, says('validation.countryCodeExample')) countryCode!: string;
  @Field(() => [LocalizedTextInput], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) descriptions?: LocalizedTextInput[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, says('validation.emailAddress')) email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) @Matches(/^\+?[0-9 ()-]{4,40}$/, says('validation.phoneNumber')) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, says('validation.httpUrl')) website?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(30) @Matches(LANGUAGE_CODE, langMessage) languages?: string[];
  @Field({ nullable: true }) @IsOptional() fictional?: boolean;
  @Field(() => [Role], { nullable: true, description: 'Roles the agency may give its staff (default: the four agency roles); STEERING_COMMITTEE and NETWORK_ADMIN designate it for network-wide roles' })
  @IsOptional() @ArrayMaxSize(10)
  grantableRoles?: Role[];
}

@InputType()
export class UpdateAgencyInput {
  @Field(() => ID) @IsUUID('all', says('validation.agencyId')) id!: string;
  @Field(() => [LocalizedTextInput], { nullable: true }) @IsOptional() @ArrayMinSize(1, says('validation.nameInOneLanguage')) @ArrayMaxSize(20) @ValidateNested({ each: true }) names?: LocalizedTextInput[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(30) acronym?: string | null;
  @Field(() => AgencyType, { nullable: true }) @IsOptional() type?: AgencyType;
  @Field({ nullable: true }) @IsOptional() @Matches(COUNTRY_CODE_SHAPE, says('validation.countryCodeExample')) countryCode?: string;
  @Field(() => [LocalizedTextInput], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) descriptions?: LocalizedTextInput[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, says('validation.emailAddress')) email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) @Matches(/^\+?[0-9 ()-]{4,40}$/, says('validation.phoneNumber')) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, says('validation.httpUrl')) website?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(30) @Matches(LANGUAGE_CODE, langMessage) languages?: string[];
}

@InputType()
export class AgencyFilter {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) text?: string;
  @Field(() => [AgencyType], { nullable: true }) @IsOptional() @ArrayMaxSize(20) types?: AgencyType[];
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(COUNTRY_CODE_SHAPE, says('validation.countryCodeExample')) countryCode?: string;
}

@InputType()
export class CreateAreaInput {
  @Field() @Matches(/^[A-Z0-9][A-Z0-9-]{1,40}$/, says('validation.areaCode')) code!: string;
  @Field(() => [LocalizedTextInput]) @ArrayMinSize(1, says('validation.nameInOneLanguage')) @ArrayMaxSize(20) @ValidateNested({ each: true }) names!: LocalizedTextInput[];
  @Field(() => AreaLevel) level!: AreaLevel;
  @Field(() => ID, { nullable: true, description: 'Required for every level below COUNTRY' }) @IsOptional() @IsUUID('all', says('validation.areaId')) parentId?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-90) @Max(90) latitude?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-180) @Max(180) longitude?: number | null;
}

@InputType()
export class AreaFilter {
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(COUNTRY_CODE_SHAPE, says('validation.countryCodeExample')) countryCode?: string;
  @Field(() => AreaLevel, { nullable: true }) @IsOptional() level?: AreaLevel;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', says('validation.areaId')) parentId?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) text?: string;
}

@InputType()
export class CreateLocationInput {
  @Field(() => ID) @IsUUID('all', says('validation.agencyId')) agencyId!: string;
  @Field(() => [LocalizedTextInput]) @ArrayMinSize(1, says('validation.nameInOneLanguage')) @ArrayMaxSize(20) @ValidateNested({ each: true }) names!: LocalizedTextInput[];
  @Field(() => FacilityType) facilityType!: FacilityType;
  @Field(() => ID) @IsUUID('all', says('validation.areaId')) areaId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) locality?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) address?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-90, says('validation.latitude')) @Max(90, says('validation.latitude')) latitude?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-180, says('validation.longitude')) @Max(180, says('validation.longitude')) longitude?: number | null;
  @Field({ nullable: true, description: 'A safe shelter: address and position shown only to the provider and its partners' }) @IsOptional() confidential?: boolean;
}

@InputType()
export class UpdateLocationInput {
  @Field(() => ID) @IsUUID('all', says('validation.locationId')) id!: string;
  @Field(() => [LocalizedTextInput], { nullable: true }) @IsOptional() @ArrayMinSize(1, says('validation.nameInOneLanguage')) @ArrayMaxSize(20) @ValidateNested({ each: true }) names?: LocalizedTextInput[];
  @Field(() => FacilityType, { nullable: true }) @IsOptional() facilityType?: FacilityType;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', says('validation.areaId')) areaId?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) locality?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) address?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-90, says('validation.latitude')) @Max(90, says('validation.latitude')) latitude?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(-180, says('validation.longitude')) @Max(180, says('validation.longitude')) longitude?: number | null;
  @Field({ nullable: true }) @IsOptional() confidential?: boolean;
}

@InputType()
export class LocationFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', { each: true, ...says('validation.eachAgencyId') }) agencyIds?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', { each: true, ...says('validation.eachAreaId') }) areaIds?: string[];
  @Field(() => [FacilityType], { nullable: true }) @IsOptional() facilityTypes?: FacilityType[];
}

@InputType()
export class OpeningHoursInput {
  @Field(() => Weekday) day!: Weekday;
  @Field() @Matches(HHMM, says('validation.time')) opens!: string;
  @Field() @Matches(HHMM, says('validation.time')) closes!: string;
}

@InputType()
export class CapacityInput {
  @Field(() => Int) @Min(0, says('validation.zeroOrMore')) @Max(1_000_000) available!: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0, says('validation.zeroOrMore')) @Max(1_000_000) total?: number | null;
}

@InputType()
export class IntakeContactInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) name?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) @Matches(/^\+?[0-9 ()-]{4,40}$/, says('validation.phoneNumber')) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, says('validation.emailAddress')) email?: string | null;
}

/** Fields shared by create and update; not itself part of the schema (type-graphql emits only reachable types). */
@InputType('ServiceFieldsBase')
class ServiceFields {
  @Field(() => [LocalizedTextInput], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) descriptions?: LocalizedTextInput[];
  @Field(() => [ID], { nullable: true, description: 'Locations of the same agency where it is delivered' }) @IsOptional() @ArrayMaxSize(200) @IsUUID('all', { each: true, ...says('validation.eachLocationId') }) locationIds?: string[];
  @Field(() => [ID], { nullable: true, description: 'Areas covered beyond the locations (e.g. a national hotline covers its country)' }) @IsOptional() @ArrayMaxSize(500) @IsUUID('all', { each: true, ...says('validation.eachAreaId') }) coverageAreaIds?: string[];
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0) @Max(130) ageMin?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0) @Max(130) ageMax?: number | null;
  @Field(() => [Gender], { nullable: true, description: 'Empty means everyone' }) @IsOptional() genders?: Gender[];
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @Matches(LANGUAGE_CODE, langMessage) languages?: string[];
  @Field(() => [Channel], { nullable: true }) @IsOptional() channels?: Channel[];
  @Field({ nullable: true }) @IsOptional() open24Hours?: boolean;
  @Field({ nullable: true, description: 'IANA time zone of the opening hours, e.g. "Africa/Niamey"' }) @IsOptional() @MaxLength(64) timezone?: string;
  @Field(() => [OpeningHoursInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) openingHours?: OpeningHoursInput[];
  @Field(() => CapacityInput, { nullable: true }) @IsOptional() @ValidateNested() capacity?: CapacityInput | null;
  @Field(() => IntakeContactInput, { nullable: true }) @IsOptional() @ValidateNested() intakeContact?: IntakeContactInput;
  @Field(() => [LocalizedTextInput], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) howToRefer?: LocalizedTextInput[];
  @Field({ nullable: true }) @IsOptional() costFree?: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) costNote?: string | null;
  @Field(() => [String], { nullable: true, description: 'Catalogue fields the service needs in a referral (see dataCatalogue)' }) @IsOptional() @ArrayMaxSize(50) referralFields?: string[];
  // ---- what decides whether a referral makes sense (details-inputs.ts); each group given replaces the stored one ----
  @Field(() => EligibilityInput, { nullable: true }) @IsOptional() @ValidateNested() eligibility?: EligibilityInput;
  @Field(() => [RequiredDocumentInput], { nullable: true }) @IsOptional() @ArrayMaxSize(30) @ValidateNested({ each: true }) requiredDocuments?: RequiredDocumentInput[];
  @Field(() => FeesInput, { nullable: true, description: 'Sets costFree too (true for FREE)' }) @IsOptional() @ValidateNested() fees?: FeesInput;
  @Field(() => AccessibilityInput, { nullable: true }) @IsOptional() @ValidateNested() accessibility?: AccessibilityInput;
  @Field(() => InterpretationInput, { nullable: true }) @IsOptional() @ValidateNested() interpretation?: InterpretationInput;
  @Field(() => [ServiceStandard], { nullable: true }) @IsOptional() @ArrayMaxSize(30) standards?: ServiceStandard[];
  @Field(() => [ServiceContactInput], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) contacts?: ServiceContactInput[];
  @Field(() => [ClosureInput], { nullable: true, description: 'Dates the whole service is closed (holidays)' }) @IsOptional() @ArrayMaxSize(100) @ValidateNested({ each: true }) closures?: ClosureInput[];
  @Field(() => [OutreachVisitInput], { nullable: true, description: 'Dates and places a mobile team visits' }) @IsOptional() @ArrayMaxSize(200) @ValidateNested({ each: true }) outreach?: OutreachVisitInput[];
  @Field(() => [ServiceSiteInput], { nullable: true, description: 'Locations with their own hours, capacity and closures; replaces locationIds (give one or the other)' })
  @IsOptional() @ArrayMaxSize(200) @ValidateNested({ each: true }) sites?: ServiceSiteInput[];
}

@InputType()
export class CreateServiceInput extends ServiceFields {
  @Field(() => ID) @IsUUID('all', says('validation.agencyId')) agencyId!: string;
  @Field(() => [LocalizedTextInput]) @ArrayMinSize(1, says('validation.nameInOneLanguage')) @ArrayMaxSize(20) @ValidateNested({ each: true }) names!: LocalizedTextInput[];
  @Field(() => [ID], { description: 'Service category codes' }) @ArrayMinSize(1, says('validation.atLeastOneCategory')) @ArrayMaxSize(30) categoryCodes!: string[];
  @Field(() => [Population]) @ArrayMinSize(1, says('validation.atLeastOnePopulation')) populations!: Population[];
  @Field(() => ServiceStatus, { nullable: true }) @IsOptional() status?: ServiceStatus;
}

@InputType()
export class UpdateServiceInput extends ServiceFields {
  @Field(() => ID) @IsUUID('all', says('validation.serviceId')) id!: string;
  @Field(() => [LocalizedTextInput], { nullable: true }) @IsOptional() @ArrayMinSize(1, says('validation.nameInOneLanguage')) @ArrayMaxSize(20) @ValidateNested({ each: true }) names?: LocalizedTextInput[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMinSize(1, says('validation.atLeastOneCategory')) @ArrayMaxSize(30) categoryCodes?: string[];
  @Field(() => [Population], { nullable: true }) @IsOptional() @ArrayMinSize(1, says('validation.atLeastOnePopulation')) populations?: Population[];
}

@InputType()
export class NearInput {
  @Field(() => Float) @Min(-90, says('validation.latitude')) @Max(90, says('validation.latitude')) latitude!: number;
  @Field(() => Float) @Min(-180, says('validation.longitude')) @Max(180, says('validation.longitude')) longitude!: number;
  @Field(() => Float, { description: 'Radius in km, more than 0 and at most 1000' }) @Min(0.001, says('validation.moreThanZeroKm')) @Max(1000, says('validation.atMost1000Km')) radiusKm!: number;
}

@InputType({ description: 'All given filters must hold (AND)' })
export class ServiceFilter {
  @Field(() => String, { nullable: true, description: 'Words in names and descriptions of the service or agency, any language; small typos tolerated' })
  @IsOptional() @MaxLength(200) text?: string;
  @Field(() => [ID], { nullable: true, description: 'Category codes; a category includes its descendants' }) @IsOptional() @ArrayMaxSize(50) @MaxLength(100, { each: true }) categories?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', { each: true, ...says('validation.eachAgencyId') }) agencyIds?: string[];
  @Field(() => [AgencyType], { nullable: true }) @IsOptional() agencyTypes?: AgencyType[];
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' }) @IsOptional() @Matches(COUNTRY_CODE_SHAPE, says('validation.countryCodeExample')) countryCode?: string;
  @Field(() => [ID], { nullable: true, description: 'Services delivered in or covering any of these areas' }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', { each: true, ...says('validation.eachAreaId') }) areaIds?: string[];
  @Field(() => NearInput, { nullable: true }) @IsOptional() @ValidateNested() near?: NearInput;
  @Field(() => Population, { nullable: true }) @IsOptional() population?: Population;
  @Field(() => Int, { nullable: true, description: "The person's age in years" }) @IsOptional() @Min(0, says('validation.between', { min: 0, max: 130 })) @Max(130, says('validation.between', { min: 0, max: 130 })) age?: number;
  @Field(() => Gender, { nullable: true }) @IsOptional() gender?: Gender;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(LANGUAGE_CODE, says('validation.languageCodeExample')) language?: string;
  @Field(() => Channel, { nullable: true }) @IsOptional() channel?: Channel;
  @Field(() => Date, { nullable: true, description: 'Open at this instant at one of its sites (each in its own time zone, holiday closures included), or a mobile team visit under way' }) @IsOptional() openAt?: Date;
  @Field({ nullable: true, description: 'true: places available (or capacity not tracked) at one of its sites, the same one as openAt when both are given; false: full everywhere' }) @IsOptional() hasCapacity?: boolean;
  @Field({ nullable: true, description: 'true: free of charge; false: a fee or a sliding scale' }) @IsOptional() freeOfCharge?: boolean;
  @Field({ nullable: true, description: 'true: serves people without identity documents or legal status; false: says it does not' }) @IsOptional() acceptsWithoutDocuments?: boolean;
  @Field({ nullable: true, description: 'false: no documents asked for; true: documents required' }) @IsOptional() documentsRequired?: boolean;
  @Field(() => String, { nullable: true, description: 'A person of this nationality (ISO 3166-1 alpha-2) is not excluded by a nationality restriction' }) @IsOptional() @IsCountryCode() nationality?: string;
  @Field(() => [AccessibilityFeature], { nullable: true, description: 'Has every one of these features' }) @IsOptional() @ArrayMaxSize(20) accessibility?: AccessibilityFeature[];
  @Field(() => String, { nullable: true, description: 'Interpretation available in this language (ISO 639)' }) @IsOptional() @IsLanguageCode() interpretationLanguage?: string;
  @Field({ nullable: true, description: 'true: interpretation by phone available' }) @IsOptional() interpretationByPhone?: boolean;
  @Field(() => [ServiceStandard], { nullable: true, description: 'Applies every one of these standards' }) @IsOptional() @ArrayMaxSize(20) standards?: ServiceStandard[];
  @Field(() => [ServiceStatus], { nullable: true, description: 'Default: ACTIVE only' }) @IsOptional() @ArrayMinSize(1) status?: ServiceStatus[];
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1, says('validation.between', { min: 1, max: 3650 })) @Max(3650, says('validation.between', { min: 1, max: 3650 })) verifiedWithinDays?: number;
}

export { ServiceOrder };
