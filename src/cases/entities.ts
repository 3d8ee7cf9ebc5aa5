import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDateResolver } from 'graphql-scalars';
import { CaseStatus, ConsentDecision, ConsentGivenBy, ConsentMethod, ConsentPurpose, ConsentState, GuardianRelation, SafeContactMethod } from './enums';
import { DataCategory } from '../policy/data-catalogue';
import type { Relation } from '../policy/authority';
import { consentStateAt } from '../policy/disclosure-rules';

/** How the person may be contacted safely: one catalogue field (CONTACT), stored as one JSON value of the case. */
@ObjectType({ description: 'How the person may be contacted safely. Disclosed to a receiving agency with every contact field (phone, address, emergencyContact), never without.' })
export class SafeContact {
  @Field(() => SafeContactMethod) method!: SafeContactMethod;
  @Field(() => String, { nullable: true, description: 'Earliest time to call (HH:MM, the person\'s local time)' }) hoursFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'Latest time to call (HH:MM, the person\'s local time)' }) hoursUntil?: string | null;
  @Field(() => String, { nullable: true, description: 'Who to go through, and how to reach them' }) intermediary?: string | null;
  @Field(() => String, { nullable: true, description: 'Word to say so that the person knows the call is safe' }) codeWord?: string | null;
}

/**
 * A migrant's case, owned by the registering agency. Personal fields are not GraphQL fields here:
 * the case resolver exposes each through the disclosure policy (src/policy/disclosure.ts).
 */
@ObjectType({ description: 'A case: personal fields resolve only for the owning agency, or field by field through a referral' })
@Entity({ name: 'cases' })
export class Case {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Field({ description: 'Pseudonymous code, safe to use in conversation and anonymous referrals' }) @Column({ type: 'text', name: 'case_code' }) caseCode!: string;
  @Column({ type: 'uuid', name: 'owner_agency_id' }) ownerAgencyId!: string;
  @Column({ type: 'text' }) status!: CaseStatus;
  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column({ type: 'text', name: 'closure_reason', nullable: true }) closureReason!: string | null;
  @Column({ type: 'text', name: 'given_name', nullable: true }) givenName!: string | null;
  @Column({ type: 'text', name: 'family_name', nullable: true }) familyName!: string | null;
  @Column({ type: 'text', name: 'other_names', nullable: true }) otherNames!: string | null;
  @Column({ type: 'date', name: 'date_of_birth', nullable: true }) dateOfBirth!: string | null;
  @Column({ type: 'boolean', name: 'date_of_birth_estimated', nullable: true }) dateOfBirthEstimated!: boolean | null;
  @Column({ type: 'text', name: 'photo_reference', nullable: true }) photoReference!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ type: 'text', nullable: true }) address!: string | null;
  @Column({ type: 'text', name: 'emergency_contact', nullable: true }) emergencyContact!: string | null;
  @Column({ type: 'jsonb', name: 'safe_contact', nullable: true }) safeContact!: SafeContact | null;
  @Column({ type: 'text', nullable: true }) sex!: string | null;
  @Column({ type: 'text', nullable: true }) gender!: string | null;
  @Column({ type: 'int', name: 'age_estimate', nullable: true }) ageEstimate!: number | null;
  @Column({ type: 'char', length: 2, nullable: true }) nationality!: string | null;
  @Column({ type: 'text', array: true }) languages!: string[];
  @Column({ type: 'text', nullable: true }) literacy!: string | null;
  @Column({ type: 'text', name: 'identity_document_number', nullable: true }) identityDocumentNumber!: string | null;
  @Column({ type: 'text', name: 'travel_document_number', nullable: true }) travelDocumentNumber!: string | null;
  @Column({ type: 'text', name: 'migration_phase', nullable: true }) migrationPhase!: string | null;
  @Column({ type: 'text', nullable: true }) route!: string | null;
  @Column({ type: 'text', name: 'transit_details', nullable: true }) transitDetails!: string | null;
  @Column({ type: 'text', name: 'reasons_for_migrating', nullable: true }) reasonsForMigrating!: string | null;
  @Column({ type: 'text', array: true }) vulnerabilities!: string[];
  @Column({ type: 'text', name: 'protection_concerns', nullable: true }) protectionConcerns!: string | null;
  @Column({ type: 'text', name: 'health_information', nullable: true }) healthInformation!: string | null;
  @Column({ type: 'text', nullable: true }) disability!: string | null;
  @Column({ type: 'text', name: 'assessment_summary', nullable: true }) assessmentSummary!: string | null;
  @Column({ type: 'text', name: 'services_received', nullable: true }) servicesReceived!: string | null;
  @Column({ type: 'uuid', array: true, name: 'possible_duplicate_of' }) possibleDuplicateOf!: string[];
  @Column({ type: 'text', name: 'registered_by' }) registeredBy!: string;
  @Column({ type: 'text', name: 'assigned_to', nullable: true }) assignedTo!: string | null;
  @Column({ type: 'text', array: true, name: 'shared_with' }) sharedWith!: string[];
  @Field() @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'text', name: 'updated_by', nullable: true }) updatedBy!: string | null;
  /** Erasure: the personal fields and the free text tied to the case are gone; code, dates, statuses and structure remain. */
  @Column({ type: 'timestamptz', name: 'erased_at', nullable: true }) erasedAt!: Date | null;
  @Column({ type: 'text', name: 'erasure_reason', nullable: true }) erasureReason!: string | null;
  @Column({ type: 'text', name: 'erased_by', nullable: true }) erasedBy!: string | null;
  /** Set when the case is read by a receiving agency through this referral; unset for the owning agency. */
  viaReferralId?: string;
  /** The receiver's relations to that referral (authority table). */
  viaRelations?: Relation[];
}

/** A case's age: from the date of birth when known, else the recorded estimate. */
export function ageOf(c: Pick<Case, 'dateOfBirth' | 'ageEstimate'>, now = new Date()): number | null {
  if (!c.dateOfBirth) return c.ageEstimate;
  const [y, m, d] = c.dateOfBirth.split('-').map(Number);
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age--;
  return age;
}

/**
 * Under 18 by the date of birth (estimated or not) or by the estimated age: either one is enough, so a
 * child is never taken for an adult because one of the two says otherwise. Unknown age: not a minor.
 */
export function isMinor(c: { dateOfBirth?: string | null; ageEstimate?: number | null }, now = new Date()): boolean {
  const fromBirth = c.dateOfBirth ? ageOf({ dateOfBirth: c.dateOfBirth, ageEstimate: null }, now) : null;
  return [fromBirth, c.ageEstimate ?? null].some((age) => age !== null && age < 18);
}

/** One rectification of a case: which fields changed, by whom, when. Never the values. */
@ObjectType({ description: 'One change of a case\'s fields (updateCase): the names of the fields that changed, who changed them and when; never the values' })
export class CaseFieldChange {
  @Field(() => ID) id!: string;
  @Field(() => [String], { description: 'Names of the fields whose value changed (catalogue fields, or status)' }) fields!: string[];
  @Field({ description: 'User id of the staff member who made the change' }) changedBy!: string;
  @Field() changedAt!: Date;
}

@ObjectType({ description: 'One assignment of a case to a case manager (null: unassigned)' })
export class CaseAssignment {
  @Field(() => String, { nullable: true }) assignedTo!: string | null;
  @Field() assignedBy!: string;
  @Field() at!: Date;
}

@ObjectType({ description: 'An informed consent (or refusal) recorded for a case. Never deleted: only superseded or withdrawn.' })
@Entity({ name: 'consents' })
export class Consent {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Field(() => ID) @Column({ type: 'uuid', name: 'case_id' }) caseId!: string;
  @Field(() => ConsentDecision) @Column({ type: 'text' }) decision!: ConsentDecision;
  @Field(() => ConsentMethod) @Column({ type: 'text' }) method!: ConsentMethod;
  @Field(() => ConsentGivenBy) @Column({ type: 'text', name: 'given_by' }) givenBy!: ConsentGivenBy;
  @Field(() => String, { nullable: true, description: 'Guardian who consented (personal data: shown only to those who may read the case\'s consents, never to a receiving agency)' })
  @Column({ type: 'text', name: 'guardian_name', nullable: true }) guardianName!: string | null;
  @Field(() => GuardianRelation, { nullable: true }) @Column({ type: 'text', name: 'guardian_relation', nullable: true }) guardianRelation!: GuardianRelation | null;
  @Field(() => String, { nullable: true, description: 'User id of the staff member of the owning agency who determined the best interest (BEST_INTEREST_DETERMINATION)' })
  @Column({ type: 'text', name: 'best_interest_determined_by', nullable: true }) bestInterestDeterminedBy!: string | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'When the best interest was determined' })
  @Column({ type: 'date', name: 'best_interest_determined_on', nullable: true }) bestInterestDeterminedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Staff member who certified a verbal consent' }) @Column({ type: 'text', name: 'certified_by', nullable: true }) certifiedBy!: string | null;
  @Field() @Column({ type: 'text' }) language!: string;
  @Field() @Column({ type: 'boolean', name: 'interpreter_used' }) interpreterUsed!: boolean;
  @Field(() => [ConsentPurpose]) @Column({ type: 'text', array: true }) purposes!: ConsentPurpose[];
  @Field(() => [ID]) @Column({ type: 'uuid', array: true, name: 'recipient_agency_ids' }) recipientAgencyIds!: string[];
  @Field(() => [DataCategory]) @Column({ type: 'text', array: true }) categories!: DataCategory[];
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'valid_until', nullable: true }) validUntil!: Date | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'evidence_reference', nullable: true }) evidenceReference!: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'evidence_sha256', nullable: true }) evidenceSha256!: string | null;
  @Field() @Column({ type: 'text', name: 'recorded_by' }) recordedBy!: string;
  @Field() @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt!: Date;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'withdrawn_at', nullable: true }) withdrawnAt!: Date | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'withdrawn_by', nullable: true }) withdrawnBy!: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', name: 'withdrawal_reason', nullable: true }) withdrawalReason!: string | null;
  @Field(() => Date, { nullable: true }) @Column({ type: 'timestamptz', name: 'superseded_at', nullable: true }) supersededAt!: Date | null;
  @Field(() => ID, { nullable: true }) @Column({ type: 'uuid', name: 'superseded_by', nullable: true }) supersededBy!: string | null;

  @Field(() => ConsentState) get state(): ConsentState {
    return consentStateAt(this, new Date()) as ConsentState;
  }
}

