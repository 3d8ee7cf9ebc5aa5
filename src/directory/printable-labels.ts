/**
 * The words of the printable directory and of the service slip, in the languages field staff print them
 * in. English is complete; a word missing in another language falls back to English, and a code with no
 * label at all to the code itself. The services' own texts come from the directory, in the chosen
 * language where the service has a translation (see printable-page.ts).
 */

export type PrintLang = 'en' | 'fr' | 'ar';
export const PRINT_LANGUAGES: PrintLang[] = ['en', 'fr', 'ar'];
/** Written right to left. */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar']);

/** The language of the page's own words: `requested` when it has a translation, else English. */
export function printLanguage(requested?: string | null): PrintLang {
  const l = requested?.toLowerCase();
  return l && (PRINT_LANGUAGES as string[]).includes(l) ? (l as PrintLang) : 'en';
}

type Words = Record<string, string>;

/** The pages' own sentences; {name} placeholders are filled in. */
const TEXT: Record<PrintLang, Words> = {
  en: {
    directoryTitle: 'Service directory', slipTitle: 'Where to get help', contents: 'Contents', categories: 'Categories', allCategories: 'All categories',
    servicesCount: '{n} service(s)', preparedOn: 'Prepared on {date}', provider: 'Provided by',
    forWhom: 'For', ages: 'aged {min} to {max}', ageFrom: 'aged {min} and over', ageTo: 'aged up to {max}', everyone: 'Everyone',
    eligibility: 'Who can use it', documentsRequired: 'Documents are required', noDocumentsRequired: 'No documents are required',
    acceptsWithoutDocuments: 'People without documents or legal status are served', notWithoutDocuments: 'People without documents are not served',
    onlyNationalities: 'Only for nationals of: {list}', excludedNationalities: 'Not for nationals of: {list}',
    bring: 'What to bring', nothingToBring: 'Nothing is asked for', fees: 'Cost', accessibility: 'Accessibility', interpretation: 'Interpretation',
    byPhone: 'by phone', inPerson: 'in person', languages: 'Languages spoken', howToRefer: 'How to refer', channels: 'How to reach it',
    where: 'Where', whereAndWhen: 'Where and when', when: 'When', open24: 'Open 24 hours, every day', noHours: 'Hours not given: call first',
    localTime: 'local time ({tz})', closed: 'Closed {from} to {to}', closedDay: 'Closed on {date}', serviceClosures: 'Closures',
    confidential: 'Confidential address: contact the focal point', confidentialCall: 'Confidential address: contact the focal point ({phone})',
    noSite: 'No fixed place: see the contacts', covers: 'Also serves', contacts: 'Contacts', call: 'Call', anyTime: 'any time',
    answers: 'answers {hours}', outreach: 'Mobile team visits', seeAlso: 'See also', seeAlsoIn: 'listed under {category}',
    noServices: 'No service in this area matches.', otherServices: 'Other services', truncated: 'Only the first {n} services are listed: choose categories to narrow the directory.',
    directoryNote: 'Entries change: check the online directory before referring someone. Addresses of confidential places are not printed.',
    slipIntro: 'Show this paper at the service.', slipPrivacy: 'This paper carries no personal information.',
    emergency: 'Emergency, outside opening hours', notActive: 'This service is not open at the moment ({status}): call before going.',
    footer: 'Printed {date}. Details can change: call before going.',
  },
  fr: {
    directoryTitle: 'Répertoire des services', slipTitle: 'Où trouver de l\'aide', contents: 'Sommaire', categories: 'Catégories', allCategories: 'Toutes les catégories',
    servicesCount: '{n} service(s)', preparedOn: 'Établi le {date}', provider: 'Proposé par',
    forWhom: 'Pour', ages: 'de {min} à {max} ans', ageFrom: 'à partir de {min} ans', ageTo: 'jusqu\'à {max} ans', everyone: 'Tout le monde',
    eligibility: 'Qui peut en bénéficier', documentsRequired: 'Des documents sont exigés', noDocumentsRequired: 'Aucun document n\'est exigé',
    acceptsWithoutDocuments: 'Les personnes sans papiers ni statut légal sont accueillies', notWithoutDocuments: 'Les personnes sans papiers ne sont pas accueillies',
    onlyNationalities: 'Uniquement pour les ressortissants de : {list}', excludedNationalities: 'Pas pour les ressortissants de : {list}',
    bring: 'À apporter', nothingToBring: 'Rien n\'est demandé', fees: 'Coût', accessibility: 'Accessibilité', interpretation: 'Interprétation',
    byPhone: 'par téléphone', inPerson: 'sur place', languages: 'Langues parlées', howToRefer: 'Comment orienter', channels: 'Comment le joindre',
    where: 'Où', whereAndWhen: 'Où et quand', when: 'Quand', open24: 'Ouvert 24 h sur 24, tous les jours', noHours: 'Horaires non précisés : appelez d\'abord',
    localTime: 'heure locale ({tz})', closed: 'Fermé du {from} au {to}', closedDay: 'Fermé le {date}', serviceClosures: 'Fermetures',
    confidential: 'Adresse confidentielle : contactez le point focal', confidentialCall: 'Adresse confidentielle : contactez le point focal ({phone})',
    noSite: 'Pas de lieu fixe : voir les contacts', covers: 'Dessert aussi', contacts: 'Contacts', call: 'Appeler', anyTime: 'à toute heure',
    answers: 'répond {hours}', outreach: 'Passages de l\'équipe mobile', seeAlso: 'Voir aussi', seeAlsoIn: 'présenté sous {category}',
    noServices: 'Aucun service de cette zone ne correspond.', otherServices: 'Autres services', truncated: 'Seuls les {n} premiers services sont présentés : choisissez des catégories pour réduire le répertoire.',
    directoryNote: 'Les informations changent : vérifiez le répertoire en ligne avant d\'orienter quelqu\'un. Les adresses des lieux confidentiels ne sont pas imprimées.',
    slipIntro: 'Montrez ce papier au service.', slipPrivacy: 'Ce papier ne contient aucune information personnelle.',
    emergency: 'Urgence, en dehors des heures d\'ouverture', notActive: 'Ce service n\'est pas ouvert en ce moment ({status}) : appelez avant d\'y aller.',
    footer: 'Imprimé le {date}. Les informations peuvent changer : appelez avant d\'y aller.',
  },
  ar: {
    directoryTitle: 'دليل الخدمات', slipTitle: 'أين تجد المساعدة', contents: 'المحتويات', categories: 'الفئات', allCategories: 'جميع الفئات',
    servicesCount: 'عدد الخدمات: {n}', preparedOn: 'تاريخ الإعداد: {date}', provider: 'تقدّمها',
    forWhom: 'لمن', ages: 'من {min} إلى {max} سنة', ageFrom: 'من {min} سنة فما فوق', ageTo: 'حتى {max} سنة', everyone: 'الجميع',
    eligibility: 'من يحق له الاستفادة', documentsRequired: 'الوثائق مطلوبة', noDocumentsRequired: 'لا تُطلب أي وثائق',
    acceptsWithoutDocuments: 'يُستقبل الأشخاص الذين لا يحملون وثائق أو وضعاً قانونياً', notWithoutDocuments: 'لا يُستقبل من لا يحمل وثائق',
    onlyNationalities: 'فقط لمواطني: {list}', excludedNationalities: 'ليست لمواطني: {list}',
    bring: 'ما يجب إحضاره', nothingToBring: 'لا يُطلب شيء', fees: 'التكلفة', accessibility: 'سهولة الوصول', interpretation: 'الترجمة الشفوية',
    byPhone: 'عبر الهاتف', inPerson: 'حضورياً', languages: 'اللغات المستخدمة', howToRefer: 'طريقة الإحالة', channels: 'طريقة التواصل',
    where: 'أين', whereAndWhen: 'أين ومتى', when: 'متى', open24: 'مفتوح على مدار الساعة كل يوم', noHours: 'لم تُذكر المواعيد: اتصل أولاً',
    localTime: 'بالتوقيت المحلي ({tz})', closed: 'مغلق من {from} إلى {to}', closedDay: 'مغلق يوم {date}', serviceClosures: 'أيام الإغلاق',
    confidential: 'العنوان سري: تواصل مع جهة الاتصال', confidentialCall: 'العنوان سري: تواصل مع جهة الاتصال ({phone})',
    noSite: 'لا يوجد مكان ثابت: انظر جهات الاتصال', covers: 'تخدم أيضاً', contacts: 'جهات الاتصال', call: 'اتصل', anyTime: 'في أي وقت',
    answers: 'يجيب {hours}', outreach: 'زيارات الفريق المتنقل', seeAlso: 'انظر أيضاً', seeAlsoIn: 'مدرجة تحت {category}',
    noServices: 'لا توجد خدمة مطابقة في هذه المنطقة.', otherServices: 'خدمات أخرى', truncated: 'لا تُعرض إلا أول {n} خدمة: اختر فئات لتضييق الدليل.',
    directoryNote: 'قد تتغير المعلومات: راجع الدليل الإلكتروني قبل إحالة أي شخص. لا تُطبع عناوين الأماكن السرية.',
    slipIntro: 'أظهر هذه الورقة في مكان الخدمة.', slipPrivacy: 'لا تحتوي هذه الورقة على أي معلومات شخصية.',
    emergency: 'للطوارئ خارج أوقات العمل', notActive: 'هذه الخدمة غير مفتوحة حالياً ({status}): اتصل قبل الذهاب.',
    footer: 'طُبعت في {date}. قد تتغير المعلومات: اتصل قبل الذهاب.',
  },
};

/** Codes, by the enum they come from. */
const CODES: Record<PrintLang, Record<string, Words>> = {
  en: {
    Population: {
      ALL: 'Everyone', UNACCOMPANIED_OR_SEPARATED_CHILDREN: 'Unaccompanied or separated children', VICTIMS_OF_TRAFFICKING: 'Victims of trafficking',
      GBV_SURVIVORS: 'Survivors of gender-based violence', PEOPLE_WITH_DISABILITIES: 'People with disabilities', OLDER_PERSONS: 'Older persons',
      PREGNANT_WOMEN: 'Pregnant women', PEOPLE_WITH_MEDICAL_NEEDS: 'People with medical needs', ASYLUM_SEEKERS: 'Asylum seekers',
      STRANDED_MIGRANTS: 'Stranded migrants', RETURNEES: 'Returning migrants', POTENTIAL_MIGRANTS: 'People thinking of migrating', FAMILIES_OF_MIGRANTS: 'Families of migrants',
    },
    Gender: { FEMALE: 'women and girls', MALE: 'men and boys', OTHER: 'other genders' },
    Channel: { WALK_IN: 'Walk in', PHONE: 'Phone', ONLINE: 'Online', OUTREACH: 'Outreach', MOBILE: 'Mobile team' },
    ContactRole: { GENERAL: 'General enquiries', INTAKE: 'Intake', FOCAL_POINT: 'Focal point', AFTER_HOURS_EMERGENCY: 'Emergency, after hours', COMPLAINTS: 'Complaints and feedback' },
    FeeKind: { FREE: 'Free', FEE: 'A fee is charged', SLIDING_SCALE: 'The fee depends on what the person can pay' },
    AccessibilityFeature: {
      WHEELCHAIR_ACCESS: 'Wheelchair access', ACCESSIBLE_TOILET: 'Accessible toilet', SIGN_LANGUAGE: 'Sign language', VISUAL_IMPAIRMENT_SUPPORT: 'Support for people with visual impairment',
      HEARING_IMPAIRMENT_SUPPORT: 'Support for people with hearing impairment', EASY_READ_INFORMATION: 'Easy-to-read information', HOME_VISITS: 'Home visits',
      ACCESSIBLE_TRANSPORT: 'Accessible transport', QUIET_SPACE: 'Quiet, private space',
    },
    RequiredDocumentType: {
      PASSPORT: 'Passport', NATIONAL_ID: 'National identity card', BIRTH_CERTIFICATE: 'Birth certificate', TRAVEL_DOCUMENT: 'Travel document or laissez-passer',
      RESIDENCE_PERMIT: 'Residence permit', ASYLUM_DOCUMENT: 'Asylum seeker or refugee document', REFERRAL_FORM: 'Referral form from a network member',
      MEDICAL_RECORD: 'Medical record or health card', EMPLOYMENT_CONTRACT: 'Employment contract or recruitment papers', PHOTO: 'Passport-size photo', OTHER: 'Other document',
    },
    ServiceStatus: { ACTIVE: 'open', TEMPORARILY_CLOSED: 'temporarily closed', INACTIVE: 'no longer offered' },
  },
  fr: {
    Population: {
      ALL: 'Tout le monde', UNACCOMPANIED_OR_SEPARATED_CHILDREN: 'Enfants non accompagnés ou séparés', VICTIMS_OF_TRAFFICKING: 'Victimes de la traite',
      GBV_SURVIVORS: 'Survivantes et survivants de violences basées sur le genre', PEOPLE_WITH_DISABILITIES: 'Personnes handicapées', OLDER_PERSONS: 'Personnes âgées',
      PREGNANT_WOMEN: 'Femmes enceintes', PEOPLE_WITH_MEDICAL_NEEDS: 'Personnes ayant des besoins médicaux', ASYLUM_SEEKERS: 'Demandeurs d\'asile',
      STRANDED_MIGRANTS: 'Migrants bloqués', RETURNEES: 'Migrants de retour', POTENTIAL_MIGRANTS: 'Personnes qui envisagent de migrer', FAMILIES_OF_MIGRANTS: 'Familles de migrants',
    },
    Gender: { FEMALE: 'femmes et filles', MALE: 'hommes et garçons', OTHER: 'autres genres' },
    Channel: { WALK_IN: 'Sur place', PHONE: 'Téléphone', ONLINE: 'En ligne', OUTREACH: 'Activités de proximité', MOBILE: 'Équipe mobile' },
    ContactRole: { GENERAL: 'Renseignements', INTAKE: 'Accueil des orientations', FOCAL_POINT: 'Point focal', AFTER_HOURS_EMERGENCY: 'Urgence, hors heures d\'ouverture', COMPLAINTS: 'Plaintes et retours' },
    FeeKind: { FREE: 'Gratuit', FEE: 'Payant', SLIDING_SCALE: 'Le tarif dépend de ce que la personne peut payer' },
    AccessibilityFeature: {
      WHEELCHAIR_ACCESS: 'Accès en fauteuil roulant', ACCESSIBLE_TOILET: 'Toilettes accessibles', SIGN_LANGUAGE: 'Langue des signes', VISUAL_IMPAIRMENT_SUPPORT: 'Appui aux personnes malvoyantes',
      HEARING_IMPAIRMENT_SUPPORT: 'Appui aux personnes malentendantes', EASY_READ_INFORMATION: 'Informations faciles à lire', HOME_VISITS: 'Visites à domicile',
      ACCESSIBLE_TRANSPORT: 'Transport adapté', QUIET_SPACE: 'Espace calme et privé',
    },
    RequiredDocumentType: {
      PASSPORT: 'Passeport', NATIONAL_ID: 'Carte nationale d\'identité', BIRTH_CERTIFICATE: 'Acte de naissance', TRAVEL_DOCUMENT: 'Document de voyage ou laissez-passer',
      RESIDENCE_PERMIT: 'Titre de séjour', ASYLUM_DOCUMENT: 'Document de demandeur d\'asile ou de réfugié', REFERRAL_FORM: 'Fiche d\'orientation d\'un membre du réseau',
      MEDICAL_RECORD: 'Dossier médical ou carnet de santé', EMPLOYMENT_CONTRACT: 'Contrat de travail ou documents de recrutement', PHOTO: 'Photo d\'identité', OTHER: 'Autre document',
    },
    ServiceStatus: { ACTIVE: 'ouvert', TEMPORARILY_CLOSED: 'fermé temporairement', INACTIVE: 'n\'est plus proposé' },
  },
  ar: {
    Population: {
      ALL: 'الجميع', UNACCOMPANIED_OR_SEPARATED_CHILDREN: 'الأطفال غير المصحوبين أو المنفصلون عن ذويهم', VICTIMS_OF_TRAFFICKING: 'ضحايا الاتجار بالبشر',
      GBV_SURVIVORS: 'الناجون والناجيات من العنف القائم على النوع الاجتماعي', PEOPLE_WITH_DISABILITIES: 'الأشخاص ذوو الإعاقة', OLDER_PERSONS: 'كبار السن',
      PREGNANT_WOMEN: 'النساء الحوامل', PEOPLE_WITH_MEDICAL_NEEDS: 'الأشخاص ذوو الاحتياجات الطبية', ASYLUM_SEEKERS: 'طالبو اللجوء',
      STRANDED_MIGRANTS: 'المهاجرون العالقون', RETURNEES: 'المهاجرون العائدون', POTENTIAL_MIGRANTS: 'من يفكرون في الهجرة', FAMILIES_OF_MIGRANTS: 'أسر المهاجرين',
    },
    Gender: { FEMALE: 'النساء والفتيات', MALE: 'الرجال والفتيان', OTHER: 'أنواع اجتماعية أخرى' },
    Channel: { WALK_IN: 'الحضور المباشر', PHONE: 'الهاتف', ONLINE: 'عبر الإنترنت', OUTREACH: 'التواصل الميداني', MOBILE: 'فريق متنقل' },
    ContactRole: { GENERAL: 'استفسارات عامة', INTAKE: 'استقبال الإحالات', FOCAL_POINT: 'جهة الاتصال', AFTER_HOURS_EMERGENCY: 'الطوارئ خارج أوقات العمل', COMPLAINTS: 'الشكاوى والملاحظات' },
    FeeKind: { FREE: 'مجاناً', FEE: 'برسوم', SLIDING_SCALE: 'تعتمد الرسوم على قدرة الشخص على الدفع' },
    AccessibilityFeature: {
      WHEELCHAIR_ACCESS: 'إمكانية الوصول بالكرسي المتحرك', ACCESSIBLE_TOILET: 'مرحاض مهيأ', SIGN_LANGUAGE: 'لغة الإشارة', VISUAL_IMPAIRMENT_SUPPORT: 'دعم ذوي الإعاقة البصرية',
      HEARING_IMPAIRMENT_SUPPORT: 'دعم ذوي الإعاقة السمعية', EASY_READ_INFORMATION: 'معلومات سهلة القراءة', HOME_VISITS: 'زيارات منزلية',
      ACCESSIBLE_TRANSPORT: 'نقل مهيأ', QUIET_SPACE: 'مكان هادئ وخاص',
    },
    RequiredDocumentType: {
      PASSPORT: 'جواز السفر', NATIONAL_ID: 'بطاقة الهوية الوطنية', BIRTH_CERTIFICATE: 'شهادة الميلاد', TRAVEL_DOCUMENT: 'وثيقة سفر أو جواز مرور',
      RESIDENCE_PERMIT: 'تصريح الإقامة', ASYLUM_DOCUMENT: 'وثيقة طالب لجوء أو لاجئ', REFERRAL_FORM: 'استمارة إحالة من عضو في الشبكة',
      MEDICAL_RECORD: 'سجل طبي أو بطاقة صحية', EMPLOYMENT_CONTRACT: 'عقد عمل أو وثائق التوظيف', PHOTO: 'صورة شخصية', OTHER: 'وثيقة أخرى',
    },
    ServiceStatus: { ACTIVE: 'مفتوحة', TEMPORARILY_CLOSED: 'مغلقة مؤقتاً', INACTIVE: 'لم تعد متاحة' },
  },
};

export interface PrintLabels {
  lang: PrintLang;
  dir: 'ltr' | 'rtl';
  /** A sentence of the page, with its {placeholders} filled in. */
  text(key: string, values?: Record<string, string | number>): string;
  /** The label of a code of `enumName`, else the code. */
  code(enumName: string, value: string): string;
}

export function printLabels(lang: PrintLang): PrintLabels {
  const text = (key: string, values: Record<string, string | number> = {}) =>
    (TEXT[lang][key] ?? TEXT.en[key] ?? key).replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
  const code = (enumName: string, value: string) => CODES[lang][enumName]?.[value] ?? CODES.en[enumName]?.[value] ?? value;
  return { lang, dir: RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr', text, code };
}

/** For the completeness test: every key of every language. */
export const PRINT_CATALOGUE = { TEXT, CODES };
