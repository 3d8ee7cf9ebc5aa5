/**
 * Demo data set for the migrant-protection referral network.
 *
 * Real kinds of actors and places from the domain brief, with invented organisations marked `fictional: true`.
 * Every contact detail is fake: phone numbers are all zeros and e-mail addresses use example.org.
 * Deterministic: fixed ids from `demoId`, no clocks, no randomness.
 */
import { Role } from '../src/auth/roles';
import { AgencyType, AreaLevel, Channel, FacilityType, Gender, Population, ServiceStatus, Weekday } from '../src/directory/enums';
import type { Localized } from '../src/shared/i18n';
import { demoId } from './ids';
import { AccessibilityFeature, ContactRole, FeeKind, RequiredDocumentType, ServiceStandard } from '../src/directory/details-enums';
import { demoDetails } from './demo-details';
import type { DemoAgency, DemoArea, DemoCategory, DemoLocation, DemoPartnership, DemoService, DemoServiceDetails, DemoUser } from './types';

const FICTIONAL = 'Fictional organisation for demonstration.';
const FICTIONAL_FR = 'Organisation fictive, pour la démonstration.';

/** Text in English and French, and Arabic when given. */
function t(en: string, fr: string, ar?: string): Localized {
  return ar ? { en, fr, ar } : { en, fr };
}

// ---------------------------------------------------------------------------------------------------------------
// Areas: country > region > district > locality (a parent always comes before its children)
// ---------------------------------------------------------------------------------------------------------------

function area(code: string, level: AreaLevel, parent: string | undefined, names: Localized, latitude: number, longitude: number): DemoArea {
  return parent ? { code, names, level, parent, latitude, longitude } : { code, names, level, latitude, longitude };
}
const { COUNTRY, REGION, DISTRICT, LOCALITY } = AreaLevel;

export const areas: DemoArea[] = [
  // Niger
  area('NE', COUNTRY, undefined, t('Niger', 'Niger', 'النيجر'), 17.61, 8.08),
  area('NE-1', REGION, 'NE', t('Agadez region', "Région d'Agadez", 'إقليم أغاديس'), 19.3, 10.3),
  area('NE-1-AGZ', DISTRICT, 'NE-1', t('Agadez department', "Département d'Agadez", 'مقاطعة أغاديس'), 17.5, 8.3),
  area('NE-1-AGZ-CU', LOCALITY, 'NE-1-AGZ', t('Agadez (urban commune)', "Commune urbaine d'Agadez", 'بلدية أغاديس'), 16.97, 7.99),
  area('NE-1-ARL', DISTRICT, 'NE-1', t('Arlit department', "Département d'Arlit", 'مقاطعة أرليت'), 20.4, 6.6),
  area('NE-1-ARL-CU', LOCALITY, 'NE-1-ARL', t('Arlit (urban commune)', "Commune urbaine d'Arlit", 'بلدية أرليت'), 18.74, 7.39),
  area('NE-8', REGION, 'NE', t('Niamey capital region', 'Région de Niamey', 'إقليم نيامي'), 13.52, 2.12),
  area('NE-8-NIA', DISTRICT, 'NE-8', t('Niamey city', 'Ville de Niamey', 'مدينة نيامي'), 13.51, 2.11),
  // Sudan
  area('SD', COUNTRY, undefined, t('Sudan', 'Soudan', 'السودان'), 15.9, 30.2),
  area('SD-KH', REGION, 'SD', t('Khartoum state', 'État de Khartoum', 'ولاية الخرطوم'), 15.8, 32.9),
  area('SD-KH-KRT', DISTRICT, 'SD-KH', t('Khartoum locality', 'Localité de Khartoum', 'محلية الخرطوم'), 15.5, 32.56),
  area('SD-KH-OMD', DISTRICT, 'SD-KH', t('Omdurman locality', "Localité d'Omdurman", 'محلية أم درمان'), 15.65, 32.48),
  // Mali
  area('ML', COUNTRY, undefined, t('Mali', 'Mali', 'مالي'), 17.57, -3.99),
  area('ML-BKO', REGION, 'ML', t('Bamako', 'Bamako', 'باماكو'), 12.64, -8.0),
  area('ML-BKO-BKO', DISTRICT, 'ML-BKO', t('Bamako district', 'District de Bamako', 'مقاطعة باماكو'), 12.64, -8.0),
  area('ML-BKO-C4', LOCALITY, 'ML-BKO-BKO', t('Bamako Commune IV', 'Commune IV de Bamako'), 12.65, -8.04),
  area('ML-BKO-C6', LOCALITY, 'ML-BKO-BKO', t('Bamako Commune VI', 'Commune VI de Bamako'), 12.59, -7.95),
  area('ML-7', REGION, 'ML', t('Gao region', 'Région de Gao', 'منطقة غاو'), 16.5, 0.5),
  area('ML-7-GAO', DISTRICT, 'ML-7', t('Gao cercle', 'Cercle de Gao'), 16.27, -0.04),
  area('ML-5', REGION, 'ML', t('Mopti region', 'Région de Mopti', 'منطقة موبتي'), 14.6, -3.6),
  area('ML-5-MPT', DISTRICT, 'ML-5', t('Mopti cercle', 'Cercle de Mopti'), 14.49, -4.18),
  area('ML-1', REGION, 'ML', t('Kayes region', 'Région de Kayes', 'منطقة كاي'), 14.2, -10.3),
  area('ML-1-KYS', DISTRICT, 'ML-1', t('Kayes cercle', 'Cercle de Kayes'), 14.45, -11.44),
  area('ML-4', REGION, 'ML', t('Ségou region', 'Région de Ségou', 'منطقة سيغو'), 13.8, -5.9),
  area('ML-4-SEG', DISTRICT, 'ML-4', t('Ségou cercle', 'Cercle de Ségou'), 13.43, -6.26),
  // Guinea
  area('GN', COUNTRY, undefined, t('Guinea', 'Guinée', 'غينيا'), 10.44, -10.94),
  area('GN-C', REGION, 'GN', t('Conakry', 'Conakry'), 9.6, -13.62),
  area('GN-C-CKY', DISTRICT, 'GN-C', t('Conakry city', 'Ville de Conakry'), 9.64, -13.58),
  // Bulgaria
  area('BG', COUNTRY, undefined, { ...t('Bulgaria', 'Bulgarie'), bg: 'България' }, 42.73, 25.49),
  area('BG-22', REGION, 'BG', { ...t('Sofia city province', 'Ville de Sofia'), bg: 'София-град' }, 42.7, 23.35),
  area('BG-22-SOF', DISTRICT, 'BG-22', { ...t('Sofia municipality', 'Municipalité de Sofia'), bg: 'Столична община' }, 42.7, 23.32),
  // Georgia
  area('GE', COUNTRY, undefined, t('Georgia', 'Géorgie'), 42.32, 43.36),
  area('GE-TB', REGION, 'GE', t('Tbilisi', 'Tbilissi'), 41.72, 44.79),
  area('GE-TB-TBS', DISTRICT, 'GE-TB', t('Tbilisi city', 'Ville de Tbilissi'), 41.71, 44.8),
  // Sri Lanka
  area('LK', COUNTRY, undefined, t('Sri Lanka', 'Sri Lanka'), 7.87, 80.77),
  area('LK-1', REGION, 'LK', t('Western Province', "Province de l'Ouest"), 6.85, 80.1),
  area('LK-11', DISTRICT, 'LK-1', t('Colombo district', 'District de Colombo'), 6.87, 80.02),
  // Philippines
  area('PH', COUNTRY, undefined, t('Philippines', 'Philippines'), 12.88, 121.77),
  area('PH-00', REGION, 'PH', t('National Capital Region', 'Région de la capitale nationale'), 14.6, 121.0),
  area('PH-00-MNL', DISTRICT, 'PH-00', t('City of Manila', 'Ville de Manille'), 14.6, 120.98),
  // Albania
  area('AL', COUNTRY, undefined, t('Albania', 'Albanie'), 41.15, 20.17),
  area('AL-11', REGION, 'AL', t('Tirana county', 'Préfecture de Tirana'), 41.25, 19.85),
  area('AL-11-TIR', DISTRICT, 'AL-11', t('Tirana municipality', 'Municipalité de Tirana'), 41.33, 19.82),
  // Tajikistan
  area('TJ', COUNTRY, undefined, t('Tajikistan', 'Tadjikistan'), 38.86, 71.28),
  area('TJ-DU', REGION, 'TJ', t('Dushanbe', 'Douchanbé'), 38.56, 68.79),
  area('TJ-DU-DSH', DISTRICT, 'TJ-DU', t('Dushanbe city', 'Ville de Douchanbé'), 38.56, 68.77),
];

// ---------------------------------------------------------------------------------------------------------------
// Service categories (dotted codes; a parent always comes before its children)
// ---------------------------------------------------------------------------------------------------------------

function category(code: string, sortOrder: number, en: string, fr: string, ar: string): DemoCategory {
  return { code, names: t(en, fr, ar), sortOrder };
}

export const categories: DemoCategory[] = [
  category('registration', 10, 'Registration and vulnerability screening', 'Enregistrement et dépistage des vulnérabilités', 'التسجيل وفحص أوجه الضعف'),
  category('information', 20, 'Information, awareness and counselling', 'Information, sensibilisation et conseil', 'المعلومات والتوعية والإرشاد'),
  category('mhpss', 30, 'Mental health and psychosocial support', 'Santé mentale et soutien psychosocial', 'الصحة النفسية والدعم النفسي والاجتماعي'),
  category('mhpss.basic', 31, 'Basic services and psychological first aid', 'Services de base et premiers secours psychologiques', 'الخدمات الأساسية والإسعافات الأولية النفسية'),
  category('mhpss.community', 32, 'Community and family support', 'Soutien communautaire et familial', 'الدعم المجتمعي والأسري'),
  category('mhpss.focused', 33, 'Focused psychosocial support', 'Soutien psychosocial ciblé', 'الدعم النفسي والاجتماعي المركّز'),
  category('mhpss.specialised', 34, 'Specialised mental health care', 'Soins de santé mentale spécialisés', 'رعاية الصحة النفسية المتخصصة'),
  category('referral', 40, 'Case management and referral', 'Gestion de cas et orientation', 'إدارة الحالات والإحالة'),
  category('shelter', 50, 'Shelter and accommodation', 'Hébergement', 'المأوى والإيواء'),
  category('shelter.transit', 51, 'Transit and reception centre', "Centre de transit et d'accueil", 'مركز العبور والاستقبال'),
  category('shelter.safe_house', 52, 'Safe house', 'Maison sécurisée', 'بيت آمن'),
  category('shelter.collective', 53, 'Collective shelter', 'Hébergement collectif', 'مأوى جماعي'),
  category('food_nfi', 60, 'Food and non-food items', 'Vivres et articles non alimentaires', 'الغذاء والمواد غير الغذائية'),
  category('health', 70, 'Health care', 'Soins de santé', 'الرعاية الصحية'),
  category('health.primary', 71, 'Primary health care', 'Soins de santé primaires', 'الرعاية الصحية الأولية'),
  category('health.srh', 72, 'Sexual and reproductive health', 'Santé sexuelle et reproductive', 'الصحة الجنسية والإنجابية'),
  category('health.post_violence', 73, 'Post-violence medical care', 'Soins médicaux après violence', 'الرعاية الطبية بعد التعرض للعنف'),
  category('legal', 80, 'Administrative and legal aid', 'Aide administrative et juridique', 'المساعدة الإدارية والقانونية'),
  category('legal.documentation', 81, 'Identity and travel documents', "Documents d'identité et de voyage", 'وثائق الهوية والسفر'),
  category('legal.consular', 82, 'Consular services', 'Services consulaires', 'الخدمات القنصلية'),
  category('legal.civil_registration', 83, 'Civil registration', "Enregistrement à l'état civil", 'التسجيل المدني'),
  category('family_tracing', 90, 'Family tracing and restoring family links', 'Recherche familiale et rétablissement des liens familiaux', 'البحث عن الأسر وإعادة الروابط العائلية'),
  category('education', 100, 'Education, training and recreation', 'Éducation, formation et loisirs', 'التعليم والتدريب والترفيه'),
  category('education.vocational', 101, 'Vocational training', 'Formation professionnelle', 'التدريب المهني'),
  category('education.child_friendly_space', 102, 'Child-friendly space', 'Espace ami des enfants', 'مساحة صديقة للأطفال'),
  category('avrr', 110, 'Assisted voluntary return and reintegration', 'Aide au retour volontaire et à la réintégration', 'العودة الطوعية المدعومة وإعادة الإدماج'),
  category('reintegration', 120, 'Reintegration support', 'Appui à la réintégration', 'دعم إعادة الإدماج'),
  category('pre_departure', 130, 'Pre-departure information', 'Information avant le départ', 'معلومات ما قبل المغادرة'),
  category('employment', 140, 'Employment and recruitment advice', 'Conseil en emploi et recrutement', 'المشورة بشأن العمل والتوظيف'),
  category('recruitment_complaints', 150, 'Recruitment complaints', 'Plaintes liées au recrutement', 'الشكاوى المتعلقة بالتوظيف'),
  category('financial_literacy', 160, 'Remittances and financial literacy', 'Transferts de fonds et éducation financière', 'التحويلات المالية والتثقيف المالي'),
  category('protection', 170, 'Protection', 'Protection', 'الحماية'),
  category('protection.child', 171, 'Child protection', "Protection de l'enfance", 'حماية الطفل'),
  category('protection.gbv', 172, 'Gender-based violence response', 'Réponse aux violences basées sur le genre', 'الاستجابة للعنف القائم على النوع الاجتماعي'),
  category('protection.trafficking', 173, 'Counter-trafficking and victim assistance', 'Lutte contre la traite et assistance aux victimes', 'مكافحة الاتجار بالبشر ومساعدة الضحايا'),
];

// ---------------------------------------------------------------------------------------------------------------
// Agencies
// ---------------------------------------------------------------------------------------------------------------

export const AGENCY = {
  IOM_NIGER: demoId('agency', 1),
  IOM_SUDAN: demoId('agency', 2),
  NIGER_MIGRATION_DIRECTORATE: demoId('agency', 3),
  MALI_MINISTRY_MALIANS_ABROAD: demoId('agency', 4),
  GUINEA_MINISTRY: demoId('agency', 5),
  BULGARIA_SAR: demoId('agency', 6),
  NETWORK_SECRETARIAT: demoId('agency', 7),
  KHARTOUM_LEGAL_AID: demoId('agency', 8),
  AGADEZ_WOMEN: demoId('agency', 9),
  BAMAKO_CHILDREN: demoId('agency', 10),
  SAHEL_HEALTH: demoId('agency', 11),
  LANKA_UNION: demoId('agency', 12),
  NIAMEY_CLINIC: demoId('agency', 13),
  MALI_CONSULATE_NIAMEY: demoId('agency', 14),
  TBILISI_MOBILITY: demoId('agency', 15),
  MANILA_RESOURCE_CENTRE: demoId('agency', 16),
  TIRANA_COUNTER: demoId('agency', 17),
  DUSHANBE_SUPPORT: demoId('agency', 18),
} as const;

export const agencies: DemoAgency[] = [
  {
    id: AGENCY.IOM_NIGER,
    names: t('IOM Niger', 'OIM Niger', 'المنظمة الدولية للهجرة - النيجر'),
    acronym: 'IOM', type: AgencyType.UN_AGENCY, countryCode: 'NE',
    descriptions: t(
      'Country mission of the International Organization for Migration in Niger. It runs the transit centre in Agadez, where migrants receive shelter, health care, psychosocial support, consular help and assisted voluntary return.',
      "Mission de l'Organisation internationale pour les migrations au Niger. Elle gère le centre de transit d'Agadez, qui offre hébergement, soins, soutien psychosocial, appui consulaire et aide au retour volontaire.",
      'بعثة المنظمة الدولية للهجرة في النيجر، تدير مركز العبور في أغاديس الذي يقدم المأوى والرعاية الصحية والدعم النفسي والمساعدة القنصلية والعودة الطوعية.',
    ),
    email: 'referrals@iom-niger.example.org', phone: '+227 00 00 00 01', languages: ['fr', 'en', 'ha', 'ar'], fictional: false,
  },
  {
    id: AGENCY.IOM_SUDAN,
    names: t('IOM Sudan', 'OIM Soudan', 'المنظمة الدولية للهجرة - السودان'),
    acronym: 'IOM', type: AgencyType.UN_AGENCY, countryCode: 'SD',
    descriptions: t(
      'Country mission of the International Organization for Migration in Sudan. Its migrant resource and response centre in Khartoum refers people to legal aid organisations and other partners.',
      "Mission de l'Organisation internationale pour les migrations au Soudan. Son centre de ressources et de réponse pour les migrants à Khartoum oriente vers des organisations d'aide juridique et d'autres partenaires.",
      'بعثة المنظمة الدولية للهجرة في السودان. يحيل مركز موارد المهاجرين والاستجابة في الخرطوم الأشخاص إلى منظمات المساعدة القانونية وشركاء آخرين.',
    ),
    email: 'referrals@iom-sudan.example.org', phone: '+249 000 000 001', languages: ['ar', 'en', 'ti'], fictional: false,
  },
  {
    id: AGENCY.NIGER_MIGRATION_DIRECTORATE,
    names: t(
      'Directorate of Civil Status, Migration and Refugees (Ministry of the Interior, Niger)',
      "Direction de l'état civil, des migrations et des réfugiés (Ministère de l'Intérieur, Niger)",
      'مديرية الأحوال المدنية والهجرة واللاجئين (وزارة الداخلية، النيجر)',
    ),
    type: AgencyType.GOVERNMENT, countryCode: 'NE',
    descriptions: t(
      'Government directorate in charge of civil registration, migration and refugee matters in Niger.',
      "Direction gouvernementale chargée de l'état civil, des migrations et des réfugiés au Niger.",
      'جهة حكومية مسؤولة عن التسجيل المدني وشؤون الهجرة واللاجئين في النيجر.',
    ),
    email: 'contact@interieur-niger.example.org', languages: ['fr', 'ha'], fictional: false,
  },
  {
    id: AGENCY.MALI_MINISTRY_MALIANS_ABROAD,
    names: t('Ministry of Malians Abroad and African Integration', "Ministère des Maliens de l'extérieur et de l'intégration africaine", 'وزارة الماليين في الخارج والتكامل الأفريقي'),
    type: AgencyType.GOVERNMENT, countryCode: 'ML',
    descriptions: t(
      'Government ministry responsible for Malian nationals living abroad and for returning migrants. Centres in Bamako and the regions work under agreements and procedures with it.',
      "Ministère chargé des ressortissants maliens à l'étranger et des migrants de retour. Des centres à Bamako et dans les régions travaillent avec lui sous accords et procédures.",
    ),
    email: 'contact@maliens-exterieur.example.org', languages: ['fr', 'bm'], fictional: false,
  },
  {
    id: AGENCY.GUINEA_MINISTRY,
    names: t('Ministry of Foreign Affairs and Guineans Abroad', "Ministère des Affaires étrangères et des Guinéens de l'étranger"),
    type: AgencyType.GOVERNMENT, countryCode: 'GN',
    descriptions: t(
      'Government ministry whose remit covers Guinean nationals abroad and returnees. It co-manages migrant centres that a committee reviews every month.',
      "Ministère dont le mandat couvre les Guinéens de l'étranger et les personnes de retour. Il co-gère des centres pour migrants suivis chaque mois par un comité.",
    ),
    email: 'contact@guineens-etranger.example.org', languages: ['fr', 'ff'], fictional: false,
  },
  {
    id: AGENCY.BULGARIA_SAR,
    names: { ...t('State Agency for Refugees', "Agence nationale pour les réfugiés"), bg: 'Държавна агенция за бежанците' },
    acronym: 'SAR', type: AgencyType.GOVERNMENT, countryCode: 'BG',
    descriptions: t(
      'Bulgarian state body that registers asylum seekers and runs reception centres, including one in Sofia with safety zones for unaccompanied children.',
      "Organisme public bulgare qui enregistre les demandeurs d'asile et gère des centres d'accueil, dont un à Sofia doté de zones sécurisées pour enfants non accompagnés.",
    ),
    email: 'contact@sar-bulgaria.example.org', languages: ['bg', 'en'], fictional: false,
  },
  {
    id: AGENCY.NETWORK_SECRETARIAT,
    names: t('Migrant Protection Referral Network Secretariat', 'Secrétariat du réseau de référencement pour la protection des migrants', 'أمانة شبكة الإحالة لحماية المهاجرين'),
    acronym: 'MPRN', type: AgencyType.OTHER, countryCode: 'NE',
    descriptions: t(
      `${FICTIONAL} Coordinates the network, keeps the service directory up to date and supports the steering committee.`,
      `${FICTIONAL_FR} Coordonne le réseau, tient à jour l'annuaire des services et appuie le comité de pilotage.`,
    ),
    email: 'secretariat@referral-network.example.org', languages: ['fr', 'en', 'ar'], fictional: true,
  },
  {
    id: AGENCY.KHARTOUM_LEGAL_AID,
    names: t('Nile Legal Aid Initiative', "Initiative du Nil pour l'aide juridique", 'مبادرة النيل للعون القانوني'),
    acronym: 'NLAI', type: AgencyType.NATIONAL_NGO, countryCode: 'SD',
    descriptions: t(
      `${FICTIONAL} A Khartoum-based group of lawyers and paralegals giving free advice and representation to migrants, refugees and victims of trafficking.`,
      `${FICTIONAL_FR} Groupe d'avocats et de parajuristes basé à Khartoum, qui conseille et représente gratuitement migrants, réfugiés et victimes de la traite.`,
      'منظمة وهمية لأغراض العرض. مجموعة من المحامين والمساعدين القانونيين في الخرطوم تقدم المشورة والتمثيل مجاناً للمهاجرين واللاجئين وضحايا الاتجار.',
    ),
    email: 'intake@nile-legal.example.org', phone: '+249 000 000 010', languages: ['ar', 'en', 'ti'], fictional: true,
  },
  {
    id: AGENCY.AGADEZ_WOMEN,
    names: t("Ténéré Women's Protection Association", 'Association Ténéré pour la protection des femmes', 'جمعية تينيري لحماية النساء'),
    acronym: 'ATPF', type: AgencyType.NATIONAL_NGO, countryCode: 'NE',
    descriptions: t(
      `${FICTIONAL} A women-led association in Agadez offering listening, case management and a confidential safe shelter to survivors of gender-based violence and trafficking.`,
      `${FICTIONAL_FR} Association dirigée par des femmes à Agadez : écoute, gestion de cas et refuge confidentiel pour les survivantes de violences basées sur le genre et de la traite.`,
      'منظمة وهمية لأغراض العرض. جمعية تقودها نساء في أغاديس تقدم الاستماع وإدارة الحالات ومأوى آمناً سرياً للناجيات من العنف والاتجار.',
    ),
    email: 'contact@tenere-femmes.example.org', phone: '+227 00 00 00 20', languages: ['fr', 'ha', 'ar'], fictional: true,
  },
  {
    id: AGENCY.BAMAKO_CHILDREN,
    names: t("Bamako Children's Future", 'Avenir des enfants de Bamako'),
    acronym: 'AEB', type: AgencyType.NATIONAL_NGO, countryCode: 'ML',
    descriptions: t(
      `${FICTIONAL} Malian NGO protecting children on the move: day centre, child-friendly space, family tracing and a small safe house for children.`,
      `${FICTIONAL_FR} ONG malienne qui protège les enfants en déplacement : centre de jour, espace ami des enfants, recherche familiale et petite maison sécurisée pour enfants.`,
    ),
    email: 'contact@avenir-enfants.example.org', phone: '+223 00 00 00 30', languages: ['fr', 'bm', 'ff'], fictional: true,
  },
  {
    id: AGENCY.SAHEL_HEALTH,
    names: t('Sahel Health Partners International', 'Partenaires Santé Sahel International', 'شركاء الصحة في الساحل الدولية'),
    acronym: 'SHPI', type: AgencyType.INTERNATIONAL_NGO, countryCode: 'NE',
    descriptions: t(
      `${FICTIONAL} International NGO running mobile clinics and psychosocial teams along migration routes in Niger and Mali.`,
      `${FICTIONAL_FR} ONG internationale qui déploie des cliniques mobiles et des équipes psychosociales le long des routes migratoires au Niger et au Mali.`,
    ),
    email: 'referrals@sahel-health.example.org', phone: '+227 00 00 00 40', languages: ['fr', 'en', 'ha', 'ar', 'bm'], fictional: true,
  },
  {
    id: AGENCY.LANKA_UNION,
    names: t("Lanka Migrant Workers' Union", 'Syndicat des travailleurs migrants de Lanka'),
    acronym: 'LMWU', type: AgencyType.TRADE_UNION, countryCode: 'LK',
    descriptions: t(
      `${FICTIONAL} Trade union that helps workers prepare for jobs abroad and takes up their complaints against recruiters and employers.`,
      `${FICTIONAL_FR} Syndicat qui aide les travailleurs à préparer un emploi à l'étranger et porte leurs plaintes contre recruteurs et employeurs.`,
    ),
    email: 'help@lanka-union.example.org', phone: '+94 00 000 0001', languages: ['si', 'ta', 'en'], fictional: true,
  },
  {
    id: AGENCY.NIAMEY_CLINIC,
    names: t('Espoir Clinic Niamey', 'Clinique Espoir Niamey'),
    type: AgencyType.PRIVATE_SECTOR, countryCode: 'NE',
    descriptions: t(
      `${FICTIONAL} Private clinic with a psychiatry unit and a maternity ward, taking referrals from network members under a service agreement.`,
      `${FICTIONAL_FR} Clinique privée dotée d'une unité de psychiatrie et d'une maternité, qui reçoit des orientations des membres du réseau sous contrat de service.`,
    ),
    email: 'accueil@clinique-espoir.example.org', phone: '+227 00 00 00 50', languages: ['fr', 'ha', 'en'], fictional: true,
  },
  {
    id: AGENCY.MALI_CONSULATE_NIAMEY,
    names: t('Consulate of Mali in Niamey', 'Consulat du Mali à Niamey'),
    type: AgencyType.CONSULAR_OFFICE, countryCode: 'NE',
    descriptions: t(
      `${FICTIONAL} Stands in for a consular office issuing documents and helping Malian nationals in Niger.`,
      `${FICTIONAL_FR} Représente un bureau consulaire qui délivre des documents et assiste les ressortissants maliens au Niger.`,
    ),
    email: 'consulat@mali-niamey.example.org', phone: '+227 00 00 00 60', languages: ['fr', 'bm'], fictional: true,
  },
  {
    id: AGENCY.TBILISI_MOBILITY,
    names: t('Tbilisi Mobility Centre', 'Centre de mobilité de Tbilissi'),
    type: AgencyType.NATIONAL_NGO, countryCode: 'GE',
    descriptions: t(
      `${FICTIONAL} Advises people planning to work abroad and those coming home on safe migration, jobs and reintegration.`,
      `${FICTIONAL_FR} Conseille les personnes qui veulent travailler à l'étranger et celles qui rentrent sur la migration sûre, l'emploi et la réintégration.`,
    ),
    email: 'info@tbilisi-mobility.example.org', languages: ['ka', 'en', 'ru'], fictional: true,
  },
  {
    id: AGENCY.MANILA_RESOURCE_CENTRE,
    names: t('Manila One-Stop Migrant Resource Centre', 'Centre de ressources intégré pour migrants de Manille'),
    type: AgencyType.NATIONAL_NGO, countryCode: 'PH',
    descriptions: t(
      `${FICTIONAL} One-stop centre for overseas workers and their families: pre-departure briefings, money management and help with recruitment problems.`,
      `${FICTIONAL_FR} Guichet unique pour les travailleurs à l'étranger et leurs familles : séances avant le départ, gestion de l'argent et aide en cas de problème de recrutement.`,
    ),
    email: 'help@manila-mrc.example.org', languages: ['tl', 'en'], fictional: true,
  },
  {
    id: AGENCY.TIRANA_COUNTER,
    names: t('Tirana Municipal Migration Counter', 'Guichet municipal des migrations de Tirana'),
    type: AgencyType.GOVERNMENT, countryCode: 'AL',
    descriptions: t(
      `${FICTIONAL} Local authority desk that informs residents about regular migration and helps returnees find work and services.`,
      `${FICTIONAL_FR} Guichet de l'autorité locale qui informe sur la migration régulière et aide les personnes de retour à trouver emploi et services.`,
    ),
    email: 'migration@tirana-counter.example.org', languages: ['sq', 'en', 'it'], fictional: true,
  },
  {
    id: AGENCY.DUSHANBE_SUPPORT,
    names: t('Dushanbe Migrant Support Centre', 'Centre de soutien aux migrants de Douchanbé'),
    type: AgencyType.NATIONAL_NGO, countryCode: 'TJ',
    descriptions: t(
      `${FICTIONAL} Helps people going to work abroad with information, documents and legal questions.`,
      `${FICTIONAL_FR} Aide les personnes partant travailler à l'étranger pour l'information, les documents et les questions juridiques.`,
    ),
    email: 'info@dushanbe-support.example.org', languages: ['tg', 'ru'], fictional: true,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------------------------------------------

export const LOCATION = {
  AGADEZ_TRANSIT_CENTRE: demoId('location', 1),
  ARLIT_RESPONSE_CENTRE: demoId('location', 2),
  NIAMEY_TRANSIT_CENTRE: demoId('location', 3),
  NIGER_HOTLINE: demoId('location', 4),
  KHARTOUM_MRRC: demoId('location', 5),
  SUDAN_HOTLINE: demoId('location', 6),
  AGADEZ_CIVIL_STATUS_OFFICE: demoId('location', 7),
  NIAMEY_MIGRATION_DIRECTORATE: demoId('location', 8),
  BAMAKO_RECEPTION_CENTRE: demoId('location', 9),
  GAO_RESOURCE_CENTRE: demoId('location', 10),
  MOPTI_RESOURCE_CENTRE: demoId('location', 11),
  KAYES_RESOURCE_CENTRE: demoId('location', 12),
  SEGOU_RESOURCE_CENTRE: demoId('location', 13),
  CONAKRY_RESOURCE_CENTRE: demoId('location', 14),
  SOFIA_RECEPTION_CENTRE: demoId('location', 15),
  KHARTOUM_LEGAL_OFFICE: demoId('location', 16),
  KHARTOUM_SAFE_SHELTER: demoId('location', 17),
  AGADEZ_WOMEN_CENTRE: demoId('location', 18),
  AGADEZ_SAFE_SHELTER: demoId('location', 19),
  BAMAKO_CHILD_CENTRE: demoId('location', 20),
  BAMAKO_SAFE_SHELTER: demoId('location', 21),
  AGADEZ_MOBILE_CLINIC: demoId('location', 22),
  GAO_MOBILE_TEAM: demoId('location', 23),
  OMDURMAN_COLLECTIVE_CENTRE: demoId('location', 24),
  COLOMBO_UNION_OFFICE: demoId('location', 25),
  NIAMEY_CLINIC: demoId('location', 26),
  NIAMEY_MALI_CONSULATE: demoId('location', 27),
  TBILISI_MOBILITY_CENTRE: demoId('location', 28),
  MANILA_ONE_STOP_CENTRE: demoId('location', 29),
  TIRANA_COUNTER: demoId('location', 30),
  DUSHANBE_SUPPORT_CENTRE: demoId('location', 31),
  CONAKRY_TEMPORARY_ACCOMMODATION: demoId('location', 32),
} as const;

const F = FacilityType;

export const locations: DemoLocation[] = [
  {
    id: LOCATION.AGADEZ_TRANSIT_CENTRE, agency: AGENCY.IOM_NIGER, facilityType: F.TRANSIT_OR_RECEPTION_CENTRE,
    names: t('IOM transit centre, Agadez', "Centre de transit de l'OIM, Agadez", 'مركز العبور التابع للمنظمة الدولية للهجرة، أغاديس'),
    area: 'NE-1-AGZ-CU', locality: 'Agadez', address: 'Route de Tahoua, Agadez', latitude: 16.9655, longitude: 7.9834,
  },
  {
    id: LOCATION.ARLIT_RESPONSE_CENTRE, agency: AGENCY.IOM_NIGER, facilityType: F.MIGRATION_RESPONSE_CENTRE,
    names: t('Arlit migration response centre', "Centre de réponse à la migration d'Arlit", 'مركز الاستجابة للهجرة في أرليت'),
    area: 'NE-1-ARL-CU', locality: 'Arlit', address: 'Quartier Sonitan, Arlit', latitude: 18.7393, longitude: 7.3887,
  },
  {
    id: LOCATION.NIAMEY_TRANSIT_CENTRE, agency: AGENCY.IOM_NIGER, facilityType: F.TRANSIT_OR_RECEPTION_CENTRE,
    names: t('IOM transit centre, Niamey', "Centre de transit de l'OIM, Niamey", 'مركز العبور التابع للمنظمة الدولية للهجرة، نيامي'),
    area: 'NE-8-NIA', locality: 'Niamey', address: 'Boulevard de la Demo 12, Niamey', latitude: 13.5137, longitude: 2.1098,
  },
  {
    id: LOCATION.NIGER_HOTLINE, agency: AGENCY.IOM_NIGER, facilityType: F.HOTLINE,
    names: t('Niger migrant assistance hotline', "Ligne d'assistance aux migrants, Niger", 'الخط الساخن لمساعدة المهاجرين، النيجر'),
    area: 'NE-8-NIA',
  },
  {
    id: LOCATION.KHARTOUM_MRRC, agency: AGENCY.IOM_SUDAN, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: t('Khartoum migrant resource and response centre', 'Centre de ressources et de réponse pour migrants de Khartoum', 'مركز موارد المهاجرين والاستجابة، الخرطوم'),
    area: 'SD-KH-KRT', locality: 'Khartoum', address: 'Street 00, Al Amarat, Khartoum', latitude: 15.5712, longitude: 32.5499,
  },
  {
    id: LOCATION.SUDAN_HOTLINE, agency: AGENCY.IOM_SUDAN, facilityType: F.HOTLINE,
    names: t('Sudan migrant helpline', "Ligne d'aide aux migrants, Soudan", 'خط مساعدة المهاجرين، السودان'),
    area: 'SD-KH-KRT',
  },
  {
    id: LOCATION.AGADEZ_CIVIL_STATUS_OFFICE, agency: AGENCY.NIGER_MIGRATION_DIRECTORATE, facilityType: F.OTHER,
    names: t('Agadez civil status office', "Bureau d'état civil d'Agadez", 'مكتب الأحوال المدنية في أغاديس'),
    area: 'NE-1-AGZ-CU', locality: 'Agadez', address: 'Place de la Mairie, Agadez', latitude: 16.9741, longitude: 7.9893,
  },
  {
    id: LOCATION.NIAMEY_MIGRATION_DIRECTORATE, agency: AGENCY.NIGER_MIGRATION_DIRECTORATE, facilityType: F.OTHER,
    names: t('Migration and refugees office, Niamey', 'Bureau des migrations et des réfugiés, Niamey', 'مكتب الهجرة واللاجئين، نيامي'),
    area: 'NE-8-NIA', locality: 'Niamey', address: 'Avenue de la Demo 3, Niamey', latitude: 13.5206, longitude: 2.1165,
  },
  {
    id: LOCATION.BAMAKO_RECEPTION_CENTRE, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD, facilityType: F.TRANSIT_OR_RECEPTION_CENTRE,
    names: t('Bamako returnee reception centre', "Centre d'accueil des migrants de retour, Bamako"),
    area: 'ML-BKO-C4', locality: 'Bamako', address: 'Rue 000, Commune IV, Bamako', latitude: 12.6468, longitude: -8.0321,
  },
  {
    id: LOCATION.GAO_RESOURCE_CENTRE, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: t('Gao migrant resource centre', 'Centre de ressources pour migrants de Gao'),
    area: 'ML-7-GAO', locality: 'Gao', latitude: 16.2717, longitude: -0.0447,
  },
  {
    id: LOCATION.MOPTI_RESOURCE_CENTRE, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: t('Mopti migrant resource centre', 'Centre de ressources pour migrants de Mopti'),
    area: 'ML-5-MPT', locality: 'Mopti', latitude: 14.4936, longitude: -4.1829,
  },
  {
    id: LOCATION.KAYES_RESOURCE_CENTRE, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: t('Kayes migrant resource centre', 'Centre de ressources pour migrants de Kayes'),
    area: 'ML-1-KYS', locality: 'Kayes', latitude: 14.4469, longitude: -11.4453,
  },
  {
    id: LOCATION.SEGOU_RESOURCE_CENTRE, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: t('Ségou migrant resource centre', 'Centre de ressources pour migrants de Ségou'),
    area: 'ML-4-SEG', locality: 'Ségou', latitude: 13.4317, longitude: -6.2658,
  },
  {
    id: LOCATION.CONAKRY_RESOURCE_CENTRE, agency: AGENCY.GUINEA_MINISTRY, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: t('Conakry migrant centre', 'Centre pour migrants de Conakry'),
    area: 'GN-C-CKY', locality: 'Conakry', address: 'Avenue de la Demo, Kaloum, Conakry', latitude: 9.5165, longitude: -13.7005,
  },
  {
    id: LOCATION.SOFIA_RECEPTION_CENTRE, agency: AGENCY.BULGARIA_SAR, facilityType: F.TRANSIT_OR_RECEPTION_CENTRE,
    names: { ...t('Sofia registration and reception centre', "Centre d'enregistrement et d'accueil de Sofia"), bg: 'Регистрационно-приемателен център София' },
    area: 'BG-22-SOF', locality: 'Sofia', address: 'ul. Demo 1, Sofia', latitude: 42.6977, longitude: 23.3219,
  },
  {
    id: LOCATION.KHARTOUM_LEGAL_OFFICE, agency: AGENCY.KHARTOUM_LEGAL_AID, facilityType: F.OTHER,
    names: t('Nile Legal Aid office, Khartoum', "Bureau de l'Initiative du Nil, Khartoum", 'مكتب مبادرة النيل للعون القانوني، الخرطوم'),
    area: 'SD-KH-KRT', locality: 'Khartoum', address: 'Street 00, Khartoum 2', latitude: 15.5889, longitude: 32.5344,
  },
  {
    id: LOCATION.KHARTOUM_SAFE_SHELTER, agency: AGENCY.KHARTOUM_LEGAL_AID, facilityType: F.SHELTER, confidential: true,
    names: t('Safe shelter C', 'Refuge sécurisé C', 'المأوى الآمن ج'),
    area: 'SD-KH-KRT', locality: 'Khartoum', address: 'House 0, Block 00, Khartoum (invented)', latitude: 15.5431, longitude: 32.5702,
  },
  {
    id: LOCATION.AGADEZ_WOMEN_CENTRE, agency: AGENCY.AGADEZ_WOMEN, facilityType: F.OTHER,
    names: t("Women's listening centre, Agadez", "Centre d'écoute pour femmes, Agadez", 'مركز الاستماع للنساء، أغاديس'),
    area: 'NE-1-AGZ-CU', locality: 'Agadez', address: 'Quartier Dagamanet, Agadez', latitude: 16.9702, longitude: 7.9951,
  },
  {
    id: LOCATION.AGADEZ_SAFE_SHELTER, agency: AGENCY.AGADEZ_WOMEN, facilityType: F.SHELTER, confidential: true,
    names: t('Safe shelter A', 'Refuge sécurisé A', 'المأوى الآمن أ'),
    area: 'NE-1-AGZ-CU', locality: 'Agadez', address: 'Rue 000, Agadez (invented)', latitude: 16.9588, longitude: 7.9977,
  },
  {
    id: LOCATION.BAMAKO_CHILD_CENTRE, agency: AGENCY.BAMAKO_CHILDREN, facilityType: F.OTHER,
    names: t("Children's day centre, Bamako", 'Centre de jour pour enfants, Bamako'),
    area: 'ML-BKO-C6', locality: 'Bamako', address: 'Rue 000, Commune VI, Bamako', latitude: 12.5921, longitude: -7.9488,
  },
  {
    id: LOCATION.BAMAKO_SAFE_SHELTER, agency: AGENCY.BAMAKO_CHILDREN, facilityType: F.SHELTER, confidential: true,
    names: t('Safe shelter B', 'Refuge sécurisé B'),
    area: 'ML-BKO-C6', locality: 'Bamako', address: 'Porte 00, Rue 000, Bamako (invented)', latitude: 12.6034, longitude: -7.9712,
  },
  {
    id: LOCATION.AGADEZ_MOBILE_CLINIC, agency: AGENCY.SAHEL_HEALTH, facilityType: F.MOBILE_TEAM,
    names: t('Agadez region mobile clinic', "Clinique mobile de la région d'Agadez", 'العيادة المتنقلة في إقليم أغاديس'),
    area: 'NE-1-AGZ', locality: 'Agadez', latitude: 16.9733, longitude: 7.9911,
  },
  {
    id: LOCATION.GAO_MOBILE_TEAM, agency: AGENCY.SAHEL_HEALTH, facilityType: F.MOBILE_TEAM,
    names: t('Gao psychosocial mobile team', 'Équipe mobile psychosociale de Gao'),
    area: 'ML-7-GAO', locality: 'Gao', latitude: 16.2759, longitude: -0.0391,
  },
  {
    id: LOCATION.OMDURMAN_COLLECTIVE_CENTRE, agency: AGENCY.IOM_SUDAN, facilityType: F.COLLECTIVE_CENTRE,
    names: t('Omdurman collective centre', "Centre collectif d'Omdurman", 'المركز الجماعي في أم درمان'),
    area: 'SD-KH-OMD', locality: 'Omdurman', address: 'Street 00, Omdurman', latitude: 15.6445, longitude: 32.4777,
  },
  {
    id: LOCATION.COLOMBO_UNION_OFFICE, agency: AGENCY.LANKA_UNION, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: t('Migrant services centre, Colombo', 'Centre de services aux migrants, Colombo'),
    area: 'LK-11', locality: 'Colombo', address: '00 Demo Road, Colombo 00', latitude: 6.9271, longitude: 79.8612,
  },
  {
    id: LOCATION.NIAMEY_CLINIC, agency: AGENCY.NIAMEY_CLINIC, facilityType: F.OTHER,
    names: t('Espoir Clinic', 'Clinique Espoir'),
    area: 'NE-8-NIA', locality: 'Niamey', address: 'Rue 000, Plateau, Niamey', latitude: 13.5291, longitude: 2.1004,
  },
  {
    id: LOCATION.NIAMEY_MALI_CONSULATE, agency: AGENCY.MALI_CONSULATE_NIAMEY, facilityType: F.OTHER,
    names: t('Consular office of Mali, Niamey', 'Bureau consulaire du Mali, Niamey'),
    area: 'NE-8-NIA', locality: 'Niamey', address: 'Rue 000, Niamey', latitude: 13.5153, longitude: 2.1152,
  },
  {
    id: LOCATION.TBILISI_MOBILITY_CENTRE, agency: AGENCY.TBILISI_MOBILITY, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: { ...t('Tbilisi Mobility Centre', 'Centre de mobilité de Tbilissi'), ka: 'თბილისის მობილობის ცენტრი' },
    area: 'GE-TB-TBS', locality: 'Tbilisi', address: '00 Demo Street, Tbilisi', latitude: 41.7151, longitude: 44.8271,
  },
  {
    id: LOCATION.MANILA_ONE_STOP_CENTRE, agency: AGENCY.MANILA_RESOURCE_CENTRE, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: t('Manila one-stop resource centre', 'Centre de ressources intégré de Manille'),
    area: 'PH-00-MNL', locality: 'Manila', address: '000 Demo Avenue, Ermita, Manila', latitude: 14.5826, longitude: 120.9787,
  },
  {
    id: LOCATION.TIRANA_COUNTER, agency: AGENCY.TIRANA_COUNTER, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: t('Tirana migration counter', 'Guichet des migrations de Tirana'),
    area: 'AL-11-TIR', locality: 'Tirana', address: 'Rruga Demo 00, Tirana', latitude: 41.3275, longitude: 19.8187,
  },
  {
    id: LOCATION.DUSHANBE_SUPPORT_CENTRE, agency: AGENCY.DUSHANBE_SUPPORT, facilityType: F.MIGRANT_RESOURCE_CENTRE,
    names: t('Dushanbe migrant support centre', 'Centre de soutien aux migrants de Douchanbé'),
    area: 'TJ-DU-DSH', locality: 'Dushanbe', address: '00 Demo Avenue, Dushanbe', latitude: 38.5598, longitude: 68.787,
  },
  {
    id: LOCATION.CONAKRY_TEMPORARY_ACCOMMODATION, agency: AGENCY.GUINEA_MINISTRY, facilityType: F.HOTEL_OR_PRIVATE_ACCOMMODATION,
    names: t('Conakry temporary accommodation for returnees', "Hébergement temporaire des personnes de retour, Conakry"),
    area: 'GN-C-CKY', locality: 'Conakry', address: 'Hôtel de démonstration, Ratoma, Conakry', latitude: 9.6145, longitude: -13.6421,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------------------------

const { MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY } = Weekday;
const MON_FRI = [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY];
const MON_SAT = [...MON_FRI, SATURDAY];
const SUN_THU = [SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY];

function hours(days: Weekday[], opens: string, closes: string): DemoService['openingHours'] {
  return days.map((day) => ({ day, opens, closes }));
}

type ServiceInput = Omit<DemoService, 'areas' | 'genders' | 'costFree' | 'status' | 'openingHours' | 'details'> &
  Partial<Pick<DemoService, 'areas' | 'genders' | 'costFree' | 'status' | 'openingHours'>> & { details?: Partial<DemoServiceDetails> };

/** A service with the usual defaults: free, active, for everyone, no extra areas; details derived (demo-details.ts) unless given. */
function service({ details, ...s }: ServiceInput): DemoService {
  const base = { areas: [], genders: [], costFree: true, status: ServiceStatus.ACTIVE, openingHours: [], ...s };
  return { ...base, details: demoDetails(base, details ?? {}, agencies, locations) };
}

const P = Population;
const C = Channel;
const NIAMEY = 'Africa/Niamey';
const KHARTOUM = 'Africa/Khartoum';
const BAMAKO = 'Africa/Bamako';

export const SERVICE = {
  AGADEZ_TRANSIT_SHELTER: demoId('service', 1),
  AGADEZ_PRIMARY_HEALTH: demoId('service', 2),
  AGADEZ_PSYCHOSOCIAL_SUPPORT: demoId('service', 3),
  AGADEZ_CONSULAR_ASSISTANCE: demoId('service', 4),
  NIGER_AVRR: demoId('service', 5),
  ARLIT_SCREENING: demoId('service', 6),
  NIGER_HOTLINE: demoId('service', 7),
  NIAMEY_TRANSIT_SHELTER: demoId('service', 8),
  NIAMEY_FAMILY_TRACING: demoId('service', 9),
  KHARTOUM_INFORMATION_DESK: demoId('service', 10),
  KHARTOUM_CASE_MANAGEMENT: demoId('service', 11),
  SUDAN_HOTLINE: demoId('service', 12),
  OMDURMAN_COLLECTIVE_SHELTER: demoId('service', 13),
  SUDAN_AVRR: demoId('service', 14),
  AGADEZ_CIVIL_REGISTRATION: demoId('service', 15),
  NIGER_ASYLUM_REGISTRATION: demoId('service', 16),
  BAMAKO_RETURNEE_RECEPTION: demoId('service', 17),
  MALI_REINTEGRATION: demoId('service', 18),
  GAO_INFORMATION: demoId('service', 19),
  MOPTI_COUNSELLING_REFERRAL: demoId('service', 20),
  KAYES_PRE_DEPARTURE: demoId('service', 21),
  SEGOU_COUNSELLING: demoId('service', 22),
  CONAKRY_REINTEGRATION: demoId('service', 23),
  CONAKRY_TEMPORARY_ACCOMMODATION: demoId('service', 24),
  GUINEA_PRE_DEPARTURE: demoId('service', 25),
  SOFIA_RECEPTION: demoId('service', 26),
  SOFIA_CHILD_SAFETY_ZONE: demoId('service', 27),
  SOFIA_ASYLUM_INFORMATION: demoId('service', 28),
  KHARTOUM_LEGAL_AID: demoId('service', 29),
  KHARTOUM_TRAFFICKING_LEGAL: demoId('service', 30),
  KHARTOUM_SAFE_HOUSE: demoId('service', 31),
  AGADEZ_WOMEN_LISTENING: demoId('service', 32),
  AGADEZ_GBV_SAFE_HOUSE: demoId('service', 33),
  AGADEZ_WOMEN_VOCATIONAL: demoId('service', 34),
  BAMAKO_CHILD_FRIENDLY_SPACE: demoId('service', 35),
  BAMAKO_CHILD_CASE_MANAGEMENT: demoId('service', 36),
  BAMAKO_CHILD_SAFE_HOUSE: demoId('service', 37),
  AGADEZ_MOBILE_CLINIC: demoId('service', 38),
  GAO_MOBILE_PSYCHOSOCIAL: demoId('service', 39),
  COLOMBO_RECRUITMENT_COMPLAINTS: demoId('service', 40),
  COLOMBO_PRE_DEPARTURE: demoId('service', 41),
  NIAMEY_SPECIALISED_MENTAL_HEALTH: demoId('service', 42),
  NIAMEY_MATERNITY: demoId('service', 43),
  MALI_CONSULAR_DOCUMENTS: demoId('service', 44),
  TBILISI_MOBILITY_COUNSELLING: demoId('service', 45),
  MANILA_FINANCIAL_LITERACY: demoId('service', 46),
  MANILA_RECRUITMENT_HELP: demoId('service', 47),
  TIRANA_MIGRATION_COUNTER: demoId('service', 48),
  DUSHANBE_MIGRANT_SUPPORT: demoId('service', 49),
  ARLIT_PSYCHOSOCIAL_FIRST_AID: demoId('service', 50),
} as const;

export const services: DemoService[] = [
  // ----- IOM Niger -----
  service({
    id: SERVICE.AGADEZ_TRANSIT_SHELTER, agency: AGENCY.IOM_NIGER,
    names: t('Agadez transit centre: shelter and meals', "Centre de transit d'Agadez : hébergement et repas", 'مركز العبور في أغاديس: الإيواء والوجبات'),
    descriptions: t(
      'Temporary accommodation for up to about 1,000 migrants in transit or stranded, with three meals a day, hygiene kits, blankets and registration on arrival.',
      "Hébergement temporaire pour environ 1 000 migrants en transit ou bloqués, avec trois repas par jour, kits d'hygiène, couvertures et enregistrement à l'arrivée.",
      'إيواء مؤقت لنحو 1000 مهاجر عابر أو عالق، مع ثلاث وجبات يومياً ومستلزمات النظافة والبطانيات والتسجيل عند الوصول.',
    ),
    categories: ['shelter.transit', 'food_nfi', 'registration'], locations: [LOCATION.AGADEZ_TRANSIT_CENTRE],
    populations: [P.STRANDED_MIGRANTS, P.RETURNEES], languages: ['fr', 'en', 'ha', 'ar'], channels: [C.WALK_IN, C.OUTREACH],
    open24Hours: true, timezone: NIAMEY, capacity: { available: 137, total: 1000 },
    intakeContact: { name: 'Agadez centre reception desk', phone: '+227 00 00 00 02', email: 'agadez.intake@iom-niger.example.org' },
    howToRefer: t(
      'Send a referral through the network; people may also arrive directly at the gate, day or night.',
      "Envoyez une orientation par le réseau ; les personnes peuvent aussi se présenter directement à l'entrée, de jour comme de nuit.",
      'أرسل إحالة عبر الشبكة؛ ويمكن للأشخاص أيضاً الحضور مباشرة إلى البوابة ليلاً أو نهاراً.',
    ),
    lastVerifiedDaysAgo: 3,
  }),
  service({
    id: SERVICE.AGADEZ_PRIMARY_HEALTH, agency: AGENCY.IOM_NIGER,
    names: t('Agadez transit centre: health post', "Centre de transit d'Agadez : poste de santé", 'مركز العبور في أغاديس: النقطة الصحية'),
    descriptions: t(
      'Nurse-led consultations, basic medicines, malaria testing and transfer to the regional hospital when needed.',
      "Consultations infirmières, médicaments de base, dépistage du paludisme et transfert vers l'hôpital régional si nécessaire.",
      'استشارات يقدمها ممرضون، وأدوية أساسية، وفحص الملاريا، والنقل إلى المستشفى الإقليمي عند الحاجة.',
    ),
    categories: ['health.primary'], locations: [LOCATION.AGADEZ_TRANSIT_CENTRE], populations: [P.ALL], languages: ['fr', 'en', 'ha', 'ar'],
    channels: [C.WALK_IN], timezone: NIAMEY, openingHours: hours(MON_SAT, '08:00', '18:00'),
    intakeContact: { name: 'Health post', phone: '+227 00 00 00 03' },
    howToRefer: t('Residents walk in; partners refer through the network.', 'Les résidents se présentent ; les partenaires orientent par le réseau.', 'يحضر المقيمون مباشرة؛ ويحيل الشركاء عبر الشبكة.'),
    lastVerifiedDaysAgo: 3,
  }),
  service({
    id: SERVICE.AGADEZ_PSYCHOSOCIAL_SUPPORT, agency: AGENCY.IOM_NIGER,
    names: t('Agadez transit centre: psychosocial support', "Centre de transit d'Agadez : soutien psychosocial", 'مركز العبور في أغاديس: الدعم النفسي والاجتماعي'),
    descriptions: t(
      'Psychological first aid, group discussions, recreational activities and referral to focused care for people in distress.',
      'Premiers secours psychologiques, groupes de parole, activités récréatives et orientation vers une prise en charge ciblée pour les personnes en détresse.',
      'إسعافات أولية نفسية ومجموعات نقاش وأنشطة ترفيهية وإحالة إلى رعاية مركّزة للأشخاص الذين يعانون من الضيق.',
    ),
    categories: ['mhpss.basic', 'mhpss.community'], locations: [LOCATION.AGADEZ_TRANSIT_CENTRE], populations: [P.ALL],
    languages: ['fr', 'en', 'ha', 'ar'], channels: [C.WALK_IN], timezone: NIAMEY, openingHours: hours(MON_FRI, '09:00', '17:00'),
    intakeContact: { name: 'Psychosocial team', email: 'agadez.mhpss@iom-niger.example.org' },
    howToRefer: t('Ask the centre case manager or refer through the network.', 'Demandez au gestionnaire de cas du centre ou orientez par le réseau.', 'اطلب ذلك من مدير الحالة في المركز أو أحل عبر الشبكة.'),
    lastVerifiedDaysAgo: 10,
  }),
  service({
    id: SERVICE.AGADEZ_CONSULAR_ASSISTANCE, agency: AGENCY.IOM_NIGER,
    names: t('Agadez transit centre: consular assistance', "Centre de transit d'Agadez : assistance consulaire", 'مركز العبور في أغاديس: المساعدة القنصلية'),
    descriptions: t(
      'Arranges contact with consular authorities so that migrants without papers can obtain travel documents or laissez-passer.',
      "Organise le contact avec les autorités consulaires pour que les migrants sans papiers obtiennent des documents de voyage ou un laissez-passer.",
      'ينظم التواصل مع السلطات القنصلية ليحصل المهاجرون الذين لا يملكون وثائق على وثائق سفر أو تصاريح مرور.',
    ),
    categories: ['legal.consular', 'legal.documentation'], locations: [LOCATION.AGADEZ_TRANSIT_CENTRE],
    populations: [P.STRANDED_MIGRANTS, P.RETURNEES], languages: ['fr', 'en', 'ar'], channels: [C.WALK_IN], timezone: NIAMEY,
    openingHours: hours(MON_FRI, '08:30', '16:30'),
    intakeContact: { name: 'Consular liaison', email: 'agadez.consular@iom-niger.example.org' },
    howToRefer: t('Refer through the network with the person’s nationality.', 'Orientez par le réseau en indiquant la nationalité de la personne.', 'أحل عبر الشبكة مع ذكر جنسية الشخص.'),
    lastVerifiedDaysAgo: 21,
  }),
  service({
    id: SERVICE.NIGER_AVRR, agency: AGENCY.IOM_NIGER,
    names: t('Assisted voluntary return from Niger', 'Aide au retour volontaire depuis le Niger', 'العودة الطوعية المدعومة من النيجر'),
    descriptions: t(
      'Counselling on the option to return, travel arrangements to the country of origin, and links to reintegration support on arrival.',
      "Conseil sur l'option du retour, organisation du voyage vers le pays d'origine et mise en lien avec un appui à la réintégration à l'arrivée.",
      'إرشاد حول خيار العودة، وترتيب السفر إلى بلد المنشأ، والربط بدعم إعادة الإدماج عند الوصول.',
    ),
    categories: ['avrr'], locations: [LOCATION.AGADEZ_TRANSIT_CENTRE, LOCATION.NIAMEY_TRANSIT_CENTRE], areas: ['NE'],
    populations: [P.STRANDED_MIGRANTS], languages: ['fr', 'en', 'ha', 'ar'], channels: [C.WALK_IN, C.PHONE], timezone: NIAMEY,
    openingHours: hours(MON_FRI, '08:00', '17:00'),
    intakeContact: { name: 'Return desk', phone: '+227 00 00 00 04', email: 'avrr@iom-niger.example.org' },
    howToRefer: t('Refer through the network once the person has said they wish to go home.', 'Orientez par le réseau une fois que la personne a exprimé son souhait de rentrer.', 'أحل عبر الشبكة بعد أن يعبّر الشخص عن رغبته في العودة.'),
    lastVerifiedDaysAgo: 7,
    details: {
      excludedNationalities: ['NE'],
      eligibility: t('For migrants of other nationalities stranded in Niger who have decided to go home; not for Nigerien nationals.',
        "Pour les migrants d'autres nationalités bloqués au Niger qui ont décidé de rentrer ; pas pour les ressortissants nigériens."),
      requiredDocuments: [{ type: RequiredDocumentType.TRAVEL_DOCUMENT, labels: t('Passport or identity document if you have one; otherwise IOM obtains a laissez-passer', "Passeport ou pièce d'identité si vous en avez ; sinon l'OIM obtient un laissez-passer") }],
      // the Niamey return desk keeps its own hours and moves in June
      sites: [{
        location: LOCATION.NIAMEY_TRANSIT_CENTRE, openingHours: [...hours(MON_FRI, '08:30', '16:00'), ...hours([SATURDAY], '09:00', '12:00')],
        closures: [{ from: '2027-06-01', to: '2027-06-04', reasons: t('Return desk moving to the new wing', 'Déménagement du guichet de retour dans la nouvelle aile') }],
        notes: t('Return desk in building B, left of the main gate', "Guichet de retour au bâtiment B, à gauche de l'entrée principale"),
      }],
    },
  }),
  service({
    id: SERVICE.ARLIT_SCREENING, agency: AGENCY.IOM_NIGER,
    names: t('Arlit: registration, screening and referral', 'Arlit : enregistrement, dépistage et orientation', 'أرليت: التسجيل والفحص والإحالة'),
    descriptions: t(
      'Registers new arrivals from the desert routes, screens for vulnerabilities and refers them on to the right service.',
      "Enregistre les personnes arrivant des routes du désert, repère les vulnérabilités et oriente vers le service adapté.",
      'يسجل الوافدين الجدد من طرق الصحراء ويفحص أوجه الضعف ويحيلهم إلى الخدمة المناسبة.',
    ),
    categories: ['registration', 'information', 'referral'], locations: [LOCATION.ARLIT_RESPONSE_CENTRE],
    populations: [P.STRANDED_MIGRANTS, P.RETURNEES], languages: ['fr', 'ha', 'ar', 'en'], channels: [C.WALK_IN, C.OUTREACH],
    timezone: NIAMEY, openingHours: hours(MON_SAT, '07:30', '17:30'), intakeContact: { name: 'Arlit centre', phone: '+227 00 00 00 05' },
    howToRefer: t('Walk in, or call ahead for groups.', "Se présenter, ou appeler à l'avance pour un groupe.", 'الحضور مباشرة، أو الاتصال مسبقاً للمجموعات.'),
    lastVerifiedDaysAgo: 14,
  }),
  service({
    id: SERVICE.NIGER_HOTLINE, agency: AGENCY.IOM_NIGER,
    names: t('Niger migrant assistance hotline', "Ligne d'assistance aux migrants du Niger", 'الخط الساخن لمساعدة المهاجرين في النيجر'),
    descriptions: t(
      'Free line open day and night: information on services, emergency advice and referral anywhere in Niger.',
      "Ligne gratuite ouverte jour et nuit : information sur les services, conseils d'urgence et orientation partout au Niger.",
      'خط مجاني يعمل ليلاً ونهاراً: معلومات عن الخدمات ونصائح طارئة وإحالة في أي مكان في النيجر.',
    ),
    categories: ['information', 'referral'], locations: [LOCATION.NIGER_HOTLINE], areas: ['NE'], populations: [P.ALL],
    languages: ['fr', 'en', 'ha', 'ar'], channels: [C.PHONE], open24Hours: true, timezone: NIAMEY,
    intakeContact: { name: 'Hotline', phone: '+227 00 00 00 00' },
    howToRefer: t('Call the hotline number at any time.', "Appelez la ligne à toute heure.", 'اتصل بالخط الساخن في أي وقت.'),
    lastVerifiedDaysAgo: 1,
  }),
  service({
    id: SERVICE.NIAMEY_TRANSIT_SHELTER, agency: AGENCY.IOM_NIGER,
    names: t('Niamey transit centre: shelter', 'Centre de transit de Niamey : hébergement'),
    descriptions: t(
      'Short stays for migrants waiting for their return journey, with meals and basic items.',
      'Séjours courts pour les migrants en attente de leur voyage de retour, avec repas et articles de base.',
    ),
    categories: ['shelter.transit', 'food_nfi'], locations: [LOCATION.NIAMEY_TRANSIT_CENTRE],
    populations: [P.STRANDED_MIGRANTS, P.RETURNEES], languages: ['fr', 'en', 'ha'], channels: [C.WALK_IN], open24Hours: true,
    timezone: NIAMEY, capacity: { available: 0, total: 400 }, intakeContact: { name: 'Niamey centre', phone: '+227 00 00 00 06' },
    howToRefer: t('Refer through the network; check available beds first.', "Orientez par le réseau ; vérifiez d'abord les places disponibles."),
    lastVerifiedDaysAgo: 2,
  }),
  service({
    id: SERVICE.NIAMEY_FAMILY_TRACING, agency: AGENCY.IOM_NIGER,
    names: t('Family tracing and phone calls home', 'Recherche familiale et appels aux proches'),
    descriptions: t(
      'Helps people find and contact relatives, with free phone calls and tracing requests passed to partners.',
      'Aide à retrouver et contacter les proches, avec appels gratuits et demandes de recherche transmises aux partenaires.',
    ),
    categories: ['family_tracing'], locations: [LOCATION.NIAMEY_TRANSIT_CENTRE], populations: [P.ALL], languages: ['fr', 'en', 'ha'],
    channels: [C.WALK_IN, C.PHONE], timezone: NIAMEY, openingHours: hours(MON_FRI, '09:00', '16:00'),
    intakeContact: { email: 'tracing@iom-niger.example.org' },
    howToRefer: t('Refer through the network with what is known about the relatives.', 'Orientez par le réseau avec ce que l’on sait des proches.'),
    lastVerifiedDaysAgo: 33,
  }),
  service({
    id: SERVICE.ARLIT_PSYCHOSOCIAL_FIRST_AID, agency: AGENCY.IOM_NIGER,
    names: t('Arlit: psychological first aid', 'Arlit : premiers secours psychologiques'),
    descriptions: t(
      'Immediate emotional support for people arriving exhausted or shocked after the desert crossing.',
      "Soutien émotionnel immédiat pour les personnes arrivant épuisées ou choquées après la traversée du désert.",
    ),
    categories: ['mhpss.basic'], locations: [LOCATION.ARLIT_RESPONSE_CENTRE], populations: [P.ALL], languages: ['fr', 'ha', 'ar'],
    channels: [C.WALK_IN, C.OUTREACH], timezone: NIAMEY, openingHours: hours(MON_SAT, '08:00', '16:00'),
    intakeContact: { name: 'Arlit centre', phone: '+227 00 00 00 05' },
    howToRefer: t('Walk in or ask the registration team.', "Se présenter ou s'adresser à l'équipe d'enregistrement."),
    lastVerifiedDaysAgo: 45,
  }),

  // ----- IOM Sudan -----
  service({
    id: SERVICE.KHARTOUM_INFORMATION_DESK, agency: AGENCY.IOM_SUDAN,
    names: t('Khartoum centre: registration and information', 'Centre de Khartoum : enregistrement et information', 'مركز الخرطوم: التسجيل والمعلومات'),
    descriptions: t(
      'Registers visitors, explains their rights and options and tells them which services exist in Khartoum.',
      'Enregistre les visiteurs, explique leurs droits et options et présente les services disponibles à Khartoum.',
      'يسجل الزوار ويشرح حقوقهم وخياراتهم ويعرّفهم بالخدمات المتاحة في الخرطوم.',
    ),
    categories: ['registration', 'information'], locations: [LOCATION.KHARTOUM_MRRC], populations: [P.ALL],
    languages: ['ar', 'en', 'ti', 'am'], channels: [C.WALK_IN, C.PHONE], timezone: KHARTOUM, openingHours: hours(SUN_THU, '08:00', '16:00'),
    intakeContact: { name: 'Reception', phone: '+249 000 000 002', email: 'khartoum.centre@iom-sudan.example.org' },
    howToRefer: t('Walk in during opening hours.', "Se présenter aux heures d'ouverture.", 'الحضور مباشرة خلال ساعات العمل.'),
    lastVerifiedDaysAgo: 5,
  }),
  service({
    id: SERVICE.KHARTOUM_CASE_MANAGEMENT, agency: AGENCY.IOM_SUDAN,
    names: t('Khartoum centre: case management and referral', 'Centre de Khartoum : gestion de cas et orientation', 'مركز الخرطوم: إدارة الحالات والإحالة'),
    descriptions: t(
      'Case workers assess needs, agree a plan with the person and refer to legal aid, health and shelter partners, then follow up.',
      'Les gestionnaires de cas évaluent les besoins, conviennent d’un plan avec la personne, orientent vers les partenaires juridiques, de santé et d’hébergement, puis assurent le suivi.',
      'يقيّم مديرو الحالات الاحتياجات ويتفقون على خطة مع الشخص ويحيلونه إلى شركاء المساعدة القانونية والصحة والمأوى ثم يتابعون.',
    ),
    categories: ['referral', 'protection'], locations: [LOCATION.KHARTOUM_MRRC],
    populations: [P.VICTIMS_OF_TRAFFICKING, P.UNACCOMPANIED_OR_SEPARATED_CHILDREN, P.STRANDED_MIGRANTS, P.PEOPLE_WITH_DISABILITIES],
    languages: ['ar', 'en', 'ti'], channels: [C.WALK_IN], timezone: KHARTOUM, openingHours: hours(SUN_THU, '08:00', '15:00'),
    intakeContact: { name: 'Case management unit', email: 'khartoum.cm@iom-sudan.example.org' },
    howToRefer: t('Refer through the network; emergencies by phone first.', "Orientez par le réseau ; en cas d'urgence, appelez d'abord.", 'أحل عبر الشبكة؛ وفي الحالات الطارئة اتصل أولاً.'),
    lastVerifiedDaysAgo: 5,
  }),
  service({
    id: SERVICE.SUDAN_HOTLINE, agency: AGENCY.IOM_SUDAN,
    names: t('Sudan migrant helpline', "Ligne d'aide aux migrants du Soudan", 'خط مساعدة المهاجرين في السودان'),
    descriptions: t(
      'Round-the-clock phone line for migrants in Sudan, including confidential reporting of trafficking situations.',
      "Ligne téléphonique ouverte en permanence pour les migrants au Soudan, y compris pour signaler en toute confidentialité des situations de traite.",
      'خط هاتفي يعمل على مدار الساعة للمهاجرين في السودان، بما في ذلك الإبلاغ السري عن حالات الاتجار.',
    ),
    categories: ['information', 'referral', 'protection.trafficking'], locations: [LOCATION.SUDAN_HOTLINE], areas: ['SD'],
    populations: [P.ALL], languages: ['ar', 'en', 'ti'], channels: [C.PHONE], open24Hours: true, timezone: KHARTOUM,
    intakeContact: { name: 'Helpline', phone: '+249 000 000 000' },
    howToRefer: t('Call the helpline at any time.', "Appelez la ligne d'aide à toute heure.", 'اتصل بخط المساعدة في أي وقت.'),
    lastVerifiedDaysAgo: 4,
  }),
  service({
    id: SERVICE.OMDURMAN_COLLECTIVE_SHELTER, agency: AGENCY.IOM_SUDAN,
    names: t('Omdurman collective shelter', "Hébergement collectif d'Omdurman", 'المأوى الجماعي في أم درمان'),
    descriptions: t(
      'Shared accommodation with food distributions for stranded migrants and families.',
      'Hébergement partagé avec distributions de vivres pour les migrants bloqués et les familles.',
      'سكن مشترك مع توزيع الغذاء للمهاجرين العالقين والأسر.',
    ),
    categories: ['shelter.collective', 'food_nfi'], locations: [LOCATION.OMDURMAN_COLLECTIVE_CENTRE], populations: [P.STRANDED_MIGRANTS],
    languages: ['ar', 'en'], channels: [C.WALK_IN], open24Hours: true, timezone: KHARTOUM, capacity: { available: 22, total: 150 },
    intakeContact: { name: 'Shelter coordinator', phone: '+249 000 000 003' },
    howToRefer: t('Refer through the network; no walk-ins.', 'Orientez par le réseau ; pas d’accueil sans orientation.', 'الإحالة عبر الشبكة فقط؛ لا يُقبل الحضور المباشر.'),
    status: ServiceStatus.TEMPORARILY_CLOSED,
    statusReason: 'Closed for roof repairs after the rains; send shelter referrals to the Khartoum centre meanwhile.',
    lastVerifiedDaysAgo: 6,
  }),
  service({
    id: SERVICE.SUDAN_AVRR, agency: AGENCY.IOM_SUDAN,
    names: t('Assisted voluntary return from Sudan', 'Aide au retour volontaire depuis le Soudan', 'العودة الطوعية المدعومة من السودان'),
    descriptions: t(
      'Return counselling, travel documents with the consulates, and the journey home with reintegration follow-up.',
      'Conseil au retour, documents de voyage avec les consulats, voyage de retour et suivi de la réintégration.',
      'إرشاد حول العودة، ووثائق السفر بالتنسيق مع القنصليات، ورحلة العودة مع متابعة إعادة الإدماج.',
    ),
    categories: ['avrr'], locations: [LOCATION.KHARTOUM_MRRC], areas: ['SD'], populations: [P.STRANDED_MIGRANTS],
    languages: ['ar', 'en', 'ti', 'am'], channels: [C.WALK_IN, C.PHONE], timezone: KHARTOUM, openingHours: hours(SUN_THU, '08:00', '15:00'),
    intakeContact: { email: 'avrr@iom-sudan.example.org' },
    howToRefer: t('Refer through the network.', 'Orientez par le réseau.', 'أحل عبر الشبكة.'),
    lastVerifiedDaysAgo: 19,
  }),

  // ----- Niger government -----
  service({
    id: SERVICE.AGADEZ_CIVIL_REGISTRATION, agency: AGENCY.NIGER_MIGRATION_DIRECTORATE,
    names: t('Civil registration, Agadez', "État civil, Agadez", 'التسجيل المدني، أغاديس'),
    descriptions: t(
      'Birth, marriage and death registration and copies of civil records, including late birth registration.',
      "Déclarations de naissance, de mariage et de décès, copies d'actes et jugements supplétifs de naissance.",
      'تسجيل المواليد والزواج والوفيات ونسخ من السجلات المدنية، بما في ذلك التسجيل المتأخر للمواليد.',
    ),
    categories: ['legal.civil_registration', 'legal.documentation'], locations: [LOCATION.AGADEZ_CIVIL_STATUS_OFFICE], populations: [P.ALL],
    languages: ['fr', 'ha'], channels: [C.WALK_IN], timezone: NIAMEY, openingHours: hours(MON_FRI, '08:00', '15:30'),
    intakeContact: { phone: '+227 00 00 00 10' },
    howToRefer: t('Walk in with any identity document you have.', "Se présenter avec tout document d'identité disponible.", 'الحضور مع أي وثيقة هوية متاحة.'),
    lastVerifiedDaysAgo: 430,
  }),
  service({
    id: SERVICE.NIGER_ASYLUM_REGISTRATION, agency: AGENCY.NIGER_MIGRATION_DIRECTORATE,
    names: t('Asylum registration', "Enregistrement des demandes d'asile", 'تسجيل طلبات اللجوء'),
    descriptions: t(
      'Records asylum claims and issues the certificate that a claim is pending.',
      "Enregistre les demandes d'asile et délivre l'attestation de demande en cours.",
      'يسجل طلبات اللجوء ويصدر شهادة بأن الطلب قيد النظر.',
    ),
    categories: ['registration', 'legal.documentation'], locations: [LOCATION.NIAMEY_MIGRATION_DIRECTORATE], areas: ['NE'],
    populations: [P.ASYLUM_SEEKERS], languages: ['fr', 'en', 'ar'], channels: [C.WALK_IN], timezone: NIAMEY,
    openingHours: hours(MON_FRI, '08:00', '14:00'),
    intakeContact: { phone: '+227 00 00 00 11', email: 'asile@interieur-niger.example.org' },
    howToRefer: t('Refer through the network or accompany the person in person.', 'Orientez par le réseau ou accompagnez la personne.', 'أحل عبر الشبكة أو رافق الشخص بنفسك.'),
    lastVerifiedDaysAgo: 58,
    details: {
      excludedNationalities: ['NE'],
      interpretation: { languages: ['ti', 'so', 'ha', 'kr'], byPhone: true, inPerson: true },
      standards: [ServiceStandard.PSEA_CORE_PRINCIPLES, ServiceStandard.UNHCR_RSD_PROCEDURAL_STANDARDS],
    },
  }),

  // ----- Mali government -----
  service({
    id: SERVICE.BAMAKO_RETURNEE_RECEPTION, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD,
    names: t('Reception of returning migrants, Bamako', 'Accueil des migrants de retour, Bamako'),
    descriptions: t(
      'Welcomes returnees on arrival, registers them, hands out food and hygiene kits and explains what support exists.',
      "Accueille les personnes de retour à l'arrivée, les enregistre, remet des kits alimentaires et d'hygiène et présente l'appui disponible.",
    ),
    categories: ['registration', 'food_nfi', 'information'], locations: [LOCATION.BAMAKO_RECEPTION_CENTRE], populations: [P.RETURNEES],
    languages: ['fr', 'bm', 'ff'], channels: [C.WALK_IN], timezone: BAMAKO, openingHours: hours(MON_SAT, '08:00', '18:00'),
    intakeContact: { name: 'Reception desk', phone: '+223 00 00 00 01' },
    howToRefer: t('Send the arrival list through the network ahead of each return flight.', "Transmettez la liste d'arrivée par le réseau avant chaque vol de retour."),
    lastVerifiedDaysAgo: 12,
  }),
  service({
    id: SERVICE.MALI_REINTEGRATION, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD,
    names: t('Reintegration and job support for returnees', "Appui à la réintégration et à l'emploi des personnes de retour"),
    descriptions: t(
      'Individual reintegration plans, small business grants and links to employers in Bamako and the regions.',
      'Plans de réintégration individuels, subventions pour petites activités et mise en relation avec des employeurs à Bamako et dans les régions.',
    ),
    categories: ['reintegration', 'employment'],
    locations: [LOCATION.BAMAKO_RECEPTION_CENTRE, LOCATION.GAO_RESOURCE_CENTRE, LOCATION.MOPTI_RESOURCE_CENTRE, LOCATION.KAYES_RESOURCE_CENTRE],
    areas: ['ML'], populations: [P.RETURNEES], languages: ['fr', 'bm', 'ff'], channels: [C.WALK_IN, C.PHONE], timezone: BAMAKO,
    openingHours: hours(MON_FRI, '08:00', '16:00'),
    intakeContact: { name: 'Reintegration unit', email: 'reintegration@maliens-exterieur.example.org' },
    howToRefer: t('Refer through the network after the returnee has been registered.', "Orientez par le réseau après l'enregistrement de la personne."),
    lastVerifiedDaysAgo: 27,
    details: {
      nationalities: ['ML'],
      // places in the reintegration programme are counted per centre; Kayes does not count them
      sites: [
        { location: LOCATION.BAMAKO_RECEPTION_CENTRE, capacity: { available: 10, total: 40 } },
        {
          location: LOCATION.GAO_RESOURCE_CENTRE, capacity: { available: 0, total: 15 }, openingHours: hours(MON_FRI, '08:00', '13:00'),
          notes: t('Mornings only while the security rules apply', "Le matin seulement tant que les règles de sécurité s'appliquent"),
        },
        { location: LOCATION.MOPTI_RESOURCE_CENTRE, capacity: { available: 5, total: 15 }, closures: [{ from: '2027-02-08', to: '2027-02-12', reasons: t('Staff training', 'Formation du personnel') }] },
      ],
    },
  }),
  service({
    id: SERVICE.GAO_INFORMATION, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD,
    names: t('Gao centre: information on safe migration', 'Centre de Gao : information sur la migration sûre'),
    descriptions: t(
      'Sessions and one-to-one talks on the risks of irregular routes, regular pathways and support for those coming back.',
      'Séances et entretiens individuels sur les risques des routes irrégulières, les voies régulières et l’appui au retour.',
    ),
    categories: ['information', 'pre_departure'], locations: [LOCATION.GAO_RESOURCE_CENTRE],
    populations: [P.POTENTIAL_MIGRANTS, P.RETURNEES], languages: ['fr', 'ar', 'bm'], channels: [C.WALK_IN, C.OUTREACH], timezone: BAMAKO,
    openingHours: hours(MON_FRI, '08:00', '16:00'), intakeContact: { phone: '+223 00 00 00 07' },
    howToRefer: t('Walk in; outreach sessions can be requested for villages.', 'Se présenter ; des séances de proximité peuvent être demandées pour les villages.'),
    lastVerifiedDaysAgo: 40,
  }),
  service({
    id: SERVICE.MOPTI_COUNSELLING_REFERRAL, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD,
    names: t('Mopti centre: counselling and referral', 'Centre de Mopti : conseil et orientation'),
    descriptions: t(
      'Listens to migrants and returnees, assesses needs and refers them to health, psychosocial or livelihood partners.',
      'Écoute les migrants et personnes de retour, évalue les besoins et oriente vers des partenaires de santé, psychosociaux ou de moyens de subsistance.',
    ),
    categories: ['information', 'referral'], locations: [LOCATION.MOPTI_RESOURCE_CENTRE], populations: [P.ALL],
    languages: ['fr', 'bm', 'ff'], channels: [C.WALK_IN], timezone: BAMAKO, openingHours: hours(MON_FRI, '08:00', '16:00'),
    intakeContact: { phone: '+223 00 00 00 05' },
    howToRefer: t('Walk in or refer through the network.', 'Se présenter ou orienter par le réseau.'),
    lastVerifiedDaysAgo: 36,
  }),
  service({
    id: SERVICE.KAYES_PRE_DEPARTURE, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD,
    names: t('Kayes centre: pre-departure and remittance advice', "Centre de Kayes : information avant le départ et conseil sur les transferts d'argent"),
    descriptions: t(
      'Helps people who plan to leave check job offers and contracts, and helps families compare ways to receive and save money sent home.',
      "Aide les candidats au départ à vérifier offres d'emploi et contrats, et aide les familles à comparer les moyens de recevoir et d'épargner l'argent envoyé.",
    ),
    categories: ['pre_departure', 'financial_literacy'], locations: [LOCATION.KAYES_RESOURCE_CENTRE],
    populations: [P.POTENTIAL_MIGRANTS, P.FAMILIES_OF_MIGRANTS], languages: ['fr', 'bm'], channels: [C.WALK_IN, C.OUTREACH],
    timezone: BAMAKO, openingHours: hours(MON_FRI, '08:00', '16:00'), intakeContact: { phone: '+223 00 00 00 01' },
    howToRefer: t('Walk in.', 'Se présenter.'),
    lastVerifiedDaysAgo: 52,
  }),
  service({
    id: SERVICE.SEGOU_COUNSELLING, agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD,
    names: t('Ségou centre: counselling desk', 'Centre de Ségou : bureau de conseil'),
    descriptions: t(
      'Counselling for returnees and their families in Ségou.',
      'Conseil aux personnes de retour et à leurs familles à Ségou.',
    ),
    categories: ['information', 'reintegration'], locations: [LOCATION.SEGOU_RESOURCE_CENTRE],
    populations: [P.RETURNEES, P.FAMILIES_OF_MIGRANTS], languages: ['fr', 'bm'], channels: [C.WALK_IN], timezone: BAMAKO,
    openingHours: hours(MON_FRI, '08:00', '16:00'), intakeContact: { phone: '+223 00 00 00 04' },
    howToRefer: t('No longer taking referrals.', "N'accepte plus d'orientations."),
    status: ServiceStatus.INACTIVE,
    statusReason: 'Project funding ended; counselling for Ségou now happens at the Bamako reception centre.', lastVerifiedDaysAgo: 412,
  }),

  // ----- Guinea government -----
  service({
    id: SERVICE.CONAKRY_REINTEGRATION, agency: AGENCY.GUINEA_MINISTRY,
    names: t('Conakry centre: reintegration and community support', 'Centre de Conakry : réintégration et soutien communautaire'),
    descriptions: t(
      'Reintegration counselling, peer groups for returnees and mediation with families and communities.',
      'Conseil en réintégration, groupes de pairs pour les personnes de retour et médiation avec les familles et les communautés.',
    ),
    categories: ['reintegration', 'mhpss.community'], locations: [LOCATION.CONAKRY_RESOURCE_CENTRE],
    populations: [P.RETURNEES, P.FAMILIES_OF_MIGRANTS], languages: ['fr', 'ff'], channels: [C.WALK_IN, C.OUTREACH],
    timezone: 'Africa/Conakry', openingHours: hours(MON_FRI, '08:30', '16:30'),
    intakeContact: { phone: '+224 000 00 00 01', email: 'centre.conakry@guineens-etranger.example.org' },
    howToRefer: t('Refer through the network; the monthly committee reviews complex cases.', 'Orientez par le réseau ; le comité mensuel examine les cas complexes.'),
    lastVerifiedDaysAgo: 18,
  }),
  service({
    id: SERVICE.CONAKRY_TEMPORARY_ACCOMMODATION, agency: AGENCY.GUINEA_MINISTRY,
    names: t('Temporary accommodation for returnees, Conakry', 'Hébergement temporaire des personnes de retour, Conakry'),
    descriptions: t(
      'A few nights in rented rooms for returnees who cannot yet travel on to their home town.',
      "Quelques nuits en chambres louées pour les personnes de retour qui ne peuvent pas encore rejoindre leur ville d'origine.",
    ),
    categories: ['shelter', 'food_nfi'], locations: [LOCATION.CONAKRY_TEMPORARY_ACCOMMODATION], populations: [P.RETURNEES],
    languages: ['fr', 'ff'], channels: [C.WALK_IN], open24Hours: true, timezone: 'Africa/Conakry', capacity: { available: 12, total: 40 },
    intakeContact: { phone: '+224 000 00 00 02' },
    howToRefer: t('Only on referral from the Conakry centre.', 'Uniquement sur orientation du centre de Conakry.'),
    lastVerifiedDaysAgo: 9,
  }),
  service({
    id: SERVICE.GUINEA_PRE_DEPARTURE, agency: AGENCY.GUINEA_MINISTRY,
    names: t('Pre-departure information sessions, Guinea', 'Séances d’information avant le départ, Guinée'),
    descriptions: t(
      'Group sessions on regular routes, work visas, the risks of irregular journeys and where to get help abroad.',
      "Séances collectives sur les voies régulières, les visas de travail, les risques des voyages irréguliers et l'aide disponible à l'étranger.",
    ),
    categories: ['pre_departure', 'information'], locations: [LOCATION.CONAKRY_RESOURCE_CENTRE], areas: ['GN'],
    populations: [P.POTENTIAL_MIGRANTS], languages: ['fr', 'ff'], channels: [C.WALK_IN, C.OUTREACH, C.ONLINE], timezone: 'Africa/Conakry',
    openingHours: hours([TUESDAY, THURSDAY], '10:00', '13:00'), intakeContact: { email: 'info@guineens-etranger.example.org' },
    howToRefer: t('Register for a session by e-mail or walk in on session days.', 'Inscrivez-vous par courriel ou venez les jours de séance.'),
    lastVerifiedDaysAgo: 25,
  }),

  // ----- Bulgaria, State Agency for Refugees -----
  service({
    id: SERVICE.SOFIA_RECEPTION, agency: AGENCY.BULGARIA_SAR,
    names: t('Sofia reception centre: accommodation and registration', "Centre d'accueil de Sofia : hébergement et enregistrement"),
    descriptions: t(
      'Registration of asylum applications, accommodation, meals and basic items during the procedure.',
      "Enregistrement des demandes d'asile, hébergement, repas et articles de base pendant la procédure.",
    ),
    categories: ['shelter.collective', 'registration', 'food_nfi'], locations: [LOCATION.SOFIA_RECEPTION_CENTRE],
    populations: [P.ASYLUM_SEEKERS], languages: ['bg', 'en', 'ar', 'fa', 'ps'], channels: [C.WALK_IN], open24Hours: true,
    timezone: 'Europe/Sofia', capacity: { available: 64, total: 800 },
    intakeContact: { phone: '+359 0 000 0001', email: 'reception.sofia@sar-bulgaria.example.org' },
    howToRefer: t('Apply in person; partners may call ahead for vulnerable people.', "Se présenter en personne ; les partenaires peuvent prévenir à l'avance pour les personnes vulnérables."),
    lastVerifiedDaysAgo: 15,
  }),
  service({
    id: SERVICE.SOFIA_CHILD_SAFETY_ZONE, agency: AGENCY.BULGARIA_SAR,
    names: t('Safety zone for unaccompanied children, Sofia', 'Zone sécurisée pour enfants non accompagnés, Sofia'),
    descriptions: t(
      'A separate, supervised area of the reception centre for unaccompanied children, with round-the-clock staff and recreation.',
      "Espace séparé et encadré du centre d'accueil pour les enfants non accompagnés, avec personnel présent jour et nuit et activités de loisirs.",
    ),
    categories: ['protection.child', 'education.child_friendly_space'], locations: [LOCATION.SOFIA_RECEPTION_CENTRE],
    populations: [P.UNACCOMPANIED_OR_SEPARATED_CHILDREN], ageMax: 17, languages: ['bg', 'en', 'ar', 'fa', 'ps'], channels: [C.WALK_IN],
    open24Hours: true, timezone: 'Europe/Sofia', capacity: { available: 8, total: 60 },
    intakeContact: { name: 'Child protection officer', phone: '+359 0 000 0002' },
    howToRefer: t('Refer through the network; the child protection officer is told at once.', "Orientez par le réseau ; l'agent de protection de l'enfance est prévenu immédiatement."),
    lastVerifiedDaysAgo: 15,
  }),
  service({
    id: SERVICE.SOFIA_ASYLUM_INFORMATION, agency: AGENCY.BULGARIA_SAR,
    names: t('Information on the asylum procedure, Sofia', "Information sur la procédure d'asile, Sofia"),
    descriptions: t(
      'Explains each step of the asylum procedure, interview dates and rights, with interpreters.',
      "Explique chaque étape de la procédure d'asile, les dates d'entretien et les droits, avec interprètes.",
    ),
    categories: ['legal', 'information'], locations: [LOCATION.SOFIA_RECEPTION_CENTRE], populations: [P.ASYLUM_SEEKERS],
    languages: ['bg', 'en', 'ar', 'fa', 'ps', 'ku'], channels: [C.WALK_IN, C.PHONE], timezone: 'Europe/Sofia',
    openingHours: hours(MON_FRI, '09:00', '17:00'), intakeContact: { phone: '+359 0 000 0003' },
    howToRefer: t('Walk in during office hours.', 'Se présenter aux heures de bureau.'),
    lastVerifiedDaysAgo: 44,
  }),

  // ----- Nile Legal Aid Initiative (Khartoum) -----
  service({
    id: SERVICE.KHARTOUM_LEGAL_AID, agency: AGENCY.KHARTOUM_LEGAL_AID,
    names: t('Free legal aid for migrants, Khartoum', 'Aide juridique gratuite pour migrants, Khartoum', 'مساعدة قانونية مجانية للمهاجرين، الخرطوم'),
    descriptions: t(
      'Legal advice, help with residence and identity papers, and representation before the courts and the police.',
      'Conseil juridique, aide pour les titres de séjour et papiers d’identité, et représentation devant les tribunaux et la police.',
      'استشارات قانونية ومساعدة في أوراق الإقامة والهوية وتمثيل أمام المحاكم والشرطة.',
    ),
    categories: ['legal', 'legal.documentation'], locations: [LOCATION.KHARTOUM_LEGAL_OFFICE], populations: [P.ALL],
    languages: ['ar', 'en', 'ti'], channels: [C.WALK_IN, C.PHONE], timezone: KHARTOUM, openingHours: hours(SUN_THU, '09:00', '16:00'),
    intakeContact: { name: 'Intake lawyer', phone: '+249 000 000 011', email: 'intake@nile-legal.example.org' },
    howToRefer: t(
      'Refer through the network with a short summary of the legal problem and any court dates.',
      "Orientez par le réseau avec un bref résumé du problème juridique et d'éventuelles dates d'audience.",
      'أحل عبر الشبكة مع ملخص قصير للمشكلة القانونية وأي مواعيد جلسات.',
    ),
    lastVerifiedDaysAgo: 8,
  }),
  service({
    id: SERVICE.KHARTOUM_TRAFFICKING_LEGAL, agency: AGENCY.KHARTOUM_LEGAL_AID,
    names: t('Legal support for victims of trafficking', 'Appui juridique aux victimes de la traite', 'الدعم القانوني لضحايا الاتجار بالبشر'),
    descriptions: t(
      'Accompanies victims through complaints and court cases, and asks for protection measures during proceedings.',
      'Accompagne les victimes dans les plaintes et procès, et demande des mesures de protection pendant la procédure.',
      'يرافق الضحايا في الشكاوى والقضايا ويطلب تدابير الحماية أثناء الإجراءات.',
    ),
    categories: ['protection.trafficking', 'legal'], locations: [LOCATION.KHARTOUM_LEGAL_OFFICE], populations: [P.VICTIMS_OF_TRAFFICKING],
    languages: ['ar', 'en', 'ti'], channels: [C.WALK_IN, C.PHONE], timezone: KHARTOUM, openingHours: hours(SUN_THU, '09:00', '16:00'),
    intakeContact: { name: 'Counter-trafficking lawyer', phone: '+249 000 000 012' },
    howToRefer: t('Refer through the network only with the person’s consent.', 'Orientez par le réseau uniquement avec le consentement de la personne.', 'أحل عبر الشبكة فقط بموافقة الشخص.'),
    lastVerifiedDaysAgo: 8,
  }),
  service({
    id: SERVICE.KHARTOUM_SAFE_HOUSE, agency: AGENCY.KHARTOUM_LEGAL_AID,
    names: t('Safe house for women survivors of trafficking and violence', 'Maison sécurisée pour femmes victimes de la traite et de violences', 'بيت آمن للنساء الناجيات من الاتجار والعنف'),
    descriptions: t(
      'Confidential accommodation with round-the-clock staff, counselling and legal follow-up. The address is shared only with partners.',
      'Hébergement confidentiel avec personnel présent en permanence, accompagnement et suivi juridique. L’adresse n’est communiquée qu’aux partenaires.',
      'إيواء سري مع طاقم متواجد على مدار الساعة وإرشاد ومتابعة قانونية. لا يُشارك العنوان إلا مع الشركاء.',
    ),
    categories: ['shelter.safe_house', 'protection.trafficking', 'protection.gbv'], locations: [LOCATION.KHARTOUM_SAFE_SHELTER],
    populations: [P.VICTIMS_OF_TRAFFICKING, P.GBV_SURVIVORS], ageMin: 18, genders: [Gender.FEMALE], languages: ['ar', 'en', 'ti'],
    channels: [C.PHONE], open24Hours: true, timezone: KHARTOUM, capacity: { available: 3, total: 16 },
    intakeContact: { name: 'Shelter duty officer', phone: '+249 000 000 013' },
    howToRefer: t('Call the duty officer first, then send the referral; never bring anyone unannounced.', "Appelez d'abord la personne de permanence, puis envoyez l'orientation ; ne venez jamais sans prévenir.", 'اتصل أولاً بالمسؤول المناوب ثم أرسل الإحالة؛ لا تُحضر أحداً دون إشعار مسبق.'),
    lastVerifiedDaysAgo: 12,
    details: {
      // the note is about the confidential address: shown only to the provider and its partners
      sites: [{ location: LOCATION.KHARTOUM_SAFE_SHELTER, notes: t('Pick-up at the legal aid office; the driver knows the house, never write its address down', "Prise en charge au bureau d'aide juridique ; le chauffeur connaît la maison, n'écrivez jamais son adresse") }],
    },
  }),

  // ----- Ténéré Women's Protection Association (Agadez) -----
  service({
    id: SERVICE.AGADEZ_WOMEN_LISTENING, agency: AGENCY.AGADEZ_WOMEN,
    names: t("Women's listening and case management, Agadez", "Écoute et gestion de cas pour femmes, Agadez", 'الاستماع وإدارة الحالات للنساء، أغاديس'),
    descriptions: t(
      'A safe place for women and girls to talk, get information, plan their safety and receive focused psychosocial support.',
      "Un lieu sûr où femmes et filles peuvent parler, s'informer, planifier leur sécurité et recevoir un soutien psychosocial ciblé.",
      'مكان آمن للنساء والفتيات للتحدث والحصول على المعلومات والتخطيط لسلامتهن وتلقي دعم نفسي واجتماعي مركّز.',
    ),
    categories: ['protection.gbv', 'mhpss.focused', 'information'], locations: [LOCATION.AGADEZ_WOMEN_CENTRE],
    populations: [P.GBV_SURVIVORS, P.VICTIMS_OF_TRAFFICKING], genders: [Gender.FEMALE], languages: ['fr', 'ha', 'ar'],
    channels: [C.WALK_IN, C.PHONE, C.OUTREACH], timezone: NIAMEY, openingHours: hours(MON_SAT, '08:00', '17:00'),
    intakeContact: { name: 'Case worker on duty', phone: '+227 00 00 00 21', email: 'ecoute@tenere-femmes.example.org' },
    howToRefer: t('Walk in or refer through the network with the woman’s consent.', 'Se présenter ou orienter par le réseau avec le consentement de la femme.', 'الحضور مباشرة أو الإحالة عبر الشبكة بموافقة المرأة.'),
    lastVerifiedDaysAgo: 6,
    details: {
      contacts: [
        { role: ContactRole.FOCAL_POINT, name: 'GBV case management focal point', title: 'Case manager', phone: '+227 00 00 00 21', email: 'ecoute@tenere-femmes.example.org', languages: ['fr', 'ha'], hours: hours(MON_SAT, '08:00', '17:00') },
        { role: ContactRole.AFTER_HOURS_EMERGENCY, name: 'Duty case worker', phone: '+227 00 00 00 29', languages: ['fr', 'ha', 'ar'], hours: [], always: true },
        { role: ContactRole.COMPLAINTS, name: 'Complaints and feedback', email: 'plaintes@tenere-femmes.example.org', languages: ['fr', 'ha'], hours: hours(MON_FRI, '09:00', '15:00') },
      ],
      accessibility: {
        features: [AccessibilityFeature.QUIET_SPACE, AccessibilityFeature.HOME_VISITS, AccessibilityFeature.EASY_READ_INFORMATION],
        details: t('A private listening room; case workers visit women who cannot come; picture cards for those who do not read.', "Une salle d'écoute privée ; les intervenantes se rendent chez les femmes qui ne peuvent pas venir ; des cartes illustrées pour celles qui ne lisent pas."),
      },
    },
  }),
  service({
    id: SERVICE.AGADEZ_GBV_SAFE_HOUSE, agency: AGENCY.AGADEZ_WOMEN,
    names: t('Safe house for GBV survivors, Agadez', 'Maison sécurisée pour survivantes de VBG, Agadez', 'بيت آمن للناجيات من العنف القائم على النوع الاجتماعي، أغاديس'),
    descriptions: t(
      'Confidential shelter for women at risk, with their young children, while a safety plan and longer-term solution are worked out.',
      "Refuge confidentiel pour les femmes en danger, avec leurs jeunes enfants, le temps d'établir un plan de sécurité et une solution durable.",
      'مأوى سري للنساء المعرضات للخطر مع أطفالهن الصغار ريثما توضع خطة أمان وحل طويل الأمد.',
    ),
    categories: ['shelter.safe_house', 'protection.gbv', 'protection.trafficking'], locations: [LOCATION.AGADEZ_SAFE_SHELTER],
    populations: [P.GBV_SURVIVORS, P.VICTIMS_OF_TRAFFICKING], ageMin: 18, genders: [Gender.FEMALE], languages: ['fr', 'ha', 'ar'],
    channels: [C.PHONE], open24Hours: true, timezone: NIAMEY, capacity: { available: 2, total: 12 },
    intakeContact: { name: 'Shelter duty phone', phone: '+227 00 00 00 22' },
    howToRefer: t('Phone the duty line; the team arranges a meeting point. The address is never given out.', "Appelez la permanence ; l'équipe fixe un point de rendez-vous. L'adresse n'est jamais communiquée.", 'اتصل بخط المناوبة؛ يحدد الفريق نقطة لقاء. لا يُعطى العنوان أبداً.'),
    lastVerifiedDaysAgo: 6,
  }),
  service({
    id: SERVICE.AGADEZ_WOMEN_VOCATIONAL, agency: AGENCY.AGADEZ_WOMEN,
    names: t('Sewing, crafts and money skills for women, Agadez', 'Couture, artisanat et gestion financière pour femmes, Agadez'),
    descriptions: t(
      'Three-month courses in sewing and leatherwork with sessions on saving and managing money.',
      "Formations de trois mois en couture et maroquinerie, avec des séances sur l'épargne et la gestion de l'argent.",
    ),
    categories: ['education.vocational', 'financial_literacy'], locations: [LOCATION.AGADEZ_WOMEN_CENTRE],
    populations: [P.GBV_SURVIVORS, P.RETURNEES, P.ALL], ageMin: 16, genders: [Gender.FEMALE], languages: ['fr', 'ha'],
    channels: [C.WALK_IN], timezone: NIAMEY, openingHours: hours([MONDAY, WEDNESDAY, FRIDAY], '09:00', '12:30'),
    intakeContact: { email: 'formation@tenere-femmes.example.org' },
    howToRefer: t('Refer through the network; a new group starts every quarter.', 'Orientez par le réseau ; un nouveau groupe démarre chaque trimestre.'),
    lastVerifiedDaysAgo: 60,
  }),

  // ----- Bamako Children's Future -----
  service({
    id: SERVICE.BAMAKO_CHILD_FRIENDLY_SPACE, agency: AGENCY.BAMAKO_CHILDREN,
    names: t('Child-friendly space, Bamako', 'Espace ami des enfants, Bamako'),
    descriptions: t(
      'Play, catch-up classes and group activities for children in a supervised space, with parents’ groups once a week.',
      'Jeux, cours de rattrapage et activités de groupe pour enfants dans un espace encadré, avec un groupe de parents chaque semaine.',
    ),
    categories: ['education.child_friendly_space', 'mhpss.community'], locations: [LOCATION.BAMAKO_CHILD_CENTRE], populations: [P.ALL],
    ageMin: 5, ageMax: 17, languages: ['fr', 'bm', 'ff'], channels: [C.WALK_IN], timezone: BAMAKO,
    openingHours: hours(MON_SAT, '09:00', '17:00'), intakeContact: { name: 'Day centre', phone: '+223 00 00 00 31' },
    howToRefer: t('Children may walk in; partners refer through the network.', 'Les enfants peuvent venir directement ; les partenaires orientent par le réseau.'),
    lastVerifiedDaysAgo: 11,
  }),
  service({
    id: SERVICE.BAMAKO_CHILD_CASE_MANAGEMENT, agency: AGENCY.BAMAKO_CHILDREN,
    names: t('Case management for children on the move', 'Gestion de cas pour enfants en déplacement'),
    descriptions: t(
      'Best-interests assessment, family tracing and reunification, and follow-up for unaccompanied and separated children.',
      "Évaluation de l'intérêt supérieur, recherche et réunification familiales, et suivi des enfants non accompagnés et séparés.",
    ),
    categories: ['protection.child', 'referral', 'family_tracing'], locations: [LOCATION.BAMAKO_CHILD_CENTRE],
    populations: [P.UNACCOMPANIED_OR_SEPARATED_CHILDREN], ageMax: 17, languages: ['fr', 'bm', 'ff'],
    channels: [C.WALK_IN, C.PHONE, C.OUTREACH], timezone: BAMAKO, openingHours: hours(MON_FRI, '08:00', '17:00'),
    intakeContact: { name: 'Child protection case worker', phone: '+223 00 00 00 32', email: 'cas@avenir-enfants.example.org' },
    howToRefer: t('Refer through the network; for a child in danger, call first.', 'Orientez par le réseau ; pour un enfant en danger, appelez d’abord.'),
    lastVerifiedDaysAgo: 11,
    details: {
      interpretation: { languages: ['snk', 'dyu', 'tmh', 'en'], byPhone: true, inPerson: true, notes: t('Child-friendly interpreters trained in child safeguarding.', "Interprètes formés à la protection de l'enfance.") },
      standards: [ServiceStandard.PSEA_CORE_PRINCIPLES, ServiceStandard.CORE_HUMANITARIAN_STANDARD, ServiceStandard.CPMS, ServiceStandard.CHILD_PROTECTION_CASE_MANAGEMENT, ServiceStandard.BEST_INTERESTS_PROCEDURE],
    },
  }),
  service({
    id: SERVICE.BAMAKO_CHILD_SAFE_HOUSE, agency: AGENCY.BAMAKO_CHILDREN,
    names: t('Safe house for children, Bamako', 'Maison sécurisée pour enfants, Bamako'),
    descriptions: t(
      'Short-term confidential care for children who are victims of trafficking or at immediate risk, while the family is traced.',
      "Prise en charge confidentielle de courte durée pour enfants victimes de la traite ou en danger immédiat, pendant la recherche de la famille.",
    ),
    categories: ['shelter.safe_house', 'protection.child', 'protection.trafficking'], locations: [LOCATION.BAMAKO_SAFE_SHELTER],
    populations: [P.UNACCOMPANIED_OR_SEPARATED_CHILDREN, P.VICTIMS_OF_TRAFFICKING], ageMin: 10, ageMax: 17, languages: ['fr', 'bm', 'ff'],
    channels: [C.PHONE], open24Hours: true, timezone: BAMAKO, capacity: { available: 4, total: 20 },
    intakeContact: { name: 'Duty case worker', phone: '+223 00 00 00 33' },
    howToRefer: t('Only through the case management team; call the duty phone.', "Uniquement par l'équipe de gestion de cas ; appelez la permanence."),
    lastVerifiedDaysAgo: 20,
  }),

  // ----- Sahel Health Partners International -----
  service({
    id: SERVICE.AGADEZ_MOBILE_CLINIC, agency: AGENCY.SAHEL_HEALTH,
    names: t('Mobile clinic, Agadez region', "Clinique mobile, région d'Agadez", 'العيادة المتنقلة، إقليم أغاديس'),
    descriptions: t(
      'Travels to migrant gathering points with consultations, antenatal checks, contraception and post-rape care kits.',
      'Se rend sur les lieux de regroupement des migrants : consultations, suivi prénatal, contraception et kits de prise en charge après viol.',
      'تتنقل إلى أماكن تجمع المهاجرين وتقدم الاستشارات وفحوص ما قبل الولادة ووسائل منع الحمل وحقائب الرعاية بعد الاغتصاب.',
    ),
    categories: ['health.primary', 'health.srh', 'health.post_violence'], locations: [LOCATION.AGADEZ_MOBILE_CLINIC], areas: ['NE-1'],
    populations: [P.ALL], languages: ['fr', 'ha', 'ar', 'en'], channels: [C.MOBILE, C.OUTREACH], timezone: NIAMEY,
    openingHours: hours([MONDAY, TUESDAY, THURSDAY, SATURDAY], '08:00', '15:00'),
    intakeContact: { name: 'Mobile clinic coordinator', phone: '+227 00 00 00 41' },
    howToRefer: t('Call to learn this week’s stops; urgent cases are referred through the network.', "Appelez pour connaître les arrêts de la semaine ; les cas urgents sont orientés par le réseau.", 'اتصل لمعرفة محطات هذا الأسبوع؛ تُحال الحالات العاجلة عبر الشبكة.'),
    lastVerifiedDaysAgo: 16,
  }),
  service({
    id: SERVICE.GAO_MOBILE_PSYCHOSOCIAL, agency: AGENCY.SAHEL_HEALTH,
    names: t('Psychosocial mobile team, Gao', 'Équipe mobile psychosociale, Gao'),
    descriptions: t(
      'Counsellors run support groups and individual sessions in neighbourhoods and transit points around Gao.',
      'Des conseillers animent des groupes de soutien et des séances individuelles dans les quartiers et points de transit autour de Gao.',
    ),
    categories: ['mhpss.focused', 'mhpss.community'], locations: [LOCATION.GAO_MOBILE_TEAM], areas: ['ML-7'], populations: [P.ALL],
    languages: ['fr', 'ar', 'bm'], channels: [C.MOBILE, C.OUTREACH, C.PHONE], timezone: BAMAKO,
    openingHours: hours(MON_FRI, '08:00', '16:00'), intakeContact: { phone: '+223 00 00 00 42', email: 'gao@sahel-health.example.org' },
    howToRefer: t('Refer through the network.', 'Orientez par le réseau.'),
    lastVerifiedDaysAgo: 29,
  }),

  // ----- Lanka Migrant Workers' Union -----
  service({
    id: SERVICE.COLOMBO_RECRUITMENT_COMPLAINTS, agency: AGENCY.LANKA_UNION,
    names: t('Complaints about recruiters and employers abroad', "Plaintes contre recruteurs et employeurs à l'étranger"),
    descriptions: t(
      'Takes complaints about illegal fees, contract substitution and unpaid wages, and follows them up with the authorities.',
      'Reçoit les plaintes pour frais illégaux, substitution de contrat et salaires impayés, et en assure le suivi auprès des autorités.',
    ),
    categories: ['recruitment_complaints', 'legal'], locations: [LOCATION.COLOMBO_UNION_OFFICE], areas: ['LK'], populations: [P.ALL],
    languages: ['si', 'ta', 'en'], channels: [C.WALK_IN, C.PHONE, C.ONLINE], timezone: 'Asia/Colombo',
    openingHours: hours(MON_FRI, '09:00', '17:00'),
    intakeContact: { phone: '+94 00 000 0002', email: 'complaints@lanka-union.example.org' },
    howToRefer: t('Workers or families may file directly; bring the contract if possible.', 'Les travailleurs ou familles peuvent déposer directement ; apportez le contrat si possible.'),
    lastVerifiedDaysAgo: 35,
  }),
  service({
    id: SERVICE.COLOMBO_PRE_DEPARTURE, agency: AGENCY.LANKA_UNION,
    names: t('Pre-departure briefing and job advice, Colombo', 'Séance avant le départ et conseil en emploi, Colombo'),
    descriptions: t(
      'Checks job offers, explains workers’ rights in destination countries and covers sending money home safely.',
      "Vérifie les offres d'emploi, explique les droits des travailleurs dans les pays de destination et aborde l'envoi d'argent en toute sécurité.",
    ),
    categories: ['pre_departure', 'employment', 'financial_literacy'], locations: [LOCATION.COLOMBO_UNION_OFFICE],
    populations: [P.POTENTIAL_MIGRANTS, P.FAMILIES_OF_MIGRANTS], languages: ['si', 'ta', 'en'], channels: [C.WALK_IN, C.ONLINE],
    timezone: 'Asia/Colombo', openingHours: hours([SATURDAY], '09:00', '13:00'),
    intakeContact: { email: 'briefings@lanka-union.example.org' },
    howToRefer: t('Book a place by e-mail.', 'Réservez une place par courriel.'),
    lastVerifiedDaysAgo: 48,
  }),

  // ----- Espoir Clinic (private) -----
  service({
    id: SERVICE.NIAMEY_SPECIALISED_MENTAL_HEALTH, agency: AGENCY.NIAMEY_CLINIC,
    names: t('Psychiatric consultations, Niamey', 'Consultations psychiatriques, Niamey'),
    descriptions: t(
      'Assessment and treatment by a psychiatrist and a clinical psychologist for people with severe distress or mental disorders.',
      'Évaluation et traitement par un psychiatre et un psychologue clinicien pour les personnes en grande détresse ou souffrant de troubles mentaux.',
    ),
    categories: ['mhpss.specialised'], locations: [LOCATION.NIAMEY_CLINIC], populations: [P.PEOPLE_WITH_MEDICAL_NEEDS, P.ALL],
    languages: ['fr', 'en', 'ha'], channels: [C.WALK_IN, C.PHONE], timezone: NIAMEY, openingHours: hours(MON_FRI, '08:00', '18:00'),
    intakeContact: { name: 'Clinic secretariat', phone: '+227 00 00 00 51' },
    howToRefer: t('Refer through the network to be covered by the service agreement.', 'Orientez par le réseau pour bénéficier de la prise en charge prévue par le contrat de service.'),
    costFree: false,
    costNote: 'Free for people referred by a network member under the service agreement; otherwise the standard consultation fee applies.',
    lastVerifiedDaysAgo: null,
    details: {
      fees: {
        kind: FeeKind.FEE,
        options: [
          { amount: 0, currency: 'XOF', descriptions: t('Referred by a network member (service agreement)', "Orienté par un membre du réseau (accord de service)") },
          { amount: 10000, currency: 'XOF', descriptions: t('Consultation, for everyone else', 'Consultation, pour les autres') },
        ],
        descriptions: t('Free for people referred by a network member; otherwise the standard consultation fee.', "Gratuit pour les personnes orientées par un membre du réseau ; sinon le tarif habituel de consultation."),
      },
    },
  }),
  service({
    id: SERVICE.NIAMEY_MATERNITY, agency: AGENCY.NIAMEY_CLINIC,
    names: t('Antenatal care and delivery, Niamey', 'Suivi prénatal et accouchement, Niamey'),
    descriptions: t(
      'Antenatal visits, ultrasound, delivery and postnatal care for pregnant women.',
      'Consultations prénatales, échographie, accouchement et soins post-nataux pour les femmes enceintes.',
    ),
    categories: ['health.srh', 'health.primary'], locations: [LOCATION.NIAMEY_CLINIC], populations: [P.PREGNANT_WOMEN],
    genders: [Gender.FEMALE], languages: ['fr', 'ha'], channels: [C.WALK_IN], open24Hours: true, timezone: NIAMEY,
    intakeContact: { name: 'Maternity ward', phone: '+227 00 00 00 52' },
    howToRefer: t('Refer through the network; emergencies come straight to the maternity ward.', 'Orientez par le réseau ; les urgences viennent directement à la maternité.'),
    costFree: false, costNote: 'Covered for referred migrants; a fee applies to others.', lastVerifiedDaysAgo: 23,
    details: {
      fees: {
        kind: FeeKind.SLIDING_SCALE,
        options: [
          { amount: 0, currency: 'XOF', descriptions: t('Referred migrants', 'Migrantes orientées') },
          { amount: 25000, currency: 'XOF', descriptions: t('Delivery, at most; less for those who cannot pay', 'Accouchement, au plus ; moins pour celles qui ne peuvent pas payer') },
        ],
        descriptions: t('Covered for referred migrants; for others the fee depends on what they can pay.', 'Pris en charge pour les migrantes orientées ; pour les autres, selon leurs moyens.'),
      },
    },
  }),

  // ----- Consulate of Mali in Niamey -----
  service({
    id: SERVICE.MALI_CONSULAR_DOCUMENTS, agency: AGENCY.MALI_CONSULATE_NIAMEY,
    names: t('Consular documents for Malian nationals', 'Documents consulaires pour ressortissants maliens'),
    descriptions: t(
      'Consular cards, travel documents and transcription of births registered abroad for Malians in Niger.',
      "Cartes consulaires, documents de voyage et transcription des naissances enregistrées à l'étranger pour les Maliens au Niger.",
    ),
    categories: ['legal.consular', 'legal.documentation', 'legal.civil_registration'], locations: [LOCATION.NIAMEY_MALI_CONSULATE],
    areas: ['NE'], populations: [P.ALL], languages: ['fr', 'bm'], channels: [C.WALK_IN, C.PHONE], timezone: NIAMEY,
    openingHours: hours(MON_FRI, '08:30', '13:00'), intakeContact: { phone: '+227 00 00 00 61', email: 'consulat@mali-niamey.example.org' },
    howToRefer: t('Walk in with any proof of nationality; partners can refer through the network.', 'Se présenter avec toute preuve de nationalité ; les partenaires peuvent orienter par le réseau.'),
    lastVerifiedDaysAgo: 31,
    details: {
      nationalities: ['ML'],
      interpretation: { languages: ['ff', 'snk'], byPhone: false, inPerson: true, notes: t('Staff of the consulate speak Fulfulde and Soninke on Tuesdays.', 'Le personnel du consulat parle peul et soninké le mardi.') },
    },
  }),

  // ----- Georgia, Philippines, Albania, Tajikistan -----
  service({
    id: SERVICE.TBILISI_MOBILITY_COUNSELLING, agency: AGENCY.TBILISI_MOBILITY,
    names: { ...t('Mobility counselling, Tbilisi', 'Conseil en mobilité, Tbilissi'), ka: 'მობილობის კონსულტაცია, თბილისი' },
    descriptions: t(
      'Advice before leaving on legal work abroad, and help after return with jobs, training and local services.',
      "Conseils avant le départ sur le travail légal à l'étranger, et aide après le retour pour l'emploi, la formation et les services locaux.",
    ),
    categories: ['pre_departure', 'employment', 'reintegration'], locations: [LOCATION.TBILISI_MOBILITY_CENTRE],
    populations: [P.POTENTIAL_MIGRANTS, P.RETURNEES], languages: ['ka', 'en', 'ru'], channels: [C.WALK_IN, C.PHONE, C.ONLINE],
    timezone: 'Asia/Tbilisi', openingHours: hours(MON_FRI, '10:00', '18:00'),
    intakeContact: { phone: '+995 000 00 00 01', email: 'info@tbilisi-mobility.example.org' },
    howToRefer: t('Walk in or book online.', 'Se présenter ou réserver en ligne.'),
    lastVerifiedDaysAgo: 13,
  }),
  service({
    id: SERVICE.MANILA_FINANCIAL_LITERACY, agency: AGENCY.MANILA_RESOURCE_CENTRE,
    names: t('Financial literacy for overseas workers and families', "Éducation financière pour travailleurs à l'étranger et familles"),
    descriptions: t(
      'Workshops on budgeting, comparing remittance costs, saving and avoiding debt traps before and during work abroad.',
      "Ateliers sur le budget, la comparaison des frais de transfert, l'épargne et les pièges de l'endettement avant et pendant le travail à l'étranger.",
    ),
    categories: ['financial_literacy', 'pre_departure'], locations: [LOCATION.MANILA_ONE_STOP_CENTRE],
    populations: [P.POTENTIAL_MIGRANTS, P.FAMILIES_OF_MIGRANTS], languages: ['tl', 'en'], channels: [C.WALK_IN, C.ONLINE],
    timezone: 'Asia/Manila', openingHours: hours([WEDNESDAY, SATURDAY], '13:00', '17:00'),
    intakeContact: { email: 'workshops@manila-mrc.example.org' },
    howToRefer: t('Sign up online or at the front desk.', "S'inscrire en ligne ou à l'accueil."),
    lastVerifiedDaysAgo: 22,
  }),
  service({
    id: SERVICE.MANILA_RECRUITMENT_HELP, agency: AGENCY.MANILA_RESOURCE_CENTRE,
    names: t('Help with recruitment problems, Manila', 'Aide en cas de problème de recrutement, Manille'),
    descriptions: t(
      'Helps workers check whether an agency is licensed and file complaints about excessive fees or false promises.',
      "Aide les travailleurs à vérifier qu'une agence est agréée et à porter plainte pour frais excessifs ou fausses promesses.",
    ),
    categories: ['recruitment_complaints', 'employment'], locations: [LOCATION.MANILA_ONE_STOP_CENTRE],
    populations: [P.POTENTIAL_MIGRANTS, P.RETURNEES, P.FAMILIES_OF_MIGRANTS], languages: ['tl', 'en'],
    channels: [C.WALK_IN, C.PHONE, C.ONLINE], timezone: 'Asia/Manila', openingHours: hours(MON_FRI, '08:00', '17:00'),
    intakeContact: { phone: '+63 0 0000 0001', email: 'help@manila-mrc.example.org' },
    howToRefer: t('Walk in, call or write.', 'Se présenter, appeler ou écrire.'),
    lastVerifiedDaysAgo: 22,
  }),
  service({
    id: SERVICE.TIRANA_MIGRATION_COUNTER, agency: AGENCY.TIRANA_COUNTER,
    names: { ...t('Migration counter, Tirana', 'Guichet des migrations, Tirana'), sq: 'Sporteli i migracionit, Tiranë' },
    descriptions: t(
      'Information on legal ways to work or study abroad, and support for returnees to register, find work and use local services.',
      "Information sur les voies légales pour travailler ou étudier à l'étranger, et aide aux personnes de retour pour s'enregistrer, trouver un emploi et accéder aux services locaux.",
    ),
    categories: ['information', 'employment', 'reintegration'], locations: [LOCATION.TIRANA_COUNTER],
    populations: [P.POTENTIAL_MIGRANTS, P.RETURNEES], languages: ['sq', 'en', 'it'], channels: [C.WALK_IN, C.PHONE],
    timezone: 'Europe/Tirane', openingHours: hours(MON_FRI, '08:00', '16:00'), intakeContact: { phone: '+355 0 000 0001' },
    howToRefer: t('Walk in during office hours.', 'Se présenter aux heures de bureau.'),
    lastVerifiedDaysAgo: null,
  }),
  service({
    id: SERVICE.DUSHANBE_MIGRANT_SUPPORT, agency: AGENCY.DUSHANBE_SUPPORT,
    names: t('Migrant support centre, Dushanbe', 'Centre de soutien aux migrants, Douchanbé'),
    descriptions: t(
      'Pre-departure advice, help with passports and work permits, and legal consultations on problems abroad.',
      "Conseils avant le départ, aide pour les passeports et permis de travail, et consultations juridiques sur les problèmes rencontrés à l'étranger.",
    ),
    categories: ['pre_departure', 'information', 'legal'], locations: [LOCATION.DUSHANBE_SUPPORT_CENTRE],
    populations: [P.POTENTIAL_MIGRANTS, P.FAMILIES_OF_MIGRANTS, P.RETURNEES], languages: ['tg', 'ru'], channels: [C.WALK_IN, C.PHONE],
    timezone: 'Asia/Dushanbe', openingHours: hours(MON_FRI, '09:00', '17:00'),
    intakeContact: { phone: '+992 00 000 0001', email: 'info@dushanbe-support.example.org' },
    howToRefer: t('Walk in or call.', 'Se présenter ou appeler.'),
    lastVerifiedDaysAgo: 455,
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------------------------

export const USER = {
  IOM_NIGER_CASE_MANAGER: demoId('user', 1),
  IOM_NIGER_FOCAL_POINT: demoId('user', 2),
  IOM_NIGER_ADMIN: demoId('user', 3),
  IOM_NIGER_DPO: demoId('user', 4),
  KHARTOUM_LEGAL_CASE_MANAGER: demoId('user', 5),
  KHARTOUM_LEGAL_FOCAL_POINT: demoId('user', 6),
  KHARTOUM_LEGAL_ADMIN: demoId('user', 7),
  KHARTOUM_LEGAL_DPO: demoId('user', 8),
  AGADEZ_WOMEN_CASE_MANAGER: demoId('user', 9),
  AGADEZ_WOMEN_FOCAL_POINT: demoId('user', 10),
  AGADEZ_WOMEN_ADMIN: demoId('user', 11),
  AGADEZ_WOMEN_DPO: demoId('user', 12),
  NETWORK_STEERING_COMMITTEE: demoId('user', 13),
  NETWORK_ADMIN: demoId('user', 14),
  IOM_SUDAN_CASE_MANAGER: demoId('user', 15),
  IOM_SUDAN_FOCAL_POINT: demoId('user', 16),
  BAMAKO_CHILDREN_CASE_MANAGER_AND_FOCAL_POINT: demoId('user', 17),
  MALI_MINISTRY_STEERING_COMMITTEE: demoId('user', 18),
  BULGARIA_SAR_FOCAL_POINT: demoId('user', 19),
  SAHEL_HEALTH_CASE_MANAGER: demoId('user', 20),
  NIAMEY_CLINIC_FOCAL_POINT: demoId('user', 21),
  LANKA_UNION_ADMIN: demoId('user', 22),
  IOM_NIGER_SECOND_CASE_MANAGER: demoId('user', 23),
  IOM_NIGER_SUPERVISOR: demoId('user', 24),
} as const;

const R = Role;

export const users: DemoUser[] = [
  { id: USER.IOM_NIGER_CASE_MANAGER, email: 'amina.cm@iom-niger.example.org', name: 'Amina Issoufou', agency: AGENCY.IOM_NIGER, roles: [R.CASE_MANAGER] },
  // a colleague who is not assigned Amina's cases: sees their summary only, unless one is shared with him
  { id: USER.IOM_NIGER_SECOND_CASE_MANAGER, email: 'moussa.cm@iom-niger.example.org', name: 'Moussa Garba', agency: AGENCY.IOM_NIGER, roles: [R.CASE_MANAGER] },
  { id: USER.IOM_NIGER_SUPERVISOR, email: 'aissata.sup@iom-niger.example.org', name: 'Aïssata Harouna', agency: AGENCY.IOM_NIGER, roles: [R.CASE_SUPERVISOR] },
  { id: USER.IOM_NIGER_FOCAL_POINT, email: 'ibrahim.rfp@iom-niger.example.org', name: 'Ibrahim Moussa', agency: AGENCY.IOM_NIGER, roles: [R.REFERRAL_FOCAL_POINT] },
  { id: USER.IOM_NIGER_ADMIN, email: 'fatimata.admin@iom-niger.example.org', name: 'Fatimata Abdou', agency: AGENCY.IOM_NIGER, roles: [R.AGENCY_ADMIN] },
  { id: USER.IOM_NIGER_DPO, email: 'oumarou.dpo@iom-niger.example.org', name: 'Oumarou Hamani', agency: AGENCY.IOM_NIGER, roles: [R.DATA_PROTECTION_OFFICER] },
  { id: USER.KHARTOUM_LEGAL_CASE_MANAGER, email: 'hiba.cm@nile-legal.example.org', name: 'Hiba Osman', agency: AGENCY.KHARTOUM_LEGAL_AID, roles: [R.CASE_MANAGER] },
  { id: USER.KHARTOUM_LEGAL_FOCAL_POINT, email: 'tariq.rfp@nile-legal.example.org', name: 'Tariq Elamin', agency: AGENCY.KHARTOUM_LEGAL_AID, roles: [R.REFERRAL_FOCAL_POINT] },
  { id: USER.KHARTOUM_LEGAL_ADMIN, email: 'samia.admin@nile-legal.example.org', name: 'Samia Abdelrahman', agency: AGENCY.KHARTOUM_LEGAL_AID, roles: [R.AGENCY_ADMIN] },
  { id: USER.KHARTOUM_LEGAL_DPO, email: 'khalid.dpo@nile-legal.example.org', name: 'Khalid Mahjoub', agency: AGENCY.KHARTOUM_LEGAL_AID, roles: [R.DATA_PROTECTION_OFFICER] },
  { id: USER.AGADEZ_WOMEN_CASE_MANAGER, email: 'rakia.cm@tenere-femmes.example.org', name: 'Rakia Ghali', agency: AGENCY.AGADEZ_WOMEN, roles: [R.CASE_MANAGER] },
  { id: USER.AGADEZ_WOMEN_FOCAL_POINT, email: 'zeinabou.rfp@tenere-femmes.example.org', name: 'Zeinabou Alhassane', agency: AGENCY.AGADEZ_WOMEN, roles: [R.REFERRAL_FOCAL_POINT] },
  { id: USER.AGADEZ_WOMEN_ADMIN, email: 'mariama.admin@tenere-femmes.example.org', name: 'Mariama Ousmane', agency: AGENCY.AGADEZ_WOMEN, roles: [R.AGENCY_ADMIN] },
  { id: USER.AGADEZ_WOMEN_DPO, email: 'hadiza.dpo@tenere-femmes.example.org', name: 'Hadiza Boubacar', agency: AGENCY.AGADEZ_WOMEN, roles: [R.DATA_PROTECTION_OFFICER] },
  { id: USER.NETWORK_STEERING_COMMITTEE, email: 'abdoulaye.sc@referral-network.example.org', name: 'Abdoulaye Garba', agency: AGENCY.NETWORK_SECRETARIAT, roles: [R.STEERING_COMMITTEE] },
  { id: USER.NETWORK_ADMIN, email: 'nadia.admin@referral-network.example.org', name: 'Nadia Lawan', agency: AGENCY.NETWORK_SECRETARIAT, roles: [R.NETWORK_ADMIN] },
  { id: USER.IOM_SUDAN_CASE_MANAGER, email: 'yousra.cm@iom-sudan.example.org', name: 'Yousra Babiker', agency: AGENCY.IOM_SUDAN, roles: [R.CASE_MANAGER] },
  { id: USER.IOM_SUDAN_FOCAL_POINT, email: 'ahmed.rfp@iom-sudan.example.org', name: 'Ahmed Elnour', agency: AGENCY.IOM_SUDAN, roles: [R.REFERRAL_FOCAL_POINT] },
  {
    id: USER.BAMAKO_CHILDREN_CASE_MANAGER_AND_FOCAL_POINT,
    email: 'oumou.cm@avenir-enfants.example.org',
    name: 'Oumou Traoré',
    agency: AGENCY.BAMAKO_CHILDREN,
    roles: [R.CASE_MANAGER, R.REFERRAL_FOCAL_POINT],
  },
  { id: USER.MALI_MINISTRY_STEERING_COMMITTEE, email: 'bakary.sc@maliens-exterieur.example.org', name: 'Bakary Keïta', agency: AGENCY.MALI_MINISTRY_MALIANS_ABROAD, roles: [R.STEERING_COMMITTEE] },
  { id: USER.BULGARIA_SAR_FOCAL_POINT, email: 'elena.rfp@sar-bulgaria.example.org', name: 'Elena Petrova', agency: AGENCY.BULGARIA_SAR, roles: [R.REFERRAL_FOCAL_POINT] },
  { id: USER.SAHEL_HEALTH_CASE_MANAGER, email: 'issa.cm@sahel-health.example.org', name: 'Issa Mahamadou', agency: AGENCY.SAHEL_HEALTH, roles: [R.CASE_MANAGER] },
  { id: USER.NIAMEY_CLINIC_FOCAL_POINT, email: 'salamatou.rfp@clinique-espoir.example.org', name: 'Salamatou Idrissa', agency: AGENCY.NIAMEY_CLINIC, roles: [R.REFERRAL_FOCAL_POINT] },
  { id: USER.LANKA_UNION_ADMIN, email: 'nimal.admin@lanka-union.example.org', name: 'Nimal Perera', agency: AGENCY.LANKA_UNION, roles: [R.AGENCY_ADMIN, R.DATA_PROTECTION_OFFICER] },
];

// ---------------------------------------------------------------------------------------------------------------
// Partnerships: a provider lets a partner see its confidential locations
// ---------------------------------------------------------------------------------------------------------------

export const PARTNERSHIP = {
  AGADEZ_WOMEN_WITH_IOM_NIGER: demoId('partnership', 1),
  KHARTOUM_LEGAL_WITH_IOM_SUDAN: demoId('partnership', 2),
} as const;

export const partnerships: DemoPartnership[] = [
  {
    id: PARTNERSHIP.AGADEZ_WOMEN_WITH_IOM_NIGER,
    provider: AGENCY.AGADEZ_WOMEN,
    partner: AGENCY.IOM_NIGER,
    note: 'IOM Niger case managers may see where Safe shelter A is, to arrange escorted transfers of women from the transit centre.',
  },
  {
    id: PARTNERSHIP.KHARTOUM_LEGAL_WITH_IOM_SUDAN,
    provider: AGENCY.KHARTOUM_LEGAL_AID,
    partner: AGENCY.IOM_SUDAN,
    note: 'IOM Sudan may see where Safe shelter C is, so that its case workers can accompany referred survivors.',
  },
];
