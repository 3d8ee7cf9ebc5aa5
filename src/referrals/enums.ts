import { registerEnumType } from 'type-graphql';

export enum ReferralPriority { EMERGENCY = 'EMERGENCY', URGENT = 'URGENT', NORMAL = 'NORMAL' }
export enum ReferralStatus { SENT = 'SENT', ACCEPTED = 'ACCEPTED', IN_PROGRESS = 'IN_PROGRESS', ON_HOLD = 'ON_HOLD', DECLINED = 'DECLINED', COMPLETED = 'COMPLETED', CANCELLED = 'CANCELLED', EXPIRED = 'EXPIRED' }
/** What a step of a referral's history records: a change of state, or a step of the work that leaves the state as it was. */
export enum ReferralEventKind { TRANSITION = 'TRANSITION', ASSIGNED = 'ASSIGNED', UPDATE_REQUESTED = 'UPDATE_REQUESTED', UPDATE_ANSWERED = 'UPDATE_ANSWERED' }
/** States in which the receiver is still working the referral (or has yet to answer it). */
export const OPEN_REFERRAL_STATUSES = [ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.ON_HOLD];
export enum LegalBasis { CONSENT = 'CONSENT', VITAL_INTEREST = 'VITAL_INTEREST' }
export enum DeclineReason { NO_CAPACITY = 'NO_CAPACITY', NOT_ELIGIBLE = 'NOT_ELIGIBLE', SERVICE_NOT_AVAILABLE = 'SERVICE_NOT_AVAILABLE', CLIENT_UNREACHABLE = 'CLIENT_UNREACHABLE', OTHER = 'OTHER' }
export enum ReferralOutcome { SERVICE_PROVIDED = 'SERVICE_PROVIDED', PARTIALLY_PROVIDED = 'PARTIALLY_PROVIDED', NOT_PROVIDED = 'NOT_PROVIDED' }
export enum OutcomeReason { CLIENT_REFUSED = 'CLIENT_REFUSED', CLIENT_UNREACHABLE = 'CLIENT_UNREACHABLE', NO_LONGER_NEEDED = 'NO_LONGER_NEEDED', LACK_OF_CAPACITY = 'LACK_OF_CAPACITY', OTHER = 'OTHER' }

/** Default response times; an active SOP of the receiving agency for the service's category may set others. */
export const DEFAULT_RESPONSE_HOURS: Record<ReferralPriority, number> = { EMERGENCY: 24, URGENT: 72, NORMAL: 14 * 24 };

registerEnumType(ReferralPriority, { name: 'ReferralPriority', description: 'EMERGENCY: response due in 24 h; URGENT: 72 h; NORMAL: 14 days (unless an SOP of the receiving agency says otherwise)' });
registerEnumType(ReferralStatus, { name: 'ReferralStatus', description: 'SENT -> ACCEPTED or DECLINED; ACCEPTED -> IN_PROGRESS or ON_HOLD (with a reason) and back, then COMPLETED with the outcome; the sender may cancel until then (CANCELLED). EXPIRED: left SENT past its response due time by REFERRAL_EXPIRY_DAYS (default 30); it discloses nothing' });
registerEnumType(ReferralEventKind, { name: 'ReferralEventKind' });
registerEnumType(LegalBasis, { name: 'LegalBasis' });
registerEnumType(DeclineReason, { name: 'DeclineReason' });
registerEnumType(ReferralOutcome, { name: 'ReferralOutcome' });
registerEnumType(OutcomeReason, { name: 'OutcomeReason' });
