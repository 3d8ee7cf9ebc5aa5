import { ArrayMaxSize, IsOptional, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DeclineReason, OutcomeReason, ReferralOutcome, ReferralPriority, ReferralStatus } from './enums';
import { says } from '../shared/validation';

@InputType()
export class SendReferralInput {
  @Field(() => ID) @IsUUID('all', says('validation.caseId')) caseId!: string;
  @Field(() => ID) @IsUUID('all', says('validation.serviceId')) serviceId!: string;
  @Field(() => ReferralPriority) priority!: ReferralPriority;
  @Field() @MinLength(3, says('validation.sayWhyReferred')) @MaxLength(5000) reasons!: string;
  @Field(() => [String], { nullable: true, description: 'Catalogue fields to disclose; default: the smallest set the consent, the agreement and the service\'s needs all allow' })
  @IsOptional() @ArrayMaxSize(50) disclosedFields?: string[];
  @Field({ defaultValue: false, description: 'Share only the case code' }) anonymous!: boolean;
  @Field(() => String, { nullable: true, description: 'Emergency without consent: the vital-interest justification (DATA_PROTECTION_OFFICER or CASE_MANAGER)' })
  @IsOptional() @MaxLength(5000) vitalInterestJustification?: string | null;
}

@InputType()
export class ReferralFilter {
  @Field(() => [ReferralStatus], { nullable: true }) @IsOptional() status?: ReferralStatus[];
  @Field(() => [ReferralPriority], { nullable: true }) @IsOptional() priority?: ReferralPriority[];
  @Field({ nullable: true, description: 'Response due in the past and still SENT' }) @IsOptional() overdue?: boolean;
  @Field(() => ID, { nullable: true, description: 'Service category (includes sub-categories)' }) @IsOptional() @MaxLength(100) categoryCode?: string;
  @Field(() => Date, { nullable: true }) @IsOptional() sentFrom?: Date;
  @Field(() => Date, { nullable: true }) @IsOptional() sentTo?: Date;
  @Field({ nullable: true, description: 'Inbox only: true, assigned to you; false, not assigned to you' }) @IsOptional() assignedToMe?: boolean;
  @Field({ nullable: true, description: 'Inbox only: true, assigned to nobody; false, assigned to someone' }) @IsOptional() unassigned?: boolean;
  @Field({ nullable: true, description: 'true: the sender asked for an update not yet answered' }) @IsOptional() updateRequested?: boolean;
}

@InputType()
export class DeclineReferralInput {
  @Field(() => ID) @IsUUID('all', says('validation.referralId')) id!: string;
  @Field(() => DeclineReason) reason!: DeclineReason;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) note?: string | null;
  @Field(() => ID, { nullable: true, description: 'Another service (ACTIVE) the sending agency could refer the person to; shown to both agencies' })
  @IsOptional() @IsUUID('all', says('validation.serviceId')) suggestedServiceId?: string | null;
}

@InputType()
export class CompleteReferralInput {
  @Field(() => ID) @IsUUID('all', says('validation.referralId')) id!: string;
  @Field(() => ReferralOutcome) outcome!: ReferralOutcome;
  @Field(() => OutcomeReason, { nullable: true, description: 'Required unless SERVICE_PROVIDED' }) @IsOptional() outcomeReason?: OutcomeReason | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) note?: string | null;
}
