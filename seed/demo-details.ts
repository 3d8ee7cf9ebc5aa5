/**
 * The details that decide whether a referral makes sense, for every demo service: defaults derived from
 * its categories, populations, agency and locations, so they stay consistent, and hand-written details
 * for a few services (given in demo-data.ts, `details: {...}`, which replace the defaults field by field).
 * Deterministic: fixed holiday dates, outreach visits counted in days from the day the data is loaded.
 */
import { AccessibilityFeature as X, ContactRole, FeeKind, RequiredDocumentType as D, ServiceStandard as S } from '../src/directory/details-enums';
import { AgencyType, Channel, FacilityType, Population, Weekday } from '../src/directory/enums';
import type { Localized } from '../src/shared/i18n';
import type { DemoAgency, DemoClosure, DemoContact, DemoHours, DemoLocation, DemoService, DemoServiceDetails } from './types';

const t = (en: string, fr: string): Localized => ({ en, fr });

const POPULATION_WORDS: Record<Population, [string, string]> = {
  ALL: ['anyone', 'toute personne'],
  UNACCOMPANIED_OR_SEPARATED_CHILDREN: ['unaccompanied or separated children', 'les enfants non accompagnés ou séparés'],
  VICTIMS_OF_TRAFFICKING: ['victims of trafficking', 'les victimes de la traite'],
  GBV_SURVIVORS: ['survivors of gender-based violence', 'les survivantes et survivants de violences basées sur le genre'],
  PEOPLE_WITH_DISABILITIES: ['people with disabilities', 'les personnes handicapées'],
  OLDER_PERSONS: ['older persons', 'les personnes âgées'],
  PREGNANT_WOMEN: ['pregnant women', 'les femmes enceintes'],
  PEOPLE_WITH_MEDICAL_NEEDS: ['people with medical needs', 'les personnes ayant des besoins médicaux'],
  ASYLUM_SEEKERS: ['asylum seekers', "les demandeurs d'asile"],
  STRANDED_MIGRANTS: ['stranded migrants', 'les migrants bloqués'],
  RETURNEES: ['returning migrants', 'les migrants de retour'],
  POTENTIAL_MIGRANTS: ['people thinking of migrating', 'les personnes qui envisagent de migrer'],
  FAMILIES_OF_MIGRANTS: ['families of migrants', 'les familles de migrants'],
};

/** Country calling codes of the demo countries (every demo number is zeros after it). */
const CALLING_CODE: Record<string, string> = { NE: '227', SD: '249', ML: '223', GN: '224', BG: '359', LK: '94', PH: '63', GE: '995', AL: '355', TJ: '992' };

/** Public holidays of 2026 and 2027 per country (and Eid al-Fitr where it is one), when services not open around the clock close. */
const HOLIDAYS: Record<string, DemoClosure[]> = (() => {
  const years = ['2026', '2027'];
  const h = (monthDay: string, en: string, fr: string) => years.map((y): DemoClosure => ({ from: `${y}-${monthDay}`, to: `${y}-${monthDay}`, reasons: t(en, fr) }));
  const eid: DemoClosure[] = [['2026-03-20', '2026-03-21'], ['2027-03-10', '2027-03-11']].map(([from, to]) => ({ from, to, reasons: t('Eid al-Fitr', 'Aïd el-Fitr') }));
  const byDate = (list: DemoClosure[]) => list.sort((a, b) => a.from.localeCompare(b.from));
  return {
    NE: byDate([...h('01-01', "New Year's Day", "Jour de l'an"), ...eid, ...h('04-24', 'Concord Day', 'Fête de la Concorde'), ...h('08-03', 'Independence Day', "Fête de l'indépendance"), ...h('12-18', 'Republic Day', 'Fête de la République')]),
    SD: byDate([...h('01-01', 'Independence Day', "Fête de l'indépendance"), ...eid]),
    ML: byDate([...h('01-20', 'Armed Forces Day', "Fête de l'armée"), ...eid, ...h('09-22', 'Independence Day', "Fête de l'indépendance")]),
    GN: byDate([...eid, ...h('10-02', 'Independence Day', "Fête de l'indépendance")]),
    BG: byDate(h('03-03', 'Liberation Day', 'Fête de la libération')),
    LK: byDate(h('02-04', 'Independence Day', "Fête de l'indépendance")),
    PH: byDate(h('06-12', 'Independence Day', "Fête de l'indépendance")),
    GE: byDate(h('05-26', 'Independence Day', "Fête de l'indépendance")),
    AL: byDate(h('11-28', 'Independence Day', "Fête de l'indépendance")),
    TJ: byDate([...eid, ...h('09-09', 'Independence Day', "Fête de l'indépendance")]),
  };
})();

/** Languages interpreters cover in each country, beyond those of the staff. */
const INTERPRETED: Record<string, string[]> = {
  NE: ['tmh', 'kr', 'ff', 'ar', 'en'], SD: ['ti', 'am', 'so', 'fr'], ML: ['snk', 'dyu', 'tmh', 'en'], GN: ['sus', 'man', 'en'],
  BG: ['ar', 'fa', 'ps', 'ku', 'uk'], LK: ['ar'], PH: ['ar'], GE: ['tr', 'ar'], AL: ['it', 'el', 'de'], TJ: ['uz', 'en'],
};

/** Where mobile teams of each country go (area codes) and what the stop is. */
const OUTREACH_STOPS: Record<string, { area: string; places: Localized }[]> = {
  NE: [
    { area: 'NE-1-ARL-CU', places: t('Arlit bus station', 'Gare routière d’Arlit') },
    { area: 'NE-1-AGZ-CU', places: t('Agadez market square', 'Place du marché d’Agadez') },
    { area: 'NE-1-AGZ', places: t('Ingall health centre', 'Centre de santé d’Ingall') },
  ],
  ML: [
    { area: 'ML-7-GAO', places: t('Gao bus station', 'Gare routière de Gao') },
    { area: 'ML-5-MPT', places: t('Mopti port', 'Port de Mopti') },
    { area: 'ML-BKO-C6', places: t('Sogoniko bus station, Bamako', 'Gare routière de Sogoniko, Bamako') },
  ],
  GN: [{ area: 'GN-C-CKY', places: t('Madina market, Conakry', 'Marché de Madina, Conakry') }],
  SD: [{ area: 'SD-KH-OMD', places: t('Omdurman souk', 'Souk d’Omdurman') }],
};

const FEATURE_WORDS: Record<X, [string, string]> = {
  WHEELCHAIR_ACCESS: ['step-free access for wheelchairs', 'accès de plain-pied pour fauteuils roulants'],
  ACCESSIBLE_TOILET: ['an accessible toilet', 'des toilettes accessibles'],
  SIGN_LANGUAGE: ['a sign language interpreter on request', 'un interprète en langue des signes sur demande'],
  VISUAL_IMPAIRMENT_SUPPORT: ['staff trained to guide people with visual impairment', 'un personnel formé à guider les personnes malvoyantes'],
  HEARING_IMPAIRMENT_SUPPORT: ['text messages for people who cannot hear', 'des messages écrits pour les personnes sourdes ou malentendantes'],
  EASY_READ_INFORMATION: ['leaflets with pictures', 'des dépliants illustrés'],
  HOME_VISITS: ['visits to people who cannot travel', 'des visites aux personnes qui ne peuvent pas se déplacer'],
  ACCESSIBLE_TRANSPORT: ['transport for people with reduced mobility', 'un transport pour les personnes à mobilité réduite'],
  QUIET_SPACE: ['a quiet, private room', 'une pièce calme et privée'],
};

const has = (categories: string[], prefix: string) => categories.some((c) => c === prefix || c.startsWith(`${prefix}.`));
const unique = <T>(xs: T[]) => [...new Set(xs)];
const { MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY } = Weekday;
const OFFICE_HOURS: DemoHours = [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY].map((day) => ({ day, opens: '08:00', closes: '16:00' }));

function eligibilityText(s: Omit<DemoService, 'details'>, only: string[]): Localized {
  const who = s.populations.includes(Population.ALL) && s.populations.length === 1
    ? t('Open to anyone, whatever their nationality or status.', 'Ouvert à toute personne, quels que soient sa nationalité ou son statut.')
    : t(`For ${s.populations.map((p) => POPULATION_WORDS[p][0]).join(', ')}.`, `Pour ${s.populations.map((p) => POPULATION_WORDS[p][1]).join(', ')}.`);
  const parts = [who];
  if (s.ageMin !== undefined || s.ageMax !== undefined) {
    parts.push(s.ageMax !== undefined
      ? t(`Aged ${s.ageMin ?? 0} to ${s.ageMax}.`, `De ${s.ageMin ?? 0} à ${s.ageMax} ans.`)
      : t(`Aged ${s.ageMin} and over.`, `À partir de ${s.ageMin} ans.`));
  }
  if (s.genders.length === 1 && s.genders[0] === 'FEMALE') parts.push(t('Women and girls only.', 'Femmes et filles uniquement.'));
  if (only.length) parts.push(t(`Only for nationals of ${only.join(', ')}.`, `Uniquement pour les ressortissants de : ${only.join(', ')}.`));
  return { en: parts.map((p) => p.en).join(' '), fr: parts.map((p) => p.fr).join(' ') };
}

function documentsFor(categories: string[]): Pick<DemoServiceDetails, 'documentsRequired' | 'acceptsWithoutDocuments' | 'requiredDocuments'> {
  if (has(categories, 'recruitment_complaints')) {
    return { documentsRequired: true, acceptsWithoutDocuments: false, requiredDocuments: [{ type: D.PASSPORT }, { type: D.EMPLOYMENT_CONTRACT }] };
  }
  if (has(categories, 'legal.consular')) {
    return {
      documentsRequired: true, acceptsWithoutDocuments: true,
      requiredDocuments: [
        { type: D.BIRTH_CERTIFICATE, labels: t('Any proof of nationality: birth certificate, old identity card or passport', "Toute preuve de nationalité : acte de naissance, ancienne carte d'identité ou passeport") },
        { type: D.PHOTO },
      ],
    };
  }
  if (has(categories, 'legal.civil_registration')) {
    return { documentsRequired: false, acceptsWithoutDocuments: true, requiredDocuments: [{ type: D.OTHER, labels: t('Two witnesses, or a statement from the village chief', 'Deux témoins, ou une attestation du chef de village') }] };
  }
  if (has(categories, 'shelter.safe_house') || has(categories, 'mhpss.specialised')) {
    return { documentsRequired: true, acceptsWithoutDocuments: true, requiredDocuments: [{ type: D.REFERRAL_FORM }] };
  }
  if (has(categories, 'health')) {
    return { documentsRequired: false, acceptsWithoutDocuments: true, requiredDocuments: [{ type: D.MEDICAL_RECORD, labels: t('Health card or earlier prescriptions, if any', "Carnet de santé ou ordonnances antérieures, s'il y en a") }] };
  }
  if (has(categories, 'pre_departure') || has(categories, 'employment') || has(categories, 'financial_literacy')) {
    return { documentsRequired: false, acceptsWithoutDocuments: null, requiredDocuments: [{ type: D.NATIONAL_ID, labels: t('Identity card, if you have one', "Carte d'identité, si vous en avez une") }] };
  }
  return { documentsRequired: false, acceptsWithoutDocuments: true, requiredDocuments: [] };
}

function standardsFor(categories: string[], agency: DemoAgency): S[] {
  const out: S[] = [S.PSEA_CORE_PRINCIPLES]; // every member of the network signs up to them
  if ([AgencyType.UN_AGENCY, AgencyType.INTERNATIONAL_NGO, AgencyType.NATIONAL_NGO].includes(agency.type)) out.push(S.CORE_HUMANITARIAN_STANDARD);
  const rules: [string, S[]][] = [
    ['protection.gbv', [S.IASC_GBV_CASE_MANAGEMENT, S.GBV_MINIMUM_STANDARDS]],
    ['protection.child', [S.CPMS, S.CHILD_PROTECTION_CASE_MANAGEMENT, S.BEST_INTERESTS_PROCEDURE]],
    ['protection.trafficking', [S.IOM_VULNERABLE_MIGRANTS_HANDBOOK]],
    ['education.child_friendly_space', [S.CPMS]],
    ['mhpss', [S.IASC_MHPSS, S.MHPSS_MINIMUM_SERVICE_PACKAGE]],
    ['health.srh', [S.MISP_SRH]],
    ['health.post_violence', [S.CLINICAL_MANAGEMENT_OF_RAPE]],
    ['shelter', [S.SPHERE]],
    ['food_nfi', [S.SPHERE]],
    ['avrr', [S.IOM_AVRR_FRAMEWORK]],
    ['reintegration', [S.IOM_REINTEGRATION_HANDBOOK]],
    ['recruitment_complaints', [S.ILO_FAIR_RECRUITMENT]],
    ['employment', [S.ILO_FAIR_RECRUITMENT]],
  ];
  for (const [prefix, standards] of rules) if (has(categories, prefix)) out.push(...standards);
  return unique(out);
}

function accessibilityFor(s: Omit<DemoService, 'details'>, locations: DemoLocation[]): DemoServiceDetails['accessibility'] {
  const features: X[] = [];
  for (const l of locations) {
    if ([FacilityType.TRANSIT_OR_RECEPTION_CENTRE, FacilityType.COLLECTIVE_CENTRE, FacilityType.MIGRATION_RESPONSE_CENTRE].includes(l.facilityType)) features.push(X.WHEELCHAIR_ACCESS, X.ACCESSIBLE_TOILET);
    if (l.facilityType === FacilityType.MIGRANT_RESOURCE_CENTRE) features.push(X.WHEELCHAIR_ACCESS, X.EASY_READ_INFORMATION);
    if (l.facilityType === FacilityType.SHELTER) features.push(X.QUIET_SPACE, X.ACCESSIBLE_TOILET);
    if (l.facilityType === FacilityType.HOTLINE) features.push(X.HEARING_IMPAIRMENT_SUPPORT);
    if (l.facilityType === FacilityType.MOBILE_TEAM) features.push(X.HOME_VISITS);
  }
  if (has(s.categories, 'mhpss') || has(s.categories, 'protection')) features.push(X.QUIET_SPACE);
  if (s.populations.includes(Population.PEOPLE_WITH_DISABILITIES)) features.push(X.SIGN_LANGUAGE, X.VISUAL_IMPAIRMENT_SUPPORT);
  const list = unique(features);
  if (!list.length) {
    return { features: [], details: t('No particular arrangements; ask the intake contact what can be arranged.', "Pas d'aménagement particulier ; demandez au contact d'accueil ce qui peut être organisé.") };
  }
  const words = (i: 0 | 1) => list.map((f) => FEATURE_WORDS[f][i]).join(', ');
  return { features: list, details: t(`Available: ${words(0)}.`, `Disponible : ${words(1)}.`) };
}

function contactsFor(s: Omit<DemoService, 'details'>, agency: DemoAgency): DemoContact[] {
  const languages = s.languages.slice(0, 3);
  const contacts: DemoContact[] = [];
  if (s.intakeContact.phone || s.intakeContact.email) {
    contacts.push({
      role: ContactRole.INTAKE, name: s.intakeContact.name, phone: s.intakeContact.phone, email: s.intakeContact.email, languages,
      hours: s.open24Hours ? [] : s.openingHours, always: s.open24Hours ?? false,
    });
  }
  if (agency.email || agency.phone) {
    contacts.push({ role: ContactRole.FOCAL_POINT, name: `Referral focal point, ${agency.acronym ?? agency.names.en}`, email: agency.email, phone: agency.phone, languages: agency.languages.slice(0, 3), hours: OFFICE_HOURS });
  }
  if ((has(s.categories, 'protection') || has(s.categories, 'shelter.safe_house') || has(s.categories, 'health')) && !s.open24Hours) {
    contacts.push({ role: ContactRole.AFTER_HOURS_EMERGENCY, name: 'Emergency duty phone', phone: `+${CALLING_CODE[agency.countryCode]} 00 00 00 99`, languages, hours: [], always: true });
  }
  return contacts;
}

/** The details of a demo service: the defaults for it, replaced field by field by `given`. */
export function demoDetails(s: Omit<DemoService, 'details'>, given: Partial<DemoServiceDetails>, agencies: DemoAgency[], locations: DemoLocation[]): DemoServiceDetails {
  const agency = agencies.find((a) => a.id === s.agency)!;
  const sites = s.locations.map((id) => locations.find((l) => l.id === id)!);
  const country = agency.countryCode;
  const nationalities = given.nationalities ?? [];
  const mobile = s.channels.includes(Channel.OUTREACH) || s.channels.includes(Channel.MOBILE);
  const stops = (OUTREACH_STOPS[country] ?? []).filter((stop) => !sites.some((l) => l.area === stop.area));
  const interpreted = (INTERPRETED[country] ?? []).filter((l) => !s.languages.includes(l));
  const phoneLine = s.channels.includes(Channel.PHONE) || agency.type === AgencyType.UN_AGENCY;
  return {
    eligibility: eligibilityText(s, nationalities),
    ...documentsFor(s.categories),
    nationalities,
    excludedNationalities: [],
    fees: s.costFree
      ? { kind: FeeKind.FREE, options: [], descriptions: t('Free of charge.', 'Gratuit.') }
      : { kind: FeeKind.FEE, options: [], descriptions: s.costNote ? t(s.costNote, s.costNote) : undefined },
    accessibility: accessibilityFor(s, sites),
    interpretation: {
      languages: interpreted, byPhone: phoneLine && interpreted.length > 0, inPerson: !s.open24Hours && interpreted.length > 0,
      notes: interpreted.length ? t('Ask for an interpreter when you refer; allow a day to arrange it.', "Demandez un interprète lors de l'orientation ; prévoyez un jour pour l'organiser.") : undefined,
    },
    standards: standardsFor(s.categories, agency),
    contacts: contactsFor(s, agency),
    sites: [],
    closures: s.open24Hours ? [] : HOLIDAYS[country] ?? [],
    // a mobile team goes out once a week to each stop of its country, mornings
    outreach: mobile ? stops.flatMap((stop, i) => [i + 2, i + 9, i + 16].map((inDays) => ({ inDays, opens: '09:00', closes: '13:00', area: stop.area, places: stop.places }))) : [],
    ...given,
  };
}
