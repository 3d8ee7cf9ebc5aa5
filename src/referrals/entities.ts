import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DeclineReason, LegalBasis, ReferralEventKind, OutcomeReason, ReferralOutcome, ReferralPriority, ReferralStatus } from './enums';

@ObjectType({ description: 'A referral of a case to a service of another agency: the loop closes when the receiver reports the outcome' })
@Entity({ name: 'referrals' })
export class Referral {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'case_id' }) caseId!: string;
  @Column({ type: 'uuid', name: 'service_id' }) serviceId!: string;
  @Column({ type: 'uuid', name: 'sending_agency_id' }) sendingAgencyId!: string;
  @Column({ type: 'uuid', name: 'receiving_agency_id' }) receivingAgencyId!: string;
  @Field(() => ReferralPriority) @Column({ type: 'text' }) priority!: ReferralPriority;
  /** Free text; null once the case was erased (the resolver says ERASED). */
  @Column({ type: 'text', nullable: true }) reasons!: string | null;
  @Field(() => [String], { description: 'Catalogue fields the sender chose to disclose' }) @Column({ type: 'text', array: true, name: 'disclosed_fields' }) disclosedFields!: string[];
  @Field({ description: 'Only the case code is shared' }) @Column({ type: 'boolean' }) anonymous!: boolean;
  @Field(() => LegalBasis) @Column({ type: 'text', name: 'legal_basis' }) legalBasis!: LegalBasis;
  @Field(() => ID, { nullable: true }) @Column({ type: 'uuid', name: 'consent_id', nullable: true }) consentId!: string | null;
  @Column({ type: 'text', name: 'vital_interest_justification', nullable: true }) vitalInterestJustification!: string | null;
  @Field(() => ID, { nullable: true, description: 'The MoU between the agencies it was sent under' }) @Column({ type: 'uuid', name: 'mou_id', nullable: true }) mouId!: string | null;
  @Field({ description: 'No active MoU linked the two agencies when it was sent' }) @Column({ type: 'boolean', name: 'outside_mou' }) outsideMou!: boolean;
  @Field(() => ReferralStatus) @Column({ type: 'text' }) status!: ReferralStatus;
  @Field() @Column({ type: 'timestamptz', name: 'response_due_at' }) responseDueAt!: Date;
  @Field() @Column({ type: 'timestamptz', name: 'sent_at' }) sentAt!: Date;
  @Field() @Column({ type: 'text', name: 'sent_by' }) sentBy!: string;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'responded_at', nullable: true }) respondedAt!: Date | null;
  @Field(() => DeclineReason, { nullable: true }) @Column({ type: 'text', name: 'decline_reason', nullable: true }) declineReason!: DeclineReason | null;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Field(() => ReferralOutcome, { nullable: true }) @Column({ type: 'text', nullable: true }) outcome!: ReferralOutcome | null;
  @Field(() => OutcomeReason, { nullable: true }) @Column({ type: 'text', name: 'outcome_reason', nullable: true }) outcomeReason!: OutcomeReason | null;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
  @Column({ type: 'text', name: 'cancel_reason', nullable: true }) cancelReason!: string | null;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'expired_at', nullable: true }) expiredAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the case it refers was erased: its free text (reasons, notes, messages) is gone, its skeleton (agencies, service, dates, status, outcome) remains' })
  @Column({ type: 'timestamptz', name: 'erased_at', nullable: true }) erasedAt!: Date | null;
  @Field() @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
  /** The receiving agency's staff member working it; shown to the receiving agency only (resolver). */
  @Column({ type: 'text', name: 'assigned_to', nullable: true }) assignedTo!: string | null;
  @Column({ type: 'timestamptz', name: 'assigned_at', nullable: true }) assignedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'The sender asked for an update at this time and the receiver has not answered yet (answerUpdateRequest or its next transition)' })
  @Column({ type: 'timestamptz', name: 'update_requested_at', nullable: true }) updateRequestedAt!: Date | null;
  /** The declined referral this one forwards (resolver: sending agency only). */
  @Column({ type: 'uuid', name: 'forwarded_from', nullable: true }) forwardedFromId!: string | null;
  /** The service the receiver suggested when it declined (resolver). */
  @Column({ type: 'uuid', name: 'suggested_service_id', nullable: true }) suggestedServiceId!: string | null;

  @Field({ description: 'Response due in the past and still SENT' }) get overdue(): boolean {
    return this.status === ReferralStatus.SENT && this.responseDueAt < new Date();
  }
}

@ObjectType({ description: 'One step in the history of a referral' })
export class ReferralEvent {
  @Field(() => ID) id!: string;
  @Field(() => ReferralEventKind, { description: 'TRANSITION changes the status; the other kinds leave it as it was (fromStatus = toStatus)' }) kind!: ReferralEventKind;
  @Field(() => ReferralStatus, { nullable: true }) fromStatus!: ReferralStatus | null;
  @Field(() => ReferralStatus) toStatus!: ReferralStatus;
  @Field() actorId!: string;
  @Field(() => ID) actorAgencyId!: string;
  @Field() at!: Date;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => ID, { nullable: true, description: 'ASSIGNED: the staff member the referral was assigned to (null: unassigned)' }) assignedTo!: string | null;
  @Field(() => Date, { nullable: true, description: 'When a data protection officer corrected or erased the reason or note' }) correctedAt!: Date | null;
}

@ObjectType({ description: 'A message between the staff of the two agencies of a referral. Personal data: the receiving agency reads them only while the referral discloses; the audit log records that they were posted and read, never their text.' })
export class ReferralMessage {
  @Field(() => ID) id!: string;
  @Field(() => ID) referralId!: string;
  @Field() authorId!: string;
  @Field(() => ID) authorAgencyId!: string;
  @Field(() => String, { nullable: true, description: 'Null once redacted by a data protection officer of the author\'s agency' }) body!: string | null;
  @Field() postedAt!: Date;
  @Field(() => Date, { nullable: true }) redactedAt!: Date | null;
}
