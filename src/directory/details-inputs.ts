import {
  ArrayMaxSize, IsEmail, IsOptional, IsUrl, IsUUID, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { IsCountryCode, IsCurrencyCode, IsLanguageCode, IsPhoneNumber } from '../shared/codes';
import { LocalizedTextInput } from '../shared/i18n';
import { AccessibilityFeature, ContactRole, FeeKind, RequiredDocumentType } from './details-enums';
import { Weekday } from './enums';
import { says } from '../shared/validation';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const hhmm = says('validation.time');

/**
 * Inputs of the details that decide a referral. In createService/updateService each group given replaces
 * the stored one as a whole; a group left out stays as it is.
 */

@InputType()
export class EligibilityInput {
  @Field(() => [LocalizedTextInput], { nullable: true, description: 'Who the service is for, in words, per language' })
  @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) descriptions?: LocalizedTextInput[];
  @Field(() => Boolean, { nullable: true, description: 'null: not stated' }) @IsOptional() documentsRequired?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'People without documents or legal status are served; null: not stated' })
  @IsOptional() acceptsWithoutDocuments?: boolean | null;
  @Field(() => [String], { nullable: true, description: 'Only these nationalities (ISO 3166-1 alpha-2); empty or left out: any' })
  @IsOptional() @ArrayMaxSize(250) @IsCountryCode({ each: true }) nationalities?: string[];
  @Field(() => [String], { nullable: true, description: 'Nationalities not served (ISO 3166-1 alpha-2)' })
  @IsOptional() @ArrayMaxSize(250) @IsCountryCode({ each: true }) excludedNationalities?: string[];
}

@InputType()
export class RequiredDocumentInput {
  @Field(() => RequiredDocumentType) type!: RequiredDocumentType;
  @Field(() => [LocalizedTextInput], { nullable: true, description: 'Label per language; default: the name of the type' })
  @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) labels?: LocalizedTextInput[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, says('validation.httpUrl')) url?: string | null;
}

@InputType()
export class CostOptionInput {
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0, says('validation.zeroOrMore')) @Max(1e12) amount?: number | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217, e.g. "XOF"; required with an amount' }) @IsOptional() @IsCurrencyCode() currency?: string | null;
  @Field(() => [LocalizedTextInput], { nullable: true, description: 'What this price is for, e.g. "consultation"' })
  @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) descriptions?: LocalizedTextInput[];
}

@InputType()
export class FeesInput {
  @Field(() => FeeKind) kind!: FeeKind;
  @Field(() => [CostOptionInput], { nullable: true, description: 'Prices; none for FREE' }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) options?: CostOptionInput[];
  @Field(() => [LocalizedTextInput], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) descriptions?: LocalizedTextInput[];
}

@InputType()
export class AccessibilityInput {
  @Field(() => [AccessibilityFeature]) @ArrayMaxSize(20) features!: AccessibilityFeature[];
  @Field(() => [LocalizedTextInput], { nullable: true, description: 'Details per language, e.g. "ramp at the side entrance"' })
  @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) details?: LocalizedTextInput[];
}

@InputType()
export class InterpretationInput {
  @Field(() => [String], { description: 'ISO 639 codes' }) @ArrayMaxSize(60) @IsLanguageCode({ each: true }) languages!: string[];
  @Field({ nullable: true, defaultValue: false }) @IsOptional() byPhone?: boolean;
  @Field({ nullable: true, defaultValue: false }) @IsOptional() inPerson?: boolean;
  @Field(() => [LocalizedTextInput], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) notes?: LocalizedTextInput[];
}

@InputType()
export class HoursInput {
  @Field(() => Weekday) day!: Weekday;
  @Field() @Matches(HHMM, hhmm) opens!: string;
  @Field() @Matches(HHMM, hhmm) closes!: string;
}

@InputType()
export class ServiceContactInput {
  @Field(() => ContactRole) role!: ContactRole;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) name?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) title?: string | null;
  @Field(() => String, { nullable: true, description: 'International format: "+", country code, number' }) @IsOptional() @IsPhoneNumber() phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(320) @IsEmail({}, says('validation.emailAddress')) email?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(30) @IsLanguageCode({ each: true }) languages?: string[];
  @Field(() => [HoursInput], { nullable: true, description: "When it answers, in the service's time zone" }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) hours?: HoursInput[];
  @Field({ nullable: true, defaultValue: false, description: 'Answers around the clock' }) @IsOptional() always?: boolean;
}

@InputType()
export class ClosureInput {
  @Field(() => LocalDateResolver) from!: string;
  @Field(() => LocalDateResolver, { description: 'Last closed day (included)' }) to!: string;
  @Field(() => [LocalizedTextInput], { nullable: true, description: 'e.g. "Independence Day"' }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) reasons?: LocalizedTextInput[];
}

@InputType()
export class OutreachVisitInput {
  @Field(() => LocalDateResolver) date!: string;
  @Field() @Matches(HHMM, hhmm) opens!: string;
  @Field() @Matches(HHMM, hhmm) closes!: string;
  @Field(() => ID, { description: 'The area visited (a locality or district)' }) @IsUUID('all', says('validation.areaId')) areaId!: string;
  @Field(() => [LocalizedTextInput], { nullable: true, description: 'Where exactly, e.g. "market square"' }) @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) places?: LocalizedTextInput[];
}

@InputType()
export class SiteCapacityInput {
  @Field(() => Int) @Min(0, says('validation.zeroOrMore')) @Max(1_000_000) available!: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0, says('validation.zeroOrMore')) @Max(1_000_000) total?: number | null;
}

@InputType({ description: 'The service at one of its locations; what is left out is the service\'s' })
export class ServiceSiteInput {
  @Field(() => ID) @IsUUID('all', says('validation.locationId')) locationId!: string;
  @Field(() => [HoursInput], { nullable: true, description: "Hours of this site; left out: the service's" }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) openingHours?: HoursInput[] | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() open24Hours?: boolean | null;
  @Field(() => String, { nullable: true, description: "IANA time zone; left out: the service's" }) @IsOptional() @MaxLength(64) timezone?: string | null;
  @Field(() => SiteCapacityInput, { nullable: true, description: 'Places at this site; then the service counts places per site' }) @IsOptional() @ValidateNested() capacity?: SiteCapacityInput | null;
  @Field(() => [ClosureInput], { nullable: true, description: 'Dates this site only is closed' }) @IsOptional() @ArrayMaxSize(100) @ValidateNested({ each: true }) closures?: ClosureInput[];
  @Field(() => [LocalizedTextInput], { nullable: true, description: 'e.g. "entrance at the back"; hidden with the address of a confidential location' })
  @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) notes?: LocalizedTextInput[];
}
