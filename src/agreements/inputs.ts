import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUrl, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { DataCategory } from '../policy/data-catalogue';
import { DsaStatus, MouStatus, SharingPurpose } from './enums';
import { says } from '../shared/validation';

const SHA256 = /^[0-9a-f]{64}$/;

@InputType()
export class DocumentReferenceInput {
  @Field() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, says('validation.httpUrl')) url!: string;
  @Field() @Matches(SHA256, says('validation.fileSha256')) sha256!: string;
}

@InputType()
export class CreateMouInput {
  @Field() @MinLength(1, says('validation.mustNotBeEmpty')) @MaxLength(100) referenceNumber!: string;
  @Field() @MinLength(1, says('validation.mustNotBeEmpty')) @MaxLength(300) title!: string;
  @Field(() => [ID], { description: 'Two or more agencies' }) @ArrayMinSize(2, says('validation.mouTwoParties')) @ArrayMaxSize(50) @IsUUID('all', { each: true, ...says('validation.eachAgencyId') }) partyIds!: string[];
  @Field(() => [ID], { nullable: true, description: 'Service category codes it covers' }) @IsOptional() @ArrayMaxSize(50) categoryCodes?: string[];
  @Field(() => [ID], { nullable: true, description: 'Areas it covers' }) @IsOptional() @ArrayMaxSize(500) @IsUUID('all', { each: true, ...says('validation.eachAreaId') }) areaIds?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10000) rolesAndResponsibilities?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10000) communication?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10000) outcomeMonitoring?: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() effectiveFrom?: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() expiresOn?: string | null;
}

@InputType()
export class UpdateMouInput {
  @Field(() => ID) @IsUUID('all', says('validation.mouId')) id!: string;
  @Field({ nullable: true }) @IsOptional() @MinLength(1, says('validation.mustNotBeEmpty')) @MaxLength(300) title?: string;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMinSize(2, says('validation.mouTwoParties')) @ArrayMaxSize(50) @IsUUID('all', { each: true, ...says('validation.eachAgencyId') }) partyIds?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) categoryCodes?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(500) @IsUUID('all', { each: true, ...says('validation.eachAreaId') }) areaIds?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10000) rolesAndResponsibilities?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10000) communication?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10000) outcomeMonitoring?: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() effectiveFrom?: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() expiresOn?: string | null;
}

@InputType()
export class SignMouInput {
  @Field(() => ID) @IsUUID('all', says('validation.mouId')) id!: string;
  @Field(() => LocalDateResolver, { description: 'The date your agency signed the document' }) signedOn!: string;
  @Field(() => LocalDateResolver, { nullable: true, description: 'Set by the first signature (default: its date, or the effective date already set); a later signature may only repeat it' }) @IsOptional() effectiveFrom?: string | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'Set by the first signature; a later signature may only repeat it' }) @IsOptional() expiresOn?: string | null;
  @Field(() => DocumentReferenceInput, { description: 'The signed document: every party signs the same one (same SHA-256)' }) @ValidateNested() document!: DocumentReferenceInput;
}

@InputType()
export class MouFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', says('validation.agencyId')) partyAgencyId?: string;
  @Field(() => [MouStatus], { nullable: true }) @IsOptional() status?: MouStatus[];
  @Field(() => ID, { nullable: true, description: 'Covers this category, one of its ancestors or descendants' }) @IsOptional() @MaxLength(100) categoryCode?: string;
  @Field(() => ID, { nullable: true, description: 'Covers this area, one containing it or one inside it' }) @IsOptional() @IsUUID('all', says('validation.areaId')) areaId?: string;
  @Field(() => Int, { nullable: true, description: 'In force and expiring within this many days' }) @IsOptional() @Min(0) @Max(3650) expiringWithinDays?: number;
}

@InputType()
export class SopStepInput {
  @Field() @MinLength(1, says('validation.mustNotBeEmpty')) @MaxLength(300) title!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
}

@InputType()
export class PublishSopInput {
  @Field(() => ID, { nullable: true, description: 'The version this one supersedes; omit for a new SOP' }) @IsOptional() @IsUUID('all', says('validation.sopId')) supersedesId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Required for a new SOP; a new version keeps its owner' }) @IsOptional() @IsUUID('all', says('validation.agencyId')) ownerAgencyId?: string | null;
  @Field() @MinLength(1, says('validation.mustNotBeEmpty')) @MaxLength(300) title!: string;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) categoryCodes?: string[];
  @Field(() => [SopStepInput]) @ArrayMinSize(1, says('validation.sopOneStep')) @ArrayMaxSize(100) @ValidateNested({ each: true }) steps!: SopStepInput[];
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1, says('validation.atLeastOneHour')) @Max(8760) emergencyResponseHours?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1, says('validation.atLeastOneHour')) @Max(8760) urgentResponseHours?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1, says('validation.atLeastOneHour')) @Max(8760) normalResponseHours?: number | null;
  @Field(() => LocalDateResolver) effectiveFrom!: string;
  @Field(() => LocalDateResolver) reviewDue!: string;
}

@InputType()
export class SopFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', says('validation.agencyId')) ownerAgencyId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(100) categoryCode?: string;
  @Field({ nullable: true, description: 'Only current versions whose review date has passed' }) @IsOptional() reviewOverdue?: boolean;
  @Field({ nullable: true, description: 'Include superseded versions (default false)' }) @IsOptional() includeSuperseded?: boolean;
}

@InputType()
export class CreateDsaInput {
  @Field() @MinLength(1, says('validation.mustNotBeEmpty')) @MaxLength(100) referenceNumber!: string;
  @Field() @MinLength(1, says('validation.mustNotBeEmpty')) @MaxLength(300) title!: string;
  @Field(() => ID) @IsUUID('all', says('validation.agencyId')) providingAgencyId!: string;
  @Field(() => ID) @IsUUID('all', says('validation.agencyId')) receivingAgencyId!: string;
  @Field(() => [SharingPurpose]) @ArrayMinSize(1, says('validation.onePurpose')) purposes!: SharingPurpose[];
  @Field(() => [DataCategory]) @ArrayMinSize(1, says('validation.oneDataCategory')) categories!: DataCategory[];
  @Field(() => [String], { nullable: true, description: 'Catalogue fields excluded even within the categories' }) @IsOptional() @ArrayMaxSize(100) excludedFields?: string[];
  @Field(() => LocalDateResolver) validFrom!: string;
  @Field(() => LocalDateResolver) validUntil!: string;
  @Field(() => Int, { description: 'How long the receiver may keep the data' }) @Min(1, says('validation.atLeastOneDay')) @Max(36500) retentionDays!: number;
  @Field({ defaultValue: false }) onwardSharingAllowed!: boolean;
  @Field(() => LocalDateResolver) riskAssessmentDate!: string;
  @Field() @MinLength(1, says('validation.mustNotBeEmpty')) @MaxLength(300) riskAssessmentReference!: string;
}

@InputType()
export class DsaFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', says('validation.agencyId')) partyAgencyId?: string;
  @Field(() => [DsaStatus], { nullable: true }) @IsOptional() status?: DsaStatus[];
  @Field(() => Int, { nullable: true, description: 'In force and ending within this many days' }) @IsOptional() @Min(0) @Max(3650) expiringWithinDays?: number;
}

@InputType()
export class DataSharingQuestionInput {
  @Field(() => ID) @IsUUID('all', says('validation.agencyId')) providingAgencyId!: string;
  @Field(() => ID) @IsUUID('all', says('validation.agencyId')) receivingAgencyId!: string;
  @Field(() => SharingPurpose) purpose!: SharingPurpose;
  @Field({ description: 'A field of the personal-data catalogue' }) @MaxLength(100) field!: string;
  @Field(() => Date, { nullable: true, description: 'Default: now' }) @IsOptional() at?: Date | null;
}
