import { registerEnumType } from 'type-graphql';

/**
 * The personal-data catalogue: every personal field of a case belongs to exactly one category.
 * Consents, data-sharing agreements and the disclosure check all read this map; nothing else lists fields.
 */
export enum DataCategory {
  IDENTITY = 'IDENTITY',
  CONTACT = 'CONTACT',
  DEMOGRAPHICS = 'DEMOGRAPHICS',
  DOCUMENTS = 'DOCUMENTS',
  MIGRATION = 'MIGRATION',
  PROTECTION = 'PROTECTION',
  HEALTH = 'HEALTH',
  ASSESSMENT = 'ASSESSMENT',
}

export enum DataClass {
  PERSONAL = 'PERSONAL',
  PERSONAL_SENSITIVE = 'PERSONAL_SENSITIVE',
}

registerEnumType(DataCategory, { name: 'DataCategory', description: 'Categories of personal data, as consents and data-sharing agreements name them' });
registerEnumType(DataClass, { name: 'DataClass', description: 'PERSONAL_SENSITIVE data can do serious harm if disclosed' });

export interface CatalogueField {
  name: string;
  description: string;
}

export const DATA_CATALOGUE: Record<DataCategory, { dataClass: DataClass; description: string; fields: CatalogueField[] }> = {
  IDENTITY: {
    dataClass: DataClass.PERSONAL,
    description: 'Who the person is',
    fields: [
      { name: 'givenName', description: 'Given name(s)' },
      { name: 'familyName', description: 'Family name' },
      { name: 'otherNames', description: 'Other names or spellings the person is known by' },
      { name: 'dateOfBirth', description: 'Date of birth (may be estimated)' },
      { name: 'dateOfBirthEstimated', description: 'Whether the date of birth is an estimate' },
      { name: 'photoReference', description: 'Reference to a photo held by the owning agency' },
    ],
  },
  CONTACT: {
    dataClass: DataClass.PERSONAL,
    description: 'How to reach the person',
    fields: [
      { name: 'phone', description: 'Phone number' },
      { name: 'address', description: 'Current address or place of stay' },
      { name: 'emergencyContact', description: 'Name and phone of an emergency contact' },
      { name: 'safeContact', description: 'How the person may be contacted safely (method, hours, intermediary, code word); disclosed with every other contact field' },
    ],
  },
  DEMOGRAPHICS: {
    dataClass: DataClass.PERSONAL,
    description: 'Sex, gender, age, nationality, languages',
    fields: [
      { name: 'sex', description: 'Sex' },
      { name: 'gender', description: 'Gender identity' },
      { name: 'age', description: 'Age in years (from the date of birth, or estimated)' },
      { name: 'nationality', description: 'Nationality (ISO 3166-1 alpha-2)' },
      { name: 'languages', description: 'Languages spoken (ISO 639-1), preferred first' },
      { name: 'literacy', description: 'Whether the person reads and writes, and in which languages' },
    ],
  },
  DOCUMENTS: {
    dataClass: DataClass.PERSONAL,
    description: 'Identity and travel documents',
    fields: [
      { name: 'identityDocumentNumber', description: 'Number of a national identity document' },
      { name: 'travelDocumentNumber', description: 'Passport or travel document number' },
    ],
  },
  MIGRATION: {
    dataClass: DataClass.PERSONAL_SENSITIVE,
    description: 'Route, transit details, phase and reasons for migrating',
    fields: [
      { name: 'migrationPhase', description: 'Before departure, in transit, at destination, upon return' },
      { name: 'route', description: 'Countries and places of the journey' },
      { name: 'transitDetails', description: 'Circumstances of transit' },
      { name: 'reasonsForMigrating', description: 'Why the person left' },
    ],
  },
  PROTECTION: {
    dataClass: DataClass.PERSONAL_SENSITIVE,
    description: 'Vulnerabilities and experiences of violence, exploitation or abuse',
    fields: [
      { name: 'vulnerabilities', description: 'Population groups and specific needs the person falls under' },
      { name: 'protectionConcerns', description: 'Experiences of violence, exploitation or abuse' },
    ],
  },
  HEALTH: {
    dataClass: DataClass.PERSONAL_SENSITIVE,
    description: 'Physical and mental health, disability',
    fields: [
      { name: 'healthInformation', description: 'Medical and mental-health information' },
      { name: 'disability', description: 'Disabilities and the support they call for' },
    ],
  },
  ASSESSMENT: {
    dataClass: DataClass.PERSONAL_SENSITIVE,
    description: 'Needs assessment, case notes and services received',
    fields: [
      { name: 'assessmentSummary', description: 'Outline of the needs assessment' },
      { name: 'servicesReceived', description: 'Services the person already received' },
    ],
  },
};

export const ALL_CATEGORIES = Object.values(DataCategory);

/** field name -> its category */
export const FIELD_CATEGORY: ReadonlyMap<string, DataCategory> = new Map(
  ALL_CATEGORIES.flatMap((category) => DATA_CATALOGUE[category].fields.map((f) => [f.name, category] as const)),
);

export const ALL_FIELDS = [...FIELD_CATEGORY.keys()];

export const isCatalogueField = (name: string) => FIELD_CATEGORY.has(name);

/**
 * The person's safe-contact instructions travel with every way of reaching them: a receiver never gets a
 * phone, address or emergency contact without knowing how to use it without putting the person at risk.
 */
export const SAFE_CONTACT_FIELD = 'safeContact';
/** The contact fields that may pass only together with safeContact. */
export const needsSafeContact = (field: string) => field !== SAFE_CONTACT_FIELD && FIELD_CATEGORY.get(field) === DataCategory.CONTACT;
