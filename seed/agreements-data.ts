import { SharingPurpose } from '../src/agreements/enums';
import { DataCategory } from '../src/policy/data-catalogue';
import { AGENCY } from './demo-data';
import { demoId } from './ids';

/**
 * Demo MoUs, SOPs and data-sharing agreements. Dates are days relative to the day the seed runs,
 * so the demo always shows agreements in force, one expiring soon, one expired and one terminated.
 */
const S = SharingPurpose;
const C = DataCategory;

export const MOU = {
  IOM_NIGER_AGADEZ_WOMEN: demoId('mou', 1),
  IOM_NIGER_DIRECTORATE: demoId('mou', 2),
  IOM_SUDAN_LEGAL_AID: demoId('mou', 3),
  MALI_MINISTRY_CHILDREN: demoId('mou', 4),
  IOM_NIGER_SAHEL_HEALTH_DRAFT: demoId('mou', 5),
};

export const DSA = {
  IOM_NIGER_TO_AGADEZ_WOMEN: demoId('dsa', 1),
  AGADEZ_WOMEN_TO_IOM_NIGER: demoId('dsa', 2),
  IOM_SUDAN_TO_LEGAL_AID_EXPIRED: demoId('dsa', 3),
  IOM_NIGER_TO_NIAMEY_CLINIC_TERMINATED: demoId('dsa', 4),
  IOM_NIGER_TO_SAHEL_HEALTH_PARTIAL: demoId('dsa', 5),
  LEGAL_AID_TO_IOM_SUDAN: demoId('dsa', 6),
};

export const SOP = {
  IOM_NIGER_CASE_MANAGEMENT_V1: demoId('sop', 1),
  IOM_NIGER_CASE_MANAGEMENT_V2: demoId('sop', 2),
  AGADEZ_WOMEN_GBV_RESPONSE: demoId('sop', 3),
  LEGAL_AID_INTAKE: demoId('sop', 4),
};

export interface DemoMou {
  id: string; referenceNumber: string; title: string; parties: string[]; categoryCodes: string[]; areaCodes: string[];
  roles: string; communication: string; monitoring: string;
  signedDaysAgo: number | null; effectiveDaysAgo: number | null; expiresInDays: number | null;
  terminated?: { daysAgo: number; reason: string };
}

export const mous: DemoMou[] = [
  {
    id: MOU.IOM_NIGER_AGADEZ_WOMEN, referenceNumber: 'MOU-NE-2025-014', title: 'Referral of women and girls at risk in Agadez region',
    parties: [AGENCY.IOM_NIGER, AGENCY.AGADEZ_WOMEN], categoryCodes: ['protection.gbv', 'shelter.safe_house', 'mhpss'], areaCodes: ['NE-1'],
    roles: 'The transit centre screens and refers; the women\'s organisation provides safe shelter, listening and case follow-up.',
    communication: 'Referral form by encrypted e-mail; focal points meet weekly.', monitoring: 'Monthly anonymous outcome report to the steering committee.',
    signedDaysAgo: 300, effectiveDaysAgo: 300, expiresInDays: 430,
  },
  {
    id: MOU.IOM_NIGER_DIRECTORATE, referenceNumber: 'MOU-NE-2024-003', title: 'Civil registration and documentation for stranded migrants',
    parties: [AGENCY.IOM_NIGER, AGENCY.NIGER_MIGRATION_DIRECTORATE], categoryCodes: ['registration', 'legal.civil_registration', 'legal.documentation'], areaCodes: ['NE'],
    roles: 'The directorate issues documents; the mission identifies and accompanies applicants.', communication: 'Monthly coordination meeting.',
    monitoring: 'Quarterly count of documents issued.', signedDaysAgo: 700, effectiveDaysAgo: 690, expiresInDays: 40,
  },
  {
    id: MOU.IOM_SUDAN_LEGAL_AID, referenceNumber: 'MOU-SD-2023-007', title: 'Legal aid referrals in Khartoum',
    parties: [AGENCY.IOM_SUDAN, AGENCY.KHARTOUM_LEGAL_AID], categoryCodes: ['legal'], areaCodes: ['SD-KH'],
    roles: 'Legal counselling and representation for referred migrants.', communication: 'Phone and shared referral register.',
    monitoring: 'Case outcomes reported monthly.', signedDaysAgo: 1100, effectiveDaysAgo: 1100, expiresInDays: -35,
  },
  {
    id: MOU.MALI_MINISTRY_CHILDREN, referenceNumber: 'MOU-ML-2024-021', title: 'Care of unaccompanied children returning to Bamako',
    parties: [AGENCY.MALI_MINISTRY_MALIANS_ABROAD, AGENCY.BAMAKO_CHILDREN], categoryCodes: ['protection.child', 'education.child_friendly_space'], areaCodes: ['ML-BKO'],
    roles: 'The ministry receives returnees; the children\'s organisation provides interim care and family tracing.', communication: 'Focal points by phone.',
    monitoring: 'Joint review every six months.', signedDaysAgo: 500, effectiveDaysAgo: 500, expiresInDays: 230,
    terminated: { daysAgo: 20, reason: 'Programme funding ended; cases handed over to the national child protection service.' },
  },
  {
    id: MOU.IOM_NIGER_SAHEL_HEALTH_DRAFT, referenceNumber: 'MOU-NE-2026-DRAFT-2', title: 'Mobile health care on the Agadez-Arlit route',
    parties: [AGENCY.IOM_NIGER, AGENCY.SAHEL_HEALTH], categoryCodes: ['health.primary'], areaCodes: ['NE-1'],
    roles: 'To be agreed.', communication: 'To be agreed.', monitoring: 'To be agreed.', signedDaysAgo: null, effectiveDaysAgo: null, expiresInDays: null,
  },
];

export interface DemoDsa {
  id: string; referenceNumber: string; title: string; providing: string; receiving: string; purposes: SharingPurpose[]; categories: DataCategory[];
  excludedFields: string[]; validFromDaysAgo: number; validUntilInDays: number; retentionDays: number; onwardSharingAllowed: boolean;
  signedBy: { agency: string; user: string; role: 'AGENCY_ADMIN' | 'DATA_PROTECTION_OFFICER'; daysAgo: number }[];
  terminated?: { daysAgo: number; reason: string; byAgency: string };
}

export const dsas: DemoDsa[] = [
  {
    id: DSA.IOM_NIGER_TO_AGADEZ_WOMEN, referenceNumber: 'DSA-NE-2025-031', title: 'Referral data from IOM Niger to Tenere women\'s network',
    providing: AGENCY.IOM_NIGER, receiving: AGENCY.AGADEZ_WOMEN, purposes: [S.REFERRAL_AND_SERVICE_DELIVERY, S.CASE_COORDINATION],
    categories: [C.IDENTITY, C.CONTACT, C.DEMOGRAPHICS, C.PROTECTION, C.HEALTH], excludedFields: ['photoReference'],
    validFromDaysAgo: 290, validUntilInDays: 440, retentionDays: 365, onwardSharingAllowed: false,
    signedBy: [{ agency: AGENCY.IOM_NIGER, user: 'seed', role: 'DATA_PROTECTION_OFFICER', daysAgo: 292 }, { agency: AGENCY.AGADEZ_WOMEN, user: 'seed', role: 'DATA_PROTECTION_OFFICER', daysAgo: 290 }],
  },
  {
    id: DSA.AGADEZ_WOMEN_TO_IOM_NIGER, referenceNumber: 'DSA-NE-2025-032', title: 'Case coordination data back to IOM Niger',
    providing: AGENCY.AGADEZ_WOMEN, receiving: AGENCY.IOM_NIGER, purposes: [S.CASE_COORDINATION, S.REFERRAL_AND_SERVICE_DELIVERY],
    categories: [C.IDENTITY, C.CONTACT, C.DEMOGRAPHICS, C.ASSESSMENT], excludedFields: [],
    validFromDaysAgo: 290, validUntilInDays: 50, retentionDays: 180, onwardSharingAllowed: false,
    signedBy: [{ agency: AGENCY.IOM_NIGER, user: 'seed', role: 'AGENCY_ADMIN', daysAgo: 290 }, { agency: AGENCY.AGADEZ_WOMEN, user: 'seed', role: 'AGENCY_ADMIN', daysAgo: 290 }],
  },
  {
    id: DSA.IOM_SUDAN_TO_LEGAL_AID_EXPIRED, referenceNumber: 'DSA-SD-2023-011', title: 'Legal aid referrals (expired)',
    providing: AGENCY.IOM_SUDAN, receiving: AGENCY.KHARTOUM_LEGAL_AID, purposes: [S.REFERRAL_AND_SERVICE_DELIVERY],
    categories: [C.IDENTITY, C.CONTACT, C.DOCUMENTS, C.MIGRATION], excludedFields: [],
    validFromDaysAgo: 1100, validUntilInDays: -35, retentionDays: 730, onwardSharingAllowed: false,
    signedBy: [{ agency: AGENCY.IOM_SUDAN, user: 'seed', role: 'AGENCY_ADMIN', daysAgo: 1101 }, { agency: AGENCY.KHARTOUM_LEGAL_AID, user: 'seed', role: 'AGENCY_ADMIN', daysAgo: 1100 }],
  },
  {
    id: DSA.IOM_NIGER_TO_NIAMEY_CLINIC_TERMINATED, referenceNumber: 'DSA-NE-2024-017', title: 'Medical referrals to the Espoir clinic (terminated)',
    providing: AGENCY.IOM_NIGER, receiving: AGENCY.NIAMEY_CLINIC, purposes: [S.REFERRAL_AND_SERVICE_DELIVERY],
    categories: [C.IDENTITY, C.CONTACT, C.HEALTH], excludedFields: [],
    validFromDaysAgo: 400, validUntilInDays: 330, retentionDays: 365, onwardSharingAllowed: false,
    signedBy: [{ agency: AGENCY.IOM_NIGER, user: 'seed', role: 'DATA_PROTECTION_OFFICER', daysAgo: 400 }, { agency: AGENCY.NIAMEY_CLINIC, user: 'seed', role: 'AGENCY_ADMIN', daysAgo: 400 }],
    terminated: { daysAgo: 12, reason: 'The clinic stopped free consultations for migrants.', byAgency: AGENCY.IOM_NIGER },
  },
  {
    id: DSA.IOM_NIGER_TO_SAHEL_HEALTH_PARTIAL, referenceNumber: 'DSA-NE-2026-004', title: 'Mobile clinic referrals (awaiting signature)',
    providing: AGENCY.IOM_NIGER, receiving: AGENCY.SAHEL_HEALTH, purposes: [S.REFERRAL_AND_SERVICE_DELIVERY],
    categories: [C.IDENTITY, C.DEMOGRAPHICS, C.HEALTH], excludedFields: [],
    validFromDaysAgo: 5, validUntilInDays: 360, retentionDays: 180, onwardSharingAllowed: false,
    signedBy: [{ agency: AGENCY.IOM_NIGER, user: 'seed', role: 'DATA_PROTECTION_OFFICER', daysAgo: 4 }],
  },
  {
    id: DSA.LEGAL_AID_TO_IOM_SUDAN, referenceNumber: 'DSA-SD-2026-002', title: 'Legal aid outcomes to IOM Sudan',
    providing: AGENCY.KHARTOUM_LEGAL_AID, receiving: AGENCY.IOM_SUDAN, purposes: [S.CASE_COORDINATION],
    categories: [C.IDENTITY, C.ASSESSMENT], excludedFields: [],
    validFromDaysAgo: 60, validUntilInDays: 300, retentionDays: 365, onwardSharingAllowed: false,
    signedBy: [{ agency: AGENCY.IOM_SUDAN, user: 'seed', role: 'AGENCY_ADMIN', daysAgo: 60 }, { agency: AGENCY.KHARTOUM_LEGAL_AID, user: 'seed', role: 'DATA_PROTECTION_OFFICER', daysAgo: 60 }],
  },
];

export interface DemoSop {
  id: string; seriesId: string; version: number; title: string; owner: string; categoryCodes: string[]; steps: { title: string; description?: string }[];
  targets: [number, number, number]; effectiveDaysAgo: number; reviewInDays: number; supersededBy?: string;
}

const CASE_MANAGEMENT_SERIES = demoId('sopSeries', 1);
const caseManagementSteps = [
  { title: 'Identification and registration', description: 'Register with informed consent; screen for vulnerabilities.' },
  { title: 'Assessment', description: 'Assess needs with the person; agree priorities.' },
  { title: 'Case plan', description: 'Agree the services to seek and who provides them.' },
  { title: 'Implementation', description: 'Provide directly or refer, with consent for each referral.' },
  { title: 'Follow-up', description: 'Check the service was received; adjust the plan.' },
  { title: 'Closure or transfer', description: 'Close when goals are met; transfer only with consent.' },
];

export const sops: DemoSop[] = [
  {
    id: SOP.IOM_NIGER_CASE_MANAGEMENT_V1, seriesId: CASE_MANAGEMENT_SERIES, version: 1, title: 'Case management in the Agadez transit centre',
    owner: AGENCY.IOM_NIGER, categoryCodes: ['referral'], steps: caseManagementSteps.slice(0, 5), targets: [24, 72, 336],
    effectiveDaysAgo: 800, reviewInDays: -435, supersededBy: SOP.IOM_NIGER_CASE_MANAGEMENT_V2,
  },
  {
    id: SOP.IOM_NIGER_CASE_MANAGEMENT_V2, seriesId: CASE_MANAGEMENT_SERIES, version: 2, title: 'Case management in the Agadez transit centre',
    owner: AGENCY.IOM_NIGER, categoryCodes: ['referral'], steps: caseManagementSteps, targets: [12, 48, 240], effectiveDaysAgo: 430, reviewInDays: 300,
  },
  {
    id: SOP.AGADEZ_WOMEN_GBV_RESPONSE, seriesId: demoId('sopSeries', 2), version: 1, title: 'Survivor-centred response to gender-based violence',
    owner: AGENCY.AGADEZ_WOMEN, categoryCodes: ['protection.gbv', 'shelter.safe_house'],
    steps: [{ title: 'Safety first', description: 'Ensure immediate safety; offer the safe house.' }, { title: 'Consent before any referral' }, { title: 'Health care within 72 hours' }, { title: 'Follow-up' }],
    targets: [6, 24, 168], effectiveDaysAgo: 600, reviewInDays: -40,
  },
  {
    id: SOP.LEGAL_AID_INTAKE, seriesId: demoId('sopSeries', 3), version: 1, title: 'Legal aid intake and representation',
    owner: AGENCY.KHARTOUM_LEGAL_AID, categoryCodes: ['legal'], steps: [{ title: 'Intake interview' }, { title: 'Legal assessment' }, { title: 'Representation or counselling' }],
    targets: [48, 120, 336], effectiveDaysAgo: 200, reviewInDays: 165,
  },
];
