import { registerEnumType } from 'type-graphql';

export enum CaseStatus { OPEN = 'OPEN', CLOSED = 'CLOSED' }
export enum Sex { FEMALE = 'FEMALE', MALE = 'MALE', INTERSEX = 'INTERSEX', UNKNOWN = 'UNKNOWN' }
export enum MigrationPhase { BEFORE_DEPARTURE = 'BEFORE_DEPARTURE', IN_TRANSIT = 'IN_TRANSIT', AT_DESTINATION = 'AT_DESTINATION', UPON_RETURN = 'UPON_RETURN' }
export enum ConsentDecision { GRANTED = 'GRANTED', REFUSED = 'REFUSED' }
export enum ConsentMethod {
  WRITTEN_FORM = 'WRITTEN_FORM',
  AUDIO_VIDEO_RECORDING = 'AUDIO_VIDEO_RECORDING',
  VERBAL_CERTIFIED = 'VERBAL_CERTIFIED',
  ASSENT_WITH_GUARDIAN = 'ASSENT_WITH_GUARDIAN',
}
export enum ConsentGivenBy {
  PERSON = 'PERSON',
  CAREGIVER = 'CAREGIVER',
  GUARDIAN = 'GUARDIAN',
  GUARDIANSHIP_AUTHORITY = 'GUARDIANSHIP_AUTHORITY',
  /** A child's assent together with a guardian's consent (guardianName, guardianRelation). */
  CHILD_WITH_GUARDIAN = 'CHILD_WITH_GUARDIAN',
  /** No guardian can safely consent: a named staff member of the agency determined the person's best interest. */
  BEST_INTEREST_DETERMINATION = 'BEST_INTEREST_DETERMINATION',
}
export enum GuardianRelation { PARENT = 'PARENT', RELATIVE = 'RELATIVE', LEGAL_GUARDIAN = 'LEGAL_GUARDIAN', GUARDIANSHIP_AUTHORITY = 'GUARDIANSHIP_AUTHORITY', OTHER = 'OTHER' }
export enum SafeContactMethod {
  NO_RESTRICTION = 'NO_RESTRICTION',
  DO_NOT_CALL = 'DO_NOT_CALL',
  CALL_AT_HOURS = 'CALL_AT_HOURS',
  THROUGH_INTERMEDIARY = 'THROUGH_INTERMEDIARY',
  IN_PERSON_ONLY = 'IN_PERSON_ONLY',
}
export enum ConsentPurpose { REGISTRATION = 'REGISTRATION', REFERRAL = 'REFERRAL', CASE_COORDINATION = 'CASE_COORDINATION', FAMILY_TRACING = 'FAMILY_TRACING' }
export enum ConsentState { ACTIVE = 'ACTIVE', REFUSED = 'REFUSED', WITHDRAWN = 'WITHDRAWN', EXPIRED = 'EXPIRED', SUPERSEDED = 'SUPERSEDED' }

registerEnumType(CaseStatus, { name: 'CaseStatus' });
registerEnumType(Sex, { name: 'Sex' });
registerEnumType(MigrationPhase, { name: 'MigrationPhase' });
registerEnumType(ConsentDecision, { name: 'ConsentDecision' });
registerEnumType(ConsentMethod, { name: 'ConsentMethod', description: 'VERBAL_CERTIFIED needs certifiedBy; ASSENT_WITH_GUARDIAN needs guardianName' });
registerEnumType(ConsentGivenBy, {
  name: 'ConsentGivenBy',
  description: 'For a person under 18 (date of birth or estimated age): CHILD_WITH_GUARDIAN, BEST_INTEREST_DETERMINATION, or GUARDIAN / GUARDIANSHIP_AUTHORITY with method ASSENT_WITH_GUARDIAN; PERSON and CAREGIVER are refused',
});
registerEnumType(GuardianRelation, { name: 'GuardianRelation', description: 'How the guardian who consents for a child is related to them' });
registerEnumType(SafeContactMethod, {
  name: 'SafeContactMethod',
  description: 'How the person may be contacted safely: CALL_AT_HOURS needs hoursFrom and hoursUntil, THROUGH_INTERMEDIARY needs intermediary',
});
registerEnumType(ConsentPurpose, { name: 'ConsentPurpose' });
registerEnumType(ConsentState, { name: 'ConsentState' });
