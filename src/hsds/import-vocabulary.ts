import { AccessibilityFeature, ContactRole, FeeKind, ServiceStandard } from '../directory/details-enums';
import { AgencyType, Channel, FacilityType, Gender, Population } from '../directory/enums';

/**
 * The taxonomies of our own model that an HSDS package carries as attributes (taxonomy_term.taxonomy, or the
 * name of its taxonomy_detail, with the term's code). Terms of "mrn-service-categories" are our category
 * codes and map to themselves; the others set the field named here. A term of any other taxonomy goes
 * through the mapping table the network admin edits (hsds_term_mappings), and one that is in neither is
 * reported as unknown, never dropped silently.
 *
 * The export (src/hsds/mapping.ts) writes the same taxonomies: keep the two in step.
 */
export const CATEGORY_TAXONOMY = 'mrn-service-categories';

export type VocabularyTarget =
  | 'populations' | 'genders' | 'channels' | 'standards' | 'accessibility' | 'agencyType' | 'facilityType' | 'contactRole' | 'feeKind'
  | 'eligibility' | 'nationalities' | 'excludedNationalities' | 'locationFlags';

export const VOCABULARIES: Record<string, { target: VocabularyTarget; codes: readonly string[] | null }> = {
  'mrn-populations': { target: 'populations', codes: Object.values(Population) },
  'mrn-genders': { target: 'genders', codes: Object.values(Gender) },
  'mrn-channels': { target: 'channels', codes: Object.values(Channel) },
  'mrn-standards': { target: 'standards', codes: Object.values(ServiceStandard) },
  'mrn-accessibility': { target: 'accessibility', codes: Object.values(AccessibilityFeature) },
  // the name the export writes (src/hsds/taxonomy.ts TAXONOMY.ACCESSIBILITY)
  'mrn-accessibility-features': { target: 'accessibility', codes: Object.values(AccessibilityFeature) },
  'mrn-agency-types': { target: 'agencyType', codes: Object.values(AgencyType) },
  'mrn-facility-types': { target: 'facilityType', codes: Object.values(FacilityType) },
  'mrn-contact-roles': { target: 'contactRole', codes: Object.values(ContactRole) },
  'mrn-fees': { target: 'feeKind', codes: Object.values(FeeKind) },
  // the name the export writes (TAXONOMY.FEE_KINDS)
  'mrn-fee-kinds': { target: 'feeKind', codes: Object.values(FeeKind) },
  // documents_required / no_documents_required / accepts_undocumented / not_accepting_undocumented
  'mrn-eligibility': { target: 'eligibility', codes: ['DOCUMENTS_REQUIRED', 'NO_DOCUMENTS_REQUIRED', 'ACCEPTS_WITHOUT_DOCUMENTS', 'NOT_WITHOUT_DOCUMENTS'] },
  // ISO 3166-1 alpha-2 codes (checked with src/shared/codes.ts)
  'mrn-nationalities': { target: 'nationalities', codes: null },
  'mrn-excluded-nationalities': { target: 'excludedNationalities', codes: null },
  // a location marked confidential (a safe shelter); an imported location is confidential only when marked so
  'mrn-location-flags': { target: 'locationFlags', codes: ['CONFIDENTIAL'] },
};

/**
 * Our own taxonomies the export writes whose terms are read apart from the vocabularies: known, so never
 * "unknown" nor in the mapping table. mrn-service-properties (time zone, eligibility by documents and
 * nationality, interpretation, capacity, area codes, referral fields: the value is in the attribute's
 * `value`; import-plan.ts PropertyReader), mrn-schedule-kinds (schedules()), mrn-areas (the areas a package
 * names, added where missing), mrn-required-document-types (the document's label says it).
 */
export const KNOWN_UNREAD_TAXONOMIES = new Set(['mrn-service-properties', 'mrn-schedule-kinds', 'mrn-required-document-types', 'mrn-areas']);

/** Our own taxonomies: never in the mapping table. */
export const isOwnTaxonomy = (taxonomy: string) => taxonomy === CATEGORY_TAXONOMY || taxonomy in VOCABULARIES || KNOWN_UNREAD_TAXONOMIES.has(taxonomy);
