import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Dataset, Dimension } from '../statistics/datasets';

export enum AccessRequestStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(AccessRequestStatus, { name: 'AccessRequestStatus', description: 'EXPIRED: approved, but past its validity end' });

@ObjectType({ description: "One data holder's approval of a data access request: statistics under the request count that holder's records while it is in force" })
export class DataAccessApproval {
  @Field(() => ID, { description: 'The approving agency (for a network approval, the NETWORK_ADMIN\'s agency)' }) agencyId!: string;
  @Field() decidedBy!: string;
  @Field({ description: 'Given by a NETWORK_ADMIN for every holder the request names (or the whole network)' }) onBehalfOfNetwork!: boolean;
  @Field() conditions!: string;
  @Field(() => LocalDateResolver) validUntil!: string;
  @Field() decidedAt!: Date;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field(() => String, { nullable: true }) revocationReason!: string | null;
  @Field({ description: 'Not revoked and not past its validity end' }) inForce!: boolean;
}

@ObjectType({ description: 'A data access request form for a sensitive dataset, decided by a data protection officer of an agency holding the data' })
@Entity({ name: 'data_access_requests' })
export class DataAccessRequest {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Field(() => ID) @Column({ type: 'uuid', name: 'requesting_agency_id' }) requestingAgencyId!: string;
  @Field() @Column({ type: 'text', name: 'requested_by' }) requestedBy!: string;
  @Field() @Column({ type: 'text', name: 'requester_name' }) requesterName!: string;
  @Field(() => Dataset) @Column({ type: 'text' }) dataset!: Dataset;
  @Field(() => [Dimension]) @Column({ type: 'text', array: true }) dimensions!: Dimension[];
  @Field(() => [ID], { description: 'Areas covered; empty means every area' }) @Column({ type: 'uuid', array: true, name: 'area_ids' }) areaIds!: string[];
  @Field(() => [ID], { description: 'The data holders asked (agencies whose records the statistics may count); empty means the whole network, which needs each holder\'s approval or a NETWORK_ADMIN\'s' })
  @Column({ type: 'uuid', array: true, name: 'holder_agency_ids' }) holderAgencyIds!: string[];
  @Field(() => LocalDateResolver) @Column({ type: 'date', name: 'period_from' }) periodFrom!: string;
  @Field(() => LocalDateResolver) @Column({ type: 'date', name: 'period_to' }) periodTo!: string;
  @Field() @Column({ type: 'text' }) purpose!: string;
  @Field() @Column({ type: 'text', name: 'intended_use' }) intendedUse!: string;
  @Field({ description: 'Who will see the results' }) @Column({ type: 'text' }) audience!: string;
  @Field() @Column({ type: 'text', name: 'protection_measures' }) protectionMeasures!: string;
  @Field(() => Int) @Column({ type: 'int', name: 'retention_days' }) retentionDays!: number;
  @Field({ description: "The requester's signed attestation" }) @Column({ type: 'text' }) attestation!: string;
  @Field() @Column({ type: 'timestamptz', name: 'attested_at' }) attestedAt!: Date;
  @Column({ type: 'text', name: 'status' }) storedStatus!: AccessRequestStatus;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Field(() => ID, { nullable: true }) @Column({ type: 'uuid', name: 'decided_by_agency_id', nullable: true }) decidedByAgencyId!: string | null;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) conditions!: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) @Column({ type: 'date', name: 'valid_until', nullable: true }) validUntil!: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'rejection_reason', nullable: true }) rejectionReason!: string | null;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'revocation_reason', nullable: true }) revocationReason!: string | null;
  @Field() @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;

  @Field(() => AccessRequestStatus) get status(): AccessRequestStatus {
    const today = new Date().toISOString().slice(0, 10);
    if (this.storedStatus === AccessRequestStatus.APPROVED && this.validUntil && this.validUntil < today) return AccessRequestStatus.EXPIRED;
    return this.storedStatus;
  }
}
