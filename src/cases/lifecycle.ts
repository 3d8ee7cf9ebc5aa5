/**
 * The vocabulary of a case's lifecycle: closing, reopening and transferring a case to another agency.
 * Reasons are codes (they go to the audit log); the optional note is free text about the person and stays
 * with the lifecycle event (case_lifecycle_events), never in the audit log.
 */
import { IsOptional, IsUUID, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { says } from '../shared/validation';

export enum CaseLifecycleKind { CLOSED = 'CLOSED', REOPENED = 'REOPENED', TRANSFERRED = 'TRANSFERRED' }

export enum CaseClosureReason {
  SERVICES_COMPLETED = 'SERVICES_COMPLETED',
  PERSON_MOVED_ON = 'PERSON_MOVED_ON',
  PERSON_DECLINED_FURTHER_SUPPORT = 'PERSON_DECLINED_FURTHER_SUPPORT',
  PERSON_UNREACHABLE = 'PERSON_UNREACHABLE',
  /** Handed to an agency outside the network; a transfer inside it is transferCase. */
  TRANSFERRED = 'TRANSFERRED',
  DECEASED = 'DECEASED',
  OTHER = 'OTHER',
}

export enum CaseReopenReason {
  PERSON_RETURNED = 'PERSON_RETURNED',
  NEW_NEEDS = 'NEW_NEEDS',
  CLOSED_IN_ERROR = 'CLOSED_IN_ERROR',
  OTHER = 'OTHER',
}

export enum CaseTransferReason {
  PERSON_MOVED = 'PERSON_MOVED',
  SPECIALISED_SUPPORT = 'SPECIALISED_SUPPORT',
  PERSON_ASKED = 'PERSON_ASKED',
  CAPACITY = 'CAPACITY',
  OTHER = 'OTHER',
}

registerEnumType(CaseLifecycleKind, { name: 'CaseLifecycleKind' });
registerEnumType(CaseClosureReason, { name: 'CaseClosureReason', description: 'TRANSFERRED: handed to an agency outside the network (inside it, use transferCase); OTHER needs a note' });
registerEnumType(CaseReopenReason, { name: 'CaseReopenReason', description: 'OTHER needs a note' });
registerEnumType(CaseTransferReason, { name: 'CaseTransferReason', description: 'OTHER needs a note' });

const NOTE = { nullable: true, description: 'Free text, kept with the lifecycle event for those who read the case\'s records; the audit log holds only its SHA-256' } as const;

@InputType()
export class CloseCaseInput {
  @Field(() => ID) @IsUUID('all', says('validation.caseId')) caseId!: string;
  @Field(() => CaseClosureReason) reason!: CaseClosureReason;
  @Field(() => String, NOTE) @IsOptional() @MaxLength(2000) note?: string | null;
}

@InputType()
export class ReopenCaseInput {
  @Field(() => ID) @IsUUID('all', says('validation.caseId')) caseId!: string;
  @Field(() => CaseReopenReason) reason!: CaseReopenReason;
  @Field(() => String, NOTE) @IsOptional() @MaxLength(2000) note?: string | null;
}

@InputType()
export class TransferCaseInput {
  @Field(() => ID) @IsUUID('all', says('validation.caseId')) caseId!: string;
  @Field(() => ID, { description: 'The agency that takes the case over' }) @IsUUID('all', says('validation.agencyId')) toAgencyId!: string;
  @Field(() => CaseTransferReason) reason!: CaseTransferReason;
  @Field(() => String, NOTE) @IsOptional() @MaxLength(2000) note?: string | null;
}

@ObjectType({ description: 'One step of a case\'s lifecycle: closed, reopened, or transferred to another agency' })
export class CaseLifecycleEvent {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field(() => CaseLifecycleKind) kind!: CaseLifecycleKind;
  @Field({ description: 'A CaseClosureReason, CaseReopenReason or CaseTransferReason, by kind' }) reason!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => ID, { description: 'The agency that owned the case at this step' }) fromAgencyId!: string;
  @Field(() => ID, { nullable: true, description: 'TRANSFERRED: the agency that took the case over' }) toAgencyId!: string | null;
  @Field(() => ID, { nullable: true, description: 'TRANSFERRED: the consent to CASE_COORDINATION relied on' }) consentId!: string | null;
  @Field(() => [ID], { description: 'TRANSFERRED: the data-sharing agreements relied on' }) agreementIds!: string[];
  @Field({ description: 'User id of the staff member who took the step' }) actorId!: string;
  @Field() at!: Date;
}

/** A reason a transfer is refused; all of them are listed in the error's extensions. */
export interface TransferRefusal {
  code: string;
  fields?: string[];
  message: string;
}
