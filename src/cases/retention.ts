/**
 * The vocabulary of retention and erasure: each agency's retention periods, and why a case was erased.
 * Reasons are codes: an erasure leaves no free text behind, not even its own.
 */
import { IsOptional, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum CaseErasureReason {
  /** The agency's retention period for the case ended (the sweep, or a DPO acting ahead of it). */
  RETENTION_PERIOD_ENDED = 'RETENTION_PERIOD_ENDED',
  /** The person asked for their data to be erased. */
  PERSON_REQUESTED = 'PERSON_REQUESTED',
  /** The person withdrew the consent the data was held on, and nothing else justifies holding it. */
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  /** The data is no longer needed for the purpose it was collected for. */
  NO_LONGER_NEEDED = 'NO_LONGER_NEEDED',
  /** A law, court or authority requires it. */
  LEGAL_OBLIGATION = 'LEGAL_OBLIGATION',
}
registerEnumType(CaseErasureReason, { name: 'CaseErasureReason', description: 'Why the person\'s data in a case was erased' });

/** Who erased a case when no person did: the retention sweep (server or npm run retention). */
export const RETENTION_SWEEP_ACTOR = 'retention-sweep';

/** Which period made a case due for erasure. */
export enum RetentionRule { CLOSED = 'CLOSED', INACTIVE_OPEN = 'INACTIVE_OPEN' }

const DAYS = { min: 30, max: 36500 } as const;
const daysMessage = `a period is ${DAYS.min} to ${DAYS.max} days (a shorter one risks erasing cases still being worked); null keeps the cases`;

@ObjectType({ description: 'How long an agency keeps its cases before the retention sweep erases the person\'s data in them. A null period keeps the cases (the default)' })
export class RetentionPolicy {
  @Field(() => ID) agencyId!: string;
  @Field(() => Int, { nullable: true, description: 'A CLOSED case is erased this many days after it was closed; null: kept' }) closedDays!: number | null;
  @Field(() => Int, { nullable: true, description: 'An OPEN case with no activity for this many days (no change, consent or referral step or message) and no open referral is closed (PERSON_UNREACHABLE) and erased; null: kept' })
  inactiveOpenDays!: number | null;
  @Field(() => String, { nullable: true, description: 'Who set the policy last; null: never set' }) updatedBy!: string | null;
  @Field(() => Date, { nullable: true }) updatedAt!: Date | null;
}

@InputType({ description: 'Both periods are set together: leave one out (or null) to keep those cases' })
export class RetentionPolicyInput {
  @Field(() => Int, { nullable: true, description: 'Days a CLOSED case is kept after it was closed (30 to 36500)' })
  @IsOptional() @Min(DAYS.min, { message: daysMessage }) @Max(DAYS.max, { message: daysMessage }) closedDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'Days an OPEN case may stay without activity (30 to 36500)' })
  @IsOptional() @Min(DAYS.min, { message: daysMessage }) @Max(DAYS.max, { message: daysMessage }) inactiveOpenDays?: number | null;
}

/** A case past its agency's retention period. */
export interface DueCase {
  caseId: string;
  caseCode: string;
  agencyId: string;
  rule: RetentionRule;
  periodDays: number;
  /** When the period started: the closure, or the last activity of an OPEN case. */
  since: Date;
}

/** What one sweep found and did, per agency: case codes (pseudonymous) and counts, never a personal value. */
export interface SweepReport {
  dryRun: boolean;
  /** The moment the periods were judged at (later than the clock with RETENTION_NOW_OFFSET_DAYS). */
  now: Date;
  agencies: { agencyId: string; agencyName: string | null; due: number; erased: number; skipped: number; failed: number; caseCodes: string[] }[];
  due: number;
  erased: number;
  skipped: number;
  failed: number;
}
