import { ArrayMaxSize, IsOptional, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Population } from '../directory/enums';
import { LANGUAGE_CODE } from '../shared/i18n';
import { DataCategory } from '../policy/data-catalogue';
import { CaseStatus, ConsentDecision, ConsentGivenBy, ConsentMethod, ConsentPurpose, GuardianRelation, MigrationPhase, SafeContactMethod, Sex } from './enums';
import { says } from '../shared/validation';

const text = (max = 2000) => MaxLength(max);
const HOUR = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

@InputType({ description: 'How the person may be contacted safely. CALL_AT_HOURS needs hoursFrom and hoursUntil; THROUGH_INTERMEDIARY needs intermediary' })
export class SafeContactInput {
  @Field(() => SafeContactMethod) method!: SafeContactMethod;
  @Field(() => String, { nullable: true, description: 'HH:MM, the person\'s local time' }) @IsOptional() @Matches(HOUR, says('validation.timeRange')) hoursFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'HH:MM, the person\'s local time' }) @IsOptional() @Matches(HOUR, says('validation.timeRange')) hoursUntil?: string | null;
  @Field(() => String, { nullable: true, description: 'Who to go through, and how to reach them' }) @IsOptional() @text(300) intermediary?: string | null;
  @Field(() => String, { nullable: true, description: 'Word to say so that the person knows the call is safe' }) @IsOptional() @text(100) codeWord?: string | null;
}

@InputType({ description: 'Personal fields of a case; each belongs to a category of the data catalogue' })
export class PersonalFieldsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @text(200) givenName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(200) familyName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(500) otherNames?: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @IsOptional() dateOfBirth?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'The date of birth is an estimate (e.g. only the year is known)' }) @IsOptional() dateOfBirthEstimated?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'When the date of birth is unknown' }) @IsOptional() @Min(0) @Max(130) ageEstimate?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(500) photoReference?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) @Matches(/^\+?[0-9 ()-]{4,40}$/, says('validation.phoneNumber')) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(500) address?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(500) emergencyContact?: string | null;
  @Field(() => SafeContactInput, { nullable: true, description: 'How the person may be contacted safely; goes to a receiving agency with every contact field' }) @IsOptional() @ValidateNested() safeContact?: SafeContactInput | null;
  @Field(() => Sex, { nullable: true }) @IsOptional() sex?: Sex | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(100) gender?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' }) @IsOptional() @Matches(/^[A-Z]{2}$/, says('validation.countryCodeShort')) nationality?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @Matches(LANGUAGE_CODE, { each: true, ...says('validation.eachLanguageCode') }) languages?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @text(500) literacy?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(100) identityDocumentNumber?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(100) travelDocumentNumber?: string | null;
  @Field(() => MigrationPhase, { nullable: true }) @IsOptional() migrationPhase?: MigrationPhase | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text() route?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text() transitDetails?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text() reasonsForMigrating?: string | null;
  @Field(() => [Population], { nullable: true }) @IsOptional() @ArrayMaxSize(20) vulnerabilities?: Population[];
  @Field(() => String, { nullable: true }) @IsOptional() @text(5000) protectionConcerns?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(5000) healthInformation?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text() disability?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(5000) assessmentSummary?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @text(5000) servicesReceived?: string | null;
}

@InputType()
export class ConsentInput {
  @Field(() => ConsentDecision) decision!: ConsentDecision;
  @Field(() => ConsentMethod) method!: ConsentMethod;
  @Field(() => ConsentGivenBy, { defaultValue: ConsentGivenBy.PERSON, description: 'PERSON (the default) only for an adult: a person under 18 needs CHILD_WITH_GUARDIAN or BEST_INTEREST_DETERMINATION' })
  givenBy!: ConsentGivenBy;
  @Field(() => String, { nullable: true, description: 'Guardian or guardianship authority, for assent (CHILD_WITH_GUARDIAN, GUARDIAN, GUARDIANSHIP_AUTHORITY)' }) @IsOptional() @MaxLength(200) guardianName?: string | null;
  @Field(() => GuardianRelation, { nullable: true, description: 'Required with CHILD_WITH_GUARDIAN' }) @IsOptional() guardianRelation?: GuardianRelation | null;
  @Field(() => String, { nullable: true, description: 'BEST_INTEREST_DETERMINATION: user id of the staff member of your agency who determined it' }) @IsOptional() @MaxLength(100) bestInterestDeterminedBy?: string | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'BEST_INTEREST_DETERMINATION: the day it was determined' }) @IsOptional() bestInterestDeterminedOn?: string | null;
  @Field(() => String, { nullable: true, description: 'Staff member certifying a verbal consent in writing' }) @IsOptional() @MaxLength(200) certifiedBy?: string | null;
  @Field({ description: 'Language the information was given in (ISO 639-1)' }) @Matches(LANGUAGE_CODE, says('validation.languageCode')) language!: string;
  @Field({ defaultValue: false }) interpreterUsed!: boolean;
  @Field(() => [ConsentPurpose]) @ArrayMaxSize(10) purposes!: ConsentPurpose[];
  @Field(() => [ID], { nullable: true, description: 'Agencies the person agrees may receive their data' }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', { each: true, ...says('validation.eachAgencyId') }) recipientAgencyIds?: string[];
  @Field(() => [DataCategory], { nullable: true }) @IsOptional() categories?: DataCategory[];
  @Field(() => Date, { nullable: true }) @IsOptional() validUntil?: Date | null;
  @Field(() => String, { nullable: true, description: 'Where the signed form or recording is kept' }) @IsOptional() @MaxLength(500) evidenceReference?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[0-9a-f]{64}$/, says('validation.sha256')) evidenceSha256?: string | null;
  @Field(() => ID, { nullable: true, description: 'A consent of the same case this one replaces' }) @IsOptional() @IsUUID('all', says('validation.consentId')) supersedesId?: string | null;
}

@InputType()
export class RegisterCaseInput {
  @Field(() => PersonalFieldsInput) @ValidateNested() person!: PersonalFieldsInput;
  @Field(() => ConsentInput, { description: 'The recorded consent to registration' }) @ValidateNested() consent!: ConsentInput;
}

@InputType()
export class UpdateCaseInput {
  @Field(() => ID) @IsUUID('all', says('validation.caseId')) id!: string;
  @Field(() => PersonalFieldsInput, { nullable: true }) @IsOptional() @ValidateNested() person?: PersonalFieldsInput;
}

@InputType()
export class CaseFilter {
  @Field(() => CaseStatus, { nullable: true }) @IsOptional() status?: CaseStatus;
  @Field(() => String, { nullable: true, description: 'Case code, or name among the cases you may read in full' }) @IsOptional() @MinLength(2) @MaxLength(100) search?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only the cases assigned to you' }) @IsOptional() assignedToMe?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'true: only the erased cases; false: only those not erased' }) @IsOptional() erased?: boolean | null;
}

