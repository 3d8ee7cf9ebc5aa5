import { AGENCY, SERVICE, USER } from './demo-data';
import { demoId } from './ids';

/**
 * Demo cases of invented people (no real person), with consents and referrals in every state.
 * Times are relative to when the seed runs.
 */
export const CASE = {
  AICHA: demoId('case', 1), FATI: demoId('case', 2), HALIMA: demoId('case', 3), MARIAM: demoId('case', 4), SALAMATOU: demoId('case', 5), YOUSSOUF: demoId('case', 6),
};
export const REFERRAL = {
  SENT: demoId('referral', 1), ACCEPTED: demoId('referral', 2), DECLINED: demoId('referral', 3), COMPLETED: demoId('referral', 4),
  CANCELLED: demoId('referral', 5), OVERDUE: demoId('referral', 6), VITAL_INTEREST: demoId('referral', 7),
};

export interface DemoCase {
  id: string; code: string; owner: string; givenName: string; familyName: string; dateOfBirth: string; sex: string; nationality: string;
  languages: string[]; phone: string; vulnerabilities: string[]; protectionConcerns?: string; healthInformation?: string; migrationPhase: string;
  dateOfBirthEstimated?: boolean;
  /** How the person may be contacted safely (SafeContact). */
  safeContact?: { method: string; hoursFrom?: string; hoursUntil?: string; intermediary?: string; codeWord?: string };
  consent: {
    id: string; recipients: string[]; categories: string[]; method: string; givenBy: string; guardianName?: string; guardianRelation?: string; certifiedBy?: string;
    language: string; interpreter: boolean; withdrawnDaysAgo?: number;
  };
}

const consentTo = (n: number, recipients: string[], categories: string[], extra: Partial<DemoCase['consent']> = {}): DemoCase['consent'] => ({
  id: demoId('consent', n), recipients, categories, method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', interpreter: false, ...extra,
});
const WOMEN = AGENCY.AGADEZ_WOMEN;
const BASIC = ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS'];

export const cases: DemoCase[] = [
  { id: CASE.AICHA, code: 'CASE-DEMO0001', owner: AGENCY.IOM_NIGER, givenName: 'Aïcha', familyName: 'Demo-Issoufou', dateOfBirth: '1999-04-12', sex: 'FEMALE', nationality: 'NG',
    languages: ['ha', 'en'], phone: '+227 90 00 00 11', vulnerabilities: ['GBV_SURVIVORS'], protectionConcerns: 'Fictional: reports threats on the route.', healthInformation: 'Fictional: needs follow-up care.',
    migrationPhase: 'IN_TRANSIT', safeContact: { method: 'CALL_AT_HOURS', hoursFrom: '09:00', hoursUntil: '12:00', codeWord: 'Fictional: jasmine' },
    consent: consentTo(1, [WOMEN], [...BASIC, 'PROTECTION', 'HEALTH']) },
  { id: CASE.FATI, code: 'CASE-DEMO0002', owner: AGENCY.IOM_NIGER, givenName: 'Fati', familyName: 'Demo-Moussa', dateOfBirth: '2004-09-30', sex: 'FEMALE', nationality: 'ML',
    languages: ['bm', 'fr'], phone: '+227 90 00 00 12', vulnerabilities: ['VICTIMS_OF_TRAFFICKING'], migrationPhase: 'IN_TRANSIT',
    consent: consentTo(2, [WOMEN], [...BASIC, 'PROTECTION'], { method: 'VERBAL_CERTIFIED', certifiedBy: 'Fictional staff member', interpreter: true, language: 'bm' }) },
  { id: CASE.HALIMA, code: 'CASE-DEMO0003', owner: AGENCY.IOM_NIGER, givenName: 'Halima', familyName: 'Demo-Abdou', dateOfBirth: '1990-01-05', sex: 'FEMALE', nationality: 'NE',
    languages: ['ha', 'fr'], phone: '+227 90 00 00 13', vulnerabilities: ['PREGNANT_WOMEN'], healthInformation: 'Fictional: second trimester.', migrationPhase: 'UPON_RETURN',
    consent: consentTo(3, [WOMEN], [...BASIC, 'HEALTH']) },
  { id: CASE.MARIAM, code: 'CASE-DEMO0004', owner: AGENCY.IOM_NIGER, givenName: 'Mariam', familyName: 'Demo-Traoré', dateOfBirth: '2009-06-18', sex: 'FEMALE', nationality: 'ML',
    languages: ['bm'], phone: '+227 90 00 00 14', vulnerabilities: ['UNACCOMPANIED_OR_SEPARATED_CHILDREN'], migrationPhase: 'IN_TRANSIT', dateOfBirthEstimated: true,
    safeContact: { method: 'THROUGH_INTERMEDIARY', intermediary: 'Fictional: the child protection officer of the transit centre' },
    // a child: her assent with the consent of the guardian appointed by the child protection service
    consent: consentTo(4, [WOMEN], BASIC, { method: 'ASSENT_WITH_GUARDIAN', givenBy: 'CHILD_WITH_GUARDIAN', guardianName: 'Fictional child protection officer', guardianRelation: 'GUARDIANSHIP_AUTHORITY' }) },
  { id: CASE.SALAMATOU, code: 'CASE-DEMO0005', owner: AGENCY.IOM_NIGER, givenName: 'Salamatou', familyName: 'Demo-Garba', dateOfBirth: '1985-11-02', sex: 'FEMALE', nationality: 'NE',
    languages: ['ha'], phone: '+227 90 00 00 15', vulnerabilities: ['STRANDED_MIGRANTS'], migrationPhase: 'UPON_RETURN',
    consent: consentTo(5, [WOMEN], BASIC, { withdrawnDaysAgo: 2 }) },
  { id: CASE.YOUSSOUF, code: 'CASE-DEMO0006', owner: AGENCY.IOM_NIGER, givenName: 'Youssouf', familyName: 'Demo-Diallo', dateOfBirth: '1996-03-21', sex: 'MALE', nationality: 'GN',
    languages: ['ff', 'fr'], phone: '+227 90 00 00 16', vulnerabilities: ['PEOPLE_WITH_MEDICAL_NEEDS'], healthInformation: 'Fictional: injured leg.', migrationPhase: 'IN_TRANSIT',
    consent: consentTo(6, [], BASIC) },
];

export interface DemoReferral {
  id: string; caseId: string; serviceId: string; receiving: string; priority: 'EMERGENCY' | 'URGENT' | 'NORMAL'; reasons: string; fields: string[];
  status: 'SENT' | 'ACCEPTED' | 'DECLINED' | 'COMPLETED' | 'CANCELLED'; sentHoursAgo: number; dueInHours: number; consent: string | null; vital?: string;
  declineReason?: string; outcome?: string; outcomeReason?: string; cancelReason?: string; note?: string;
}

// a contact field always goes with the person's safe-contact instructions
const FIELDS = ['givenName', 'familyName', 'phone', 'safeContact', 'sex', 'age', 'languages'];
export const referrals: DemoReferral[] = [
  { id: REFERRAL.SENT, caseId: CASE.AICHA, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, receiving: WOMEN, priority: 'URGENT', reasons: 'Needs a safe place to stay tonight.',
    fields: [...FIELDS, 'vulnerabilities', 'protectionConcerns'], status: 'SENT', sentHoursAgo: 2, dueInHours: 22, consent: demoId('consent', 1) },
  { id: REFERRAL.ACCEPTED, caseId: CASE.FATI, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, receiving: WOMEN, priority: 'NORMAL', reasons: 'Case management and listening.',
    fields: [...FIELDS, 'vulnerabilities'], status: 'ACCEPTED', sentHoursAgo: 30, dueInHours: 138, consent: demoId('consent', 2), note: 'First appointment on Monday.' },
  { id: REFERRAL.DECLINED, caseId: CASE.HALIMA, serviceId: SERVICE.AGADEZ_WOMEN_VOCATIONAL, receiving: WOMEN, priority: 'NORMAL', reasons: 'Interested in vocational training.',
    fields: FIELDS, status: 'DECLINED', sentHoursAgo: 100, dueInHours: 236, consent: demoId('consent', 3), declineReason: 'NO_CAPACITY', note: 'Next session starts in March.' },
  { id: REFERRAL.COMPLETED, caseId: CASE.AICHA, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, receiving: WOMEN, priority: 'URGENT', reasons: 'Psychosocial follow-up.',
    fields: [...FIELDS, 'healthInformation'], status: 'COMPLETED', sentHoursAgo: 400, dueInHours: -328, consent: demoId('consent', 1), outcome: 'SERVICE_PROVIDED' },
  { id: REFERRAL.CANCELLED, caseId: CASE.MARIAM, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, receiving: WOMEN, priority: 'URGENT', reasons: 'Interim care.',
    fields: FIELDS, status: 'CANCELLED', sentHoursAgo: 50, dueInHours: 22, consent: demoId('consent', 4), cancelReason: 'Placed with the national child protection service instead.' },
  { id: REFERRAL.OVERDUE, caseId: CASE.SALAMATOU, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, receiving: WOMEN, priority: 'URGENT', reasons: 'Support before return.',
    fields: FIELDS, status: 'SENT', sentHoursAgo: 120, dueInHours: -48, consent: demoId('consent', 5) },
  { id: REFERRAL.VITAL_INTEREST, caseId: CASE.YOUSSOUF, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, receiving: WOMEN, priority: 'EMERGENCY', reasons: 'Unconscious after a fall; needs immediate care.',
    fields: ['age', 'sex'], status: 'ACCEPTED', sentHoursAgo: 5, dueInHours: 19, consent: null, vital: 'The person is unconscious and cannot consent; delay would endanger life.' },
];

export const SENDER = USER.IOM_NIGER_CASE_MANAGER;
export const RECEIVER = USER.AGADEZ_WOMEN_FOCAL_POINT;
