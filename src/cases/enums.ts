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
export enum ConsentGivenBy { PERSON = 'PERSON', CAREGIVER = 'CAREGIVER', GUARDIAN = 'GUARDIAN', GUARDIANSHIP_AUTHORITY = 'GUARDIANSHIP_AUTHORITY' }
export enum ConsentPurpose { REGISTRATION = 'REGISTRATION', REFERRAL = 'REFERRAL', CASE_COORDINATION = 'CASE_COORDINATION', FAMILY_TRACING = 'FAMILY_TRACING' }
export enum ConsentState { ACTIVE = 'ACTIVE', REFUSED = 'REFUSED', WITHDRAWN = 'WITHDRAWN', EXPIRED = 'EXPIRED', SUPERSEDED = 'SUPERSEDED' }

registerEnumType(CaseStatus, { name: 'CaseStatus' });
registerEnumType(Sex, { name: 'Sex' });
registerEnumType(MigrationPhase, { name: 'MigrationPhase' });
registerEnumType(ConsentDecision, { name: 'ConsentDecision' });
registerEnumType(ConsentMethod, { name: 'ConsentMethod', description: 'VERBAL_CERTIFIED needs certifiedBy; ASSENT_WITH_GUARDIAN needs guardianName' });
registerEnumType(ConsentGivenBy, { name: 'ConsentGivenBy' });
registerEnumType(ConsentPurpose, { name: 'ConsentPurpose' });
registerEnumType(ConsentState, { name: 'ConsentState' });
