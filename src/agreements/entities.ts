import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DsaStatus, MouStatus, SharingPurpose, SopStatus } from './enums';
import { DataCategory } from '../policy/data-catalogue';

const created = { type: 'timestamptz', name: 'created_at', default: () => 'now()' } as const;

@ObjectType()
export class DocumentReference {
  @Field() url!: string;
  @Field({ description: 'SHA-256 of the signed file, hex' }) sha256!: string;
}

@ObjectType({ description: "One party's signature of an MoU, by an AGENCY_ADMIN of that party" })
export class MouSignature {
  @Field(() => ID) agencyId!: string;
  @Field({ description: 'The user who signed' }) signedBy!: string;
  @Field() signerRole!: string;
  @Field(() => LocalDateResolver, { description: 'The date the party signed the document' }) signedOn!: string;
  @Field({ description: 'When the signature was recorded' }) signedAt!: Date;
}

@ObjectType({ description: 'Memorandum of understanding (or MoA, cooperation or service agreement) between two or more agencies' })
@Entity({ name: 'mous' })
export class Mou {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Field() @Column({ type: 'text', name: 'reference_number' }) referenceNumber!: string;
  @Field() @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text', array: true, name: 'category_codes' }) categoryCodes!: string[];
  @Column({ type: 'uuid', array: true, name: 'area_ids' }) areaIds!: string[];
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'roles_and_responsibilities', nullable: true }) rolesAndResponsibilities!: string | null;
  @Field(() => String, { nullable: true, description: 'How the parties communicate and share information' })
  @Column({ type: 'text', nullable: true }) communication!: string | null;
  @Field(() => String, { nullable: true, description: 'How client outcomes are monitored' })
  @Column({ type: 'text', name: 'outcome_monitoring', nullable: true }) outcomeMonitoring!: string | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'The date the last party signed; null until every party has' })
  @Column({ type: 'date', name: 'signed_on', nullable: true }) signedOn!: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @Column({ type: 'date', name: 'effective_from', nullable: true }) effectiveFrom!: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @Column({ type: 'date', name: 'expires_on', nullable: true }) expiresOn!: string | null;
  @Column({ type: 'text', name: 'document_url', nullable: true }) documentUrl!: string | null;
  @Column({ type: 'text', name: 'document_sha256', nullable: true }) documentSha256!: string | null;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'terminated_at', nullable: true }) terminatedAt!: Date | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'terminated_by', nullable: true }) terminatedBy!: string | null;
  @Column({ type: 'uuid', name: 'terminated_by_agency_id', nullable: true }) terminatedByAgencyId!: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'termination_reason', nullable: true }) terminationReason!: string | null;
  @Field() @Column(created) createdAt!: Date;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'text', name: 'updated_by', nullable: true }) updatedBy!: string | null;
  /** Computed by the database at read time (see agreements/status.ts). */
  @Field(() => MouStatus) status!: MouStatus;
  partyIds!: string[];
}

@ObjectType()
export class SopStep {
  @Field(() => Int) order!: number;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType({ description: 'Target response times per referral priority, in hours' })
export class ResponseTargets {
  @Field(() => Int, { nullable: true }) emergencyHours!: number | null;
  @Field(() => Int, { nullable: true }) urgentHours!: number | null;
  @Field(() => Int, { nullable: true }) normalHours!: number | null;
}

@ObjectType({ description: 'A standard operating procedure; publishing a new version supersedes the previous one, which stays readable' })
@Entity({ name: 'sops' })
export class Sop {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Field(() => ID, { description: 'Shared by every version of the same SOP' }) @Column({ type: 'uuid', name: 'series_id' }) seriesId!: string;
  @Field(() => Int) @Column({ type: 'int' }) version!: number;
  @Field() @Column({ type: 'text' }) title!: string;
  @Column({ type: 'uuid', name: 'owner_agency_id' }) ownerAgencyId!: string;
  @Column({ type: 'text', array: true, name: 'category_codes' }) categoryCodes!: string[];
  @Field(() => [SopStep]) @Column({ type: 'jsonb' }) steps!: SopStep[];
  @Column({ type: 'int', name: 'emergency_response_hours', nullable: true }) emergencyResponseHours!: number | null;
  @Column({ type: 'int', name: 'urgent_response_hours', nullable: true }) urgentResponseHours!: number | null;
  @Column({ type: 'int', name: 'normal_response_hours', nullable: true }) normalResponseHours!: number | null;
  @Field(() => LocalDateResolver) @Column({ type: 'date', name: 'effective_from' }) effectiveFrom!: string;
  @Field(() => LocalDateResolver) @Column({ type: 'date', name: 'review_due' }) reviewDue!: string;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'superseded_at', nullable: true }) supersededAt!: Date | null;
  @Column({ type: 'uuid', name: 'superseded_by', nullable: true }) supersededById!: string | null;
  @Field() @Column(created) createdAt!: Date;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'created_by', nullable: true }) createdBy!: string | null;
  @Field(() => SopStatus) get status(): SopStatus {
    return this.supersededAt ? SopStatus.SUPERSEDED : SopStatus.CURRENT;
  }
  @Field(() => ResponseTargets) get responseTargets(): ResponseTargets {
    return { emergencyHours: this.emergencyResponseHours, urgentHours: this.urgentResponseHours, normalHours: this.normalResponseHours };
  }
}

@ObjectType()
export class DsaSignature {
  @Field(() => ID) agencyId!: string;
  @Field() signedBy!: string;
  @Field() signerRole!: string;
  @Field() signedAt!: Date;
}

@ObjectType({
  description:
    'Which personal data the providing agency may pass to the receiving agency, for which purposes. Terms are visible to the parties and network admins; the steering committee sees parties, status and dates only.',
})
@Entity({ name: 'data_sharing_agreements' })
export class DataSharingAgreement {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Field() @Column({ type: 'text', name: 'reference_number' }) referenceNumber!: string;
  @Field() @Column({ type: 'text' }) title!: string;
  @Column({ type: 'uuid', name: 'providing_agency_id' }) providingAgencyId!: string;
  @Column({ type: 'uuid', name: 'receiving_agency_id' }) receivingAgencyId!: string;
  @Column({ type: 'text', array: true }) purposes!: SharingPurpose[];
  @Column({ type: 'text', array: true }) categories!: DataCategory[];
  @Column({ type: 'text', array: true, name: 'excluded_fields' }) excludedFields!: string[];
  @Field(() => LocalDateResolver) @Column({ type: 'date', name: 'valid_from' }) validFrom!: string;
  @Field(() => LocalDateResolver) @Column({ type: 'date', name: 'valid_until' }) validUntil!: string;
  @Column({ type: 'int', name: 'retention_days' }) retentionDays!: number;
  @Column({ type: 'boolean', name: 'onward_sharing_allowed' }) onwardSharingAllowed!: boolean;
  @Column({ type: 'date', name: 'risk_assessment_date' }) riskAssessmentDate!: string;
  @Column({ type: 'text', name: 'risk_assessment_reference' }) riskAssessmentReference!: string;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'terminated_at', nullable: true }) terminatedAt!: Date | null;
  @Column({ type: 'text', name: 'terminated_by', nullable: true }) terminatedBy!: string | null;
  @Column({ type: 'uuid', name: 'terminated_by_agency_id', nullable: true }) terminatedByAgencyId!: string | null;
  @Column({ type: 'text', name: 'termination_reason', nullable: true }) terminationReason!: string | null;
  @Field() @Column(created) createdAt!: Date;
  @Column({ type: 'text', name: 'created_by', nullable: true }) createdBy!: string | null;
  @Field(() => DsaStatus) status!: DsaStatus;
}
