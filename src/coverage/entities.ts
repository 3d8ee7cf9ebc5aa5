import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Population } from '../directory/enums';

@ObjectType({ description: 'A referral pathway for a population or situation: ordered steps, each a service category' })
@Entity({ name: 'pathways' })
export class Pathway {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Field() @Column({ type: 'text' }) name!: string;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) description!: string | null;
  @Field(() => [Population], { description: 'Who the pathway is for; services for ALL also serve them' }) @Column({ type: 'text', array: true }) populations!: Population[];
  @Field() @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'text', name: 'created_by', nullable: true }) createdBy!: string | null;
  @Field() @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'text', name: 'updated_by', nullable: true }) updatedBy!: string | null;
}

@ObjectType()
export class PathwayStep {
  @Field(() => Int) position!: number;
  @Field() title!: string;
  @Field(() => ID) categoryCode!: string;
  @Field() required!: boolean;
  @Field(() => ID, { nullable: true }) leadAgencyId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The SOP (any version of it) that governs this step' }) sopSeriesId!: string | null;
}

export enum CoverageStatus {
  COVERED = 'COVERED',
  NO_SOP = 'NO_SOP',
  NO_AGREEMENT = 'NO_AGREEMENT',
  STALE = 'STALE',
  NO_CAPACITY = 'NO_CAPACITY',
  GAP = 'GAP',
}
registerEnumType(CoverageStatus, {
  name: 'CoverageStatus',
  description: 'COVERED: active, recently verified service with capacity, under an active MoU, with an SOP in force; otherwise the first thing missing',
});

/** Worst first: the order gaps are listed in. */
export const SEVERITY: CoverageStatus[] = [CoverageStatus.GAP, CoverageStatus.NO_CAPACITY, CoverageStatus.STALE, CoverageStatus.NO_AGREEMENT, CoverageStatus.NO_SOP, CoverageStatus.COVERED];
