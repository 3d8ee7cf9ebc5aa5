import { registerEnumType } from 'type-graphql';

/** What a service costs the person (HSDS cost_option; fees_description carries the free text). */
export enum FeeKind {
  FREE = 'FREE',
  FEE = 'FEE',
  SLIDING_SCALE = 'SLIDING_SCALE',
}

/** What helps people with disabilities use the service (HSDS accessibility, one description per feature). */
export enum AccessibilityFeature {
  WHEELCHAIR_ACCESS = 'WHEELCHAIR_ACCESS',
  ACCESSIBLE_TOILET = 'ACCESSIBLE_TOILET',
  SIGN_LANGUAGE = 'SIGN_LANGUAGE',
  VISUAL_IMPAIRMENT_SUPPORT = 'VISUAL_IMPAIRMENT_SUPPORT',
  HEARING_IMPAIRMENT_SUPPORT = 'HEARING_IMPAIRMENT_SUPPORT',
  EASY_READ_INFORMATION = 'EASY_READ_INFORMATION',
  HOME_VISITS = 'HOME_VISITS',
  ACCESSIBLE_TRANSPORT = 'ACCESSIBLE_TRANSPORT',
  QUIET_SPACE = 'QUIET_SPACE',
}

/** Standards and guidelines a service applies (exported to HSDS as attributes of a "standards" taxonomy). */
export enum ServiceStandard {
  IASC_GBV_CASE_MANAGEMENT = 'IASC_GBV_CASE_MANAGEMENT',
  GBV_MINIMUM_STANDARDS = 'GBV_MINIMUM_STANDARDS',
  CPMS = 'CPMS',
  CHILD_PROTECTION_CASE_MANAGEMENT = 'CHILD_PROTECTION_CASE_MANAGEMENT',
  BEST_INTERESTS_PROCEDURE = 'BEST_INTERESTS_PROCEDURE',
  IASC_MHPSS = 'IASC_MHPSS',
  MHPSS_MINIMUM_SERVICE_PACKAGE = 'MHPSS_MINIMUM_SERVICE_PACKAGE',
  MISP_SRH = 'MISP_SRH',
  CLINICAL_MANAGEMENT_OF_RAPE = 'CLINICAL_MANAGEMENT_OF_RAPE',
  SPHERE = 'SPHERE',
  CORE_HUMANITARIAN_STANDARD = 'CORE_HUMANITARIAN_STANDARD',
  PSEA_CORE_PRINCIPLES = 'PSEA_CORE_PRINCIPLES',
  IOM_VULNERABLE_MIGRANTS_HANDBOOK = 'IOM_VULNERABLE_MIGRANTS_HANDBOOK',
  IOM_AVRR_FRAMEWORK = 'IOM_AVRR_FRAMEWORK',
  IOM_REINTEGRATION_HANDBOOK = 'IOM_REINTEGRATION_HANDBOOK',
  UNHCR_RSD_PROCEDURAL_STANDARDS = 'UNHCR_RSD_PROCEDURAL_STANDARDS',
  ILO_FAIR_RECRUITMENT = 'ILO_FAIR_RECRUITMENT',
}

/** Who a contact of a service is for. */
export enum ContactRole {
  GENERAL = 'GENERAL',
  INTAKE = 'INTAKE',
  FOCAL_POINT = 'FOCAL_POINT',
  AFTER_HOURS_EMERGENCY = 'AFTER_HOURS_EMERGENCY',
  COMPLAINTS = 'COMPLAINTS',
}

/** Documents a service asks for (HSDS required_document.document carries the label). */
export enum RequiredDocumentType {
  PASSPORT = 'PASSPORT',
  NATIONAL_ID = 'NATIONAL_ID',
  BIRTH_CERTIFICATE = 'BIRTH_CERTIFICATE',
  TRAVEL_DOCUMENT = 'TRAVEL_DOCUMENT',
  RESIDENCE_PERMIT = 'RESIDENCE_PERMIT',
  ASYLUM_DOCUMENT = 'ASYLUM_DOCUMENT',
  REFERRAL_FORM = 'REFERRAL_FORM',
  MEDICAL_RECORD = 'MEDICAL_RECORD',
  EMPLOYMENT_CONTRACT = 'EMPLOYMENT_CONTRACT',
  PHOTO = 'PHOTO',
  OTHER = 'OTHER',
}

/** English and French labels of the codes, used when a service gives no label of its own (and by exports). */
export const STANDARD_NAMES: Record<ServiceStandard, string> = {
  IASC_GBV_CASE_MANAGEMENT: 'Interagency Gender-Based Violence Case Management Guidelines',
  GBV_MINIMUM_STANDARDS: 'Inter-Agency Minimum Standards for Gender-Based Violence in Emergencies Programming',
  CPMS: 'Minimum Standards for Child Protection in Humanitarian Action (CPMS)',
  CHILD_PROTECTION_CASE_MANAGEMENT: 'Inter-Agency Guidelines for Case Management and Child Protection',
  BEST_INTERESTS_PROCEDURE: 'UNHCR Best Interests Procedure Guidelines',
  IASC_MHPSS: 'IASC Guidelines on Mental Health and Psychosocial Support in Emergency Settings',
  MHPSS_MINIMUM_SERVICE_PACKAGE: 'MHPSS Minimum Service Package',
  MISP_SRH: 'Minimum Initial Service Package (MISP) for Sexual and Reproductive Health',
  CLINICAL_MANAGEMENT_OF_RAPE: 'WHO/UNHCR/UNFPA Clinical Management of Rape and Intimate Partner Violence Survivors',
  SPHERE: 'Sphere Handbook: Humanitarian Charter and Minimum Standards',
  CORE_HUMANITARIAN_STANDARD: 'Core Humanitarian Standard on Quality and Accountability',
  PSEA_CORE_PRINCIPLES: 'IASC Six Core Principles relating to Sexual Exploitation and Abuse',
  IOM_VULNERABLE_MIGRANTS_HANDBOOK: 'IOM Handbook on Protection and Assistance for Migrants Vulnerable to Violence, Exploitation and Abuse',
  IOM_AVRR_FRAMEWORK: 'IOM Framework for Assisted Voluntary Return and Reintegration',
  IOM_REINTEGRATION_HANDBOOK: 'IOM Reintegration Handbook',
  UNHCR_RSD_PROCEDURAL_STANDARDS: 'UNHCR Procedural Standards for Refugee Status Determination',
  ILO_FAIR_RECRUITMENT: 'ILO General Principles and Operational Guidelines for Fair Recruitment',
};

export const DOCUMENT_NAMES: Record<RequiredDocumentType, { en: string; fr: string }> = {
  PASSPORT: { en: 'Passport', fr: 'Passeport' },
  NATIONAL_ID: { en: 'National identity card', fr: "Carte nationale d'identité" },
  BIRTH_CERTIFICATE: { en: 'Birth certificate', fr: 'Acte de naissance' },
  TRAVEL_DOCUMENT: { en: 'Travel document or laissez-passer', fr: 'Document de voyage ou laissez-passer' },
  RESIDENCE_PERMIT: { en: 'Residence permit', fr: 'Titre de séjour' },
  ASYLUM_DOCUMENT: { en: 'Asylum seeker or refugee document', fr: "Document de demandeur d'asile ou de réfugié" },
  REFERRAL_FORM: { en: 'Referral form from a network member', fr: "Fiche d'orientation d'un membre du réseau" },
  MEDICAL_RECORD: { en: 'Medical record or health card', fr: 'Dossier médical ou carnet de santé' },
  EMPLOYMENT_CONTRACT: { en: 'Employment contract or recruitment papers', fr: 'Contrat de travail ou documents de recrutement' },
  PHOTO: { en: 'Passport-size photo', fr: "Photo d'identité" },
  OTHER: { en: 'Other document', fr: 'Autre document' },
};

registerEnumType(FeeKind, {
  name: 'FeeKind',
  description: 'What the service costs the person (HSDS cost_option)',
  valuesConfig: {
    FREE: { description: 'No charge' },
    FEE: { description: 'A charge; see the cost options for amounts and currency' },
    SLIDING_SCALE: { description: 'The charge depends on what the person can pay' },
  },
});
registerEnumType(AccessibilityFeature, {
  name: 'AccessibilityFeature',
  valuesConfig: {
    WHEELCHAIR_ACCESS: { description: 'Step-free entrance and rooms a wheelchair user can reach' },
    ACCESSIBLE_TOILET: { description: 'A toilet for wheelchair users' },
    SIGN_LANGUAGE: { description: 'Staff or interpreters who sign' },
    VISUAL_IMPAIRMENT_SUPPORT: { description: 'Support for people with visual impairment: guiding, large print, audio or braille' },
    HEARING_IMPAIRMENT_SUPPORT: { description: 'Hearing loop, written communication or text messages' },
    EASY_READ_INFORMATION: { description: 'Information in easy-to-read or pictorial form' },
    HOME_VISITS: { description: 'Staff come to people who cannot travel' },
    ACCESSIBLE_TRANSPORT: { description: 'Transport to the service for people with reduced mobility' },
    QUIET_SPACE: { description: 'A quiet, private space for people who are distressed or overwhelmed' },
  },
});
registerEnumType(ServiceStandard, {
  name: 'ServiceStandard',
  description: 'Standards and guidelines a service applies',
  valuesConfig: Object.fromEntries(Object.entries(STANDARD_NAMES).map(([k, v]) => [k, { description: v }])),
});
registerEnumType(ContactRole, {
  name: 'ContactRole',
  valuesConfig: {
    GENERAL: { description: 'General enquiries' },
    INTAKE: { description: 'Takes referrals and new cases' },
    FOCAL_POINT: { description: "The service's referral focal point" },
    AFTER_HOURS_EMERGENCY: { description: 'Emergency number outside opening hours' },
    COMPLAINTS: { description: 'Complaints and feedback, including sexual exploitation and abuse' },
  },
});
registerEnumType(RequiredDocumentType, {
  name: 'RequiredDocumentType',
  valuesConfig: Object.fromEntries(Object.entries(DOCUMENT_NAMES).map(([k, v]) => [k, { description: v.en }])),
});
