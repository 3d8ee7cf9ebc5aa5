/**
 * The words of the subject access page, in the languages the person may read or have read out to them.
 * English is complete; another language may lack a label, which then falls back to English (and a field
 * or code with no label at all to the data catalogue's description or the code itself).
 */

export type Lang = 'en' | 'fr' | 'ar';
export const PAGE_LANGUAGES: Lang[] = ['en', 'fr', 'ar'];
/** Written right to left. */
export const RTL: ReadonlySet<string> = new Set(['ar']);

/** The first of the person's languages (preferred first) with a translation, or `requested` when it has one; else English. */
export function pageLanguage(personLanguages: readonly string[], requested?: string | null): Lang {
  const known = (l: string | null | undefined) => (l && (PAGE_LANGUAGES as string[]).includes(l.toLowerCase()) ? (l.toLowerCase() as Lang) : null);
  return known(requested) ?? personLanguages.map(known).find((l) => l) ?? 'en';
}

type Words = Record<string, string>;

/** The page's own sentences; {agency}, {code} and {n} are filled in. */
const TEXT: Record<Lang, Words> = {
  en: {
    title: 'Your personal data: your own copy',
    intro: 'This document lists everything {agency} holds about you under the reference {code}: the information recorded, the consents you gave or refused, the referrals made for you, and which organisations received or saw your information, and when.',
    rights: 'You may ask for anything here to be corrected, and you may withdraw a consent at any time: speak to your case worker or to the data protection officer of {agency}.',
    reference: 'Reference', heldBy: 'Held by', preparedOn: 'Prepared on', caseStatus: 'Case status', openedOn: 'Case opened on', lastChanged: 'Last changed on',
    sectionFields: 'What we hold about you', sectionConsents: 'Your consents', sectionReferrals: 'Referrals made for you', sectionDisclosures: 'Who received or saw your information',
    information: 'Information', recorded: 'Recorded', notRecorded: 'Not recorded', none: 'None', sensitive: 'sensitive', yes: 'Yes', no: 'No',
    decision: 'Decision', recordedOn: 'Recorded on', purposes: 'Purposes', recipients: 'Organisations it allows', categories: 'Kinds of information', method: 'How it was given',
    givenBy: 'Given by', guardian: 'Guardian', language: 'Language', interpreter: 'Interpreter present', validUntil: 'Valid until', state: 'Now',
    withdrawnOn: 'Withdrawn on', withdrawalReason: 'Reason given', replacedOn: 'Replaced on', evidence: 'Where the record is kept', allCategories: 'All kinds',
    noConsents: 'No consent is recorded.', noReferrals: 'You have not been referred to another organisation.',
    sentOn: 'Sent on', from: 'From', to: 'To', service: 'Service', status: 'Status', priority: 'Priority', basis: 'Legal basis', shared: 'Information shared',
    onlyReference: 'Only your reference was shared', why: 'Why', answeredOn: 'Answered on', declineReason: 'Reason for declining', completedOn: 'Completed on', outcome: 'Outcome',
    cancelledOn: 'Cancelled on', cancelReason: 'Reason for cancelling', expiredOn: 'Expired on', emergency: 'Emergency justification',
    when: 'When', organisation: 'Organisation', whatHappened: 'What happened', sentToThem: 'Sent to them', seenByThem: 'Seen by them',
    messagesRead: '{n} message(s) about your referral read', noDisclosures: 'No other organisation has received or seen your information.',
    inTotal: 'In total', firstLast: 'first {first}, last {last}', reads: '{n} time(s) seen',
    footer: 'This copy is confidential: keep it somewhere safe. Prepared by {agency}.', page: 'Page',
    erased: 'Erased', erasedNotice: 'Your personal information in this record was erased on {date} ({reason}): it is no longer held. What remains is the reference, dates and which organisations were involved.',
  },
  fr: {
    title: 'Vos données personnelles : votre copie',
    intro: 'Ce document présente tout ce que {agency} détient à votre sujet sous la référence {code} : les informations enregistrées, les consentements que vous avez donnés ou refusés, les orientations faites pour vous, et quelles organisations ont reçu ou consulté vos informations, et quand.',
    rights: 'Vous pouvez demander la correction de toute information et retirer un consentement à tout moment : adressez-vous à votre travailleur social ou au délégué à la protection des données de {agency}.',
    reference: 'Référence', heldBy: 'Détenues par', preparedOn: 'Établi le', caseStatus: 'Statut du dossier', openedOn: 'Dossier ouvert le', lastChanged: 'Dernière modification le',
    sectionFields: 'Ce que nous détenons à votre sujet', sectionConsents: 'Vos consentements', sectionReferrals: 'Orientations faites pour vous', sectionDisclosures: 'Qui a reçu ou consulté vos informations',
    information: 'Information', recorded: 'Enregistré', notRecorded: 'Non renseigné', none: 'Aucun', sensitive: 'sensible', yes: 'Oui', no: 'Non',
    decision: 'Décision', recordedOn: 'Enregistré le', purposes: 'Finalités', recipients: 'Organisations autorisées', categories: 'Types d\'informations', method: 'Forme',
    givenBy: 'Donné par', guardian: 'Tuteur', language: 'Langue', interpreter: 'Avec interprète', validUntil: 'Valable jusqu\'au', state: 'Aujourd\'hui',
    withdrawnOn: 'Retiré le', withdrawalReason: 'Motif donné', replacedOn: 'Remplacé le', evidence: 'Où la preuve est conservée', allCategories: 'Tous types',
    noConsents: 'Aucun consentement n\'est enregistré.', noReferrals: 'Vous n\'avez pas été orienté(e) vers une autre organisation.',
    sentOn: 'Envoyée le', from: 'De', to: 'Vers', service: 'Service', status: 'Statut', priority: 'Priorité', basis: 'Base légale', shared: 'Informations transmises',
    onlyReference: 'Seule votre référence a été transmise', why: 'Motif', answeredOn: 'Réponse le', declineReason: 'Motif du refus', completedOn: 'Terminée le', outcome: 'Résultat',
    cancelledOn: 'Annulée le', cancelReason: 'Motif de l\'annulation', expiredOn: 'Expirée le', emergency: 'Justification de l\'urgence',
    when: 'Quand', organisation: 'Organisation', whatHappened: 'Ce qui s\'est passé', sentToThem: 'Transmises', seenByThem: 'Consultées',
    messagesRead: '{n} message(s) sur votre orientation lu(s)', noDisclosures: 'Aucune autre organisation n\'a reçu ni consulté vos informations.',
    inTotal: 'Au total', firstLast: 'première fois {first}, dernière fois {last}', reads: 'consultées {n} fois',
    footer: 'Cette copie est confidentielle : conservez-la en lieu sûr. Établie par {agency}.', page: 'Page',
    erased: 'Effacé', erasedNotice: 'Vos informations personnelles dans ce dossier ont été effacées le {date} ({reason}) : elles ne sont plus détenues. Restent la référence, les dates et les organisations concernées.',
  },
  ar: {
    title: 'بياناتك الشخصية: نسختك الخاصة',
    intro: 'تعرض هذه الوثيقة كل ما تحتفظ به {agency} عنك تحت المرجع {code}: المعلومات المسجلة، والموافقات التي قدمتها أو رفضتها، والإحالات التي أُجريت لك، والجهات التي تلقت معلوماتك أو اطلعت عليها، ومتى.',
    rights: 'يمكنك طلب تصحيح أي معلومة هنا، ويمكنك سحب موافقتك في أي وقت: تحدث إلى المسؤول عن ملفك أو إلى مسؤول حماية البيانات في {agency}.',
    reference: 'المرجع', heldBy: 'الجهة الحائزة', preparedOn: 'تاريخ الإعداد', caseStatus: 'حالة الملف', openedOn: 'تاريخ فتح الملف', lastChanged: 'آخر تعديل',
    sectionFields: 'المعلومات التي نحتفظ بها عنك', sectionConsents: 'موافقاتك', sectionReferrals: 'الإحالات التي أُجريت لك', sectionDisclosures: 'من تلقى معلوماتك أو اطلع عليها',
    information: 'المعلومة', recorded: 'المسجَّل', notRecorded: 'غير مسجل', none: 'لا يوجد', sensitive: 'حساسة', yes: 'نعم', no: 'لا',
    decision: 'القرار', recordedOn: 'تاريخ التسجيل', purposes: 'الأغراض', recipients: 'الجهات المأذون لها', categories: 'أنواع المعلومات', method: 'طريقة الموافقة',
    givenBy: 'مقدَّمة من', guardian: 'الوصي', language: 'اللغة', interpreter: 'بحضور مترجم', validUntil: 'صالحة حتى', state: 'الحالة الآن',
    withdrawnOn: 'تاريخ السحب', withdrawalReason: 'السبب المذكور', replacedOn: 'تاريخ الاستبدال', evidence: 'مكان حفظ السجل', allCategories: 'جميع الأنواع',
    noConsents: 'لا توجد موافقة مسجلة.', noReferrals: 'لم تتم إحالتك إلى جهة أخرى.',
    sentOn: 'تاريخ الإرسال', from: 'من', to: 'إلى', service: 'الخدمة', status: 'الحالة', priority: 'الأولوية', basis: 'الأساس القانوني', shared: 'المعلومات المُرسَلة',
    onlyReference: 'لم يُرسَل سوى مرجعك', why: 'السبب', answeredOn: 'تاريخ الرد', declineReason: 'سبب الرفض', completedOn: 'تاريخ الإنجاز', outcome: 'النتيجة',
    cancelledOn: 'تاريخ الإلغاء', cancelReason: 'سبب الإلغاء', expiredOn: 'تاريخ انتهاء المهلة', emergency: 'مبرر الحالة الطارئة',
    when: 'متى', organisation: 'الجهة', whatHappened: 'ما حدث', sentToThem: 'أُرسلت إليها', seenByThem: 'اطلعت عليها',
    messagesRead: 'قُرئت {n} رسالة بشأن إحالتك', noDisclosures: 'لم تتلقَّ أي جهة أخرى معلوماتك ولم تطلع عليها.',
    inTotal: 'الإجمالي', firstLast: 'أول مرة {first}، آخر مرة {last}', reads: 'اطُّلع عليها {n} مرة',
    footer: 'هذه النسخة سرية: احتفظ بها في مكان آمن. أعدّتها {agency}.', page: 'صفحة',
    erased: 'تم محوها', erasedNotice: 'مُحيت معلوماتك الشخصية في هذا الملف بتاريخ {date} ({reason}): لم تعد محفوظة. يبقى المرجع والتواريخ والجهات المعنية.',
  },
};

/** Catalogue fields. */
const FIELDS: Record<Lang, Words> = {
  en: {
    givenName: 'Given name(s)', familyName: 'Family name', otherNames: 'Other names', dateOfBirth: 'Date of birth', photoReference: 'Photo (reference)',
    phone: 'Phone', address: 'Address', emergencyContact: 'Emergency contact', sex: 'Sex', gender: 'Gender', age: 'Age', nationality: 'Nationality',
    languages: 'Languages', literacy: 'Reading and writing', identityDocumentNumber: 'Identity document number', travelDocumentNumber: 'Passport or travel document number',
    migrationPhase: 'Stage of the journey', route: 'Route', transitDetails: 'Transit details', reasonsForMigrating: 'Reasons for migrating',
    vulnerabilities: 'Specific needs', protectionConcerns: 'Protection concerns', healthInformation: 'Health information', disability: 'Disability',
    assessmentSummary: 'Needs assessment', servicesReceived: 'Services received',
  },
  fr: {
    givenName: 'Prénom(s)', familyName: 'Nom de famille', otherNames: 'Autres noms', dateOfBirth: 'Date de naissance', photoReference: 'Photo (référence)',
    phone: 'Téléphone', address: 'Adresse', emergencyContact: 'Personne à contacter en cas d\'urgence', sex: 'Sexe', gender: 'Genre', age: 'Âge', nationality: 'Nationalité',
    languages: 'Langues', literacy: 'Lecture et écriture', identityDocumentNumber: 'Numéro de pièce d\'identité', travelDocumentNumber: 'Numéro de passeport ou de document de voyage',
    migrationPhase: 'Étape du parcours', route: 'Itinéraire', transitDetails: 'Conditions du transit', reasonsForMigrating: 'Raisons du départ',
    vulnerabilities: 'Besoins spécifiques', protectionConcerns: 'Préoccupations de protection', healthInformation: 'Informations de santé', disability: 'Handicap',
    assessmentSummary: 'Évaluation des besoins', servicesReceived: 'Services reçus',
  },
  ar: {
    givenName: 'الاسم الأول', familyName: 'اسم العائلة', otherNames: 'أسماء أخرى', dateOfBirth: 'تاريخ الميلاد', photoReference: 'الصورة (مرجع)',
    phone: 'الهاتف', address: 'العنوان', emergencyContact: 'جهة الاتصال في حالات الطوارئ', sex: 'الجنس', gender: 'النوع الاجتماعي', age: 'العمر', nationality: 'الجنسية',
    languages: 'اللغات', literacy: 'القراءة والكتابة', identityDocumentNumber: 'رقم وثيقة الهوية', travelDocumentNumber: 'رقم جواز السفر أو وثيقة السفر',
    migrationPhase: 'مرحلة الرحلة', route: 'مسار الرحلة', transitDetails: 'تفاصيل العبور', reasonsForMigrating: 'أسباب الهجرة',
    vulnerabilities: 'الاحتياجات الخاصة', protectionConcerns: 'مخاوف الحماية', healthInformation: 'المعلومات الصحية', disability: 'الإعاقة',
    assessmentSummary: 'تقييم الاحتياجات', servicesReceived: 'الخدمات المقدَّمة',
  },
};

/** Codes, by the enum they come from. */
const CODES: Record<Lang, Record<string, Words>> = {
  en: {
    DataCategory: { IDENTITY: 'Identity', CONTACT: 'Contact', DEMOGRAPHICS: 'About you', DOCUMENTS: 'Documents', MIGRATION: 'Journey', PROTECTION: 'Protection', HEALTH: 'Health', ASSESSMENT: 'Assessment and services' },
    CaseStatus: { OPEN: 'Open', CLOSED: 'Closed' },
    CaseErasureReason: {
      RETENTION_PERIOD_ENDED: 'the period it could be kept ended', PERSON_REQUESTED: 'at your request', CONSENT_WITHDRAWN: 'you withdrew your consent',
      NO_LONGER_NEEDED: 'it was no longer needed', LEGAL_OBLIGATION: 'required by law',
    },
    Sex: { FEMALE: 'Female', MALE: 'Male', INTERSEX: 'Intersex', UNKNOWN: 'Not known' },
    MigrationPhase: { BEFORE_DEPARTURE: 'Before departure', IN_TRANSIT: 'In transit', AT_DESTINATION: 'At destination', UPON_RETURN: 'Upon return' },
    Population: {
      ALL: 'Everyone', UNACCOMPANIED_OR_SEPARATED_CHILDREN: 'Unaccompanied or separated child', VICTIMS_OF_TRAFFICKING: 'Survivor of trafficking',
      GBV_SURVIVORS: 'Survivor of gender-based violence', PEOPLE_WITH_DISABILITIES: 'Person with a disability', OLDER_PERSONS: 'Older person', PREGNANT_WOMEN: 'Pregnant woman',
      PEOPLE_WITH_MEDICAL_NEEDS: 'Medical needs', ASYLUM_SEEKERS: 'Asylum seeker', STRANDED_MIGRANTS: 'Stranded migrant', RETURNEES: 'Returnee',
      POTENTIAL_MIGRANTS: 'Thinking of migrating', FAMILIES_OF_MIGRANTS: 'Family of a migrant',
    },
    ConsentDecision: { GRANTED: 'Given', REFUSED: 'Refused' },
    ConsentMethod: { WRITTEN_FORM: 'Signed written form', AUDIO_VIDEO_RECORDING: 'Audio or video recording', VERBAL_CERTIFIED: 'Spoken, certified in writing by a staff member', ASSENT_WITH_GUARDIAN: 'Assent, with a guardian' },
    ConsentGivenBy: { PERSON: 'You', CAREGIVER: 'Your caregiver', GUARDIAN: 'Your guardian', GUARDIANSHIP_AUTHORITY: 'The guardianship authority' },
    ConsentPurpose: { REGISTRATION: 'Registration', REFERRAL: 'Referral to other services', CASE_COORDINATION: 'Coordination of your case', FAMILY_TRACING: 'Family tracing' },
    ConsentState: { ACTIVE: 'In force', REFUSED: 'Refused', WITHDRAWN: 'Withdrawn', EXPIRED: 'Expired', SUPERSEDED: 'Replaced by a later consent' },
    ReferralStatus: { SENT: 'Sent, awaiting an answer', ACCEPTED: 'Accepted', IN_PROGRESS: 'In progress', ON_HOLD: 'On hold', DECLINED: 'Declined', COMPLETED: 'Completed', CANCELLED: 'Cancelled', EXPIRED: 'Expired without an answer' },
    ReferralPriority: { EMERGENCY: 'Emergency', URGENT: 'Urgent', NORMAL: 'Normal' },
    LegalBasis: { CONSENT: 'Your consent', VITAL_INTEREST: 'Emergency, to protect your life or safety' },
    ReferralOutcome: { SERVICE_PROVIDED: 'Service provided', PARTIALLY_PROVIDED: 'Partly provided', NOT_PROVIDED: 'Not provided' },
    DeclineReason: { NO_CAPACITY: 'No place or capacity', NOT_ELIGIBLE: 'Not eligible', SERVICE_NOT_AVAILABLE: 'Service not available', CLIENT_UNREACHABLE: 'Could not reach you', OTHER: 'Other' },
    OutcomeReason: { CLIENT_REFUSED: 'You declined it', CLIENT_UNREACHABLE: 'Could not reach you', NO_LONGER_NEEDED: 'No longer needed', LACK_OF_CAPACITY: 'Lack of capacity', OTHER: 'Other' },
  },
  fr: {
    DataCategory: { IDENTITY: 'Identité', CONTACT: 'Coordonnées', DEMOGRAPHICS: 'Informations générales', DOCUMENTS: 'Documents', MIGRATION: 'Parcours', PROTECTION: 'Protection', HEALTH: 'Santé', ASSESSMENT: 'Évaluation et services' },
    CaseStatus: { OPEN: 'Ouvert', CLOSED: 'Clos' },
    CaseErasureReason: {
      RETENTION_PERIOD_ENDED: 'la durée de conservation a pris fin', PERSON_REQUESTED: 'à votre demande', CONSENT_WITHDRAWN: 'vous avez retiré votre consentement',
      NO_LONGER_NEEDED: 'elles n\'étaient plus nécessaires', LEGAL_OBLIGATION: 'obligation légale',
    },
    Sex: { FEMALE: 'Féminin', MALE: 'Masculin', INTERSEX: 'Intersexe', UNKNOWN: 'Inconnu' },
    MigrationPhase: { BEFORE_DEPARTURE: 'Avant le départ', IN_TRANSIT: 'En transit', AT_DESTINATION: 'À destination', UPON_RETURN: 'Au retour' },
    Population: {
      ALL: 'Tout le monde', UNACCOMPANIED_OR_SEPARATED_CHILDREN: 'Enfant non accompagné ou séparé', VICTIMS_OF_TRAFFICKING: 'Victime de traite',
      GBV_SURVIVORS: 'Survivant(e) de violences basées sur le genre', PEOPLE_WITH_DISABILITIES: 'Personne handicapée', OLDER_PERSONS: 'Personne âgée', PREGNANT_WOMEN: 'Femme enceinte',
      PEOPLE_WITH_MEDICAL_NEEDS: 'Besoins médicaux', ASYLUM_SEEKERS: 'Demandeur d\'asile', STRANDED_MIGRANTS: 'Migrant en détresse', RETURNEES: 'Migrant de retour',
      POTENTIAL_MIGRANTS: 'Envisage de migrer', FAMILIES_OF_MIGRANTS: 'Famille de migrant',
    },
    ConsentDecision: { GRANTED: 'Donné', REFUSED: 'Refusé' },
    ConsentMethod: { WRITTEN_FORM: 'Formulaire écrit signé', AUDIO_VIDEO_RECORDING: 'Enregistrement audio ou vidéo', VERBAL_CERTIFIED: 'Oral, attesté par écrit par un membre du personnel', ASSENT_WITH_GUARDIAN: 'Assentiment, avec un tuteur' },
    ConsentGivenBy: { PERSON: 'Vous-même', CAREGIVER: 'La personne qui prend soin de vous', GUARDIAN: 'Votre tuteur', GUARDIANSHIP_AUTHORITY: 'L\'autorité de tutelle' },
    ConsentPurpose: { REGISTRATION: 'Enregistrement', REFERRAL: 'Orientation vers d\'autres services', CASE_COORDINATION: 'Coordination de votre dossier', FAMILY_TRACING: 'Recherche familiale' },
    ConsentState: { ACTIVE: 'En vigueur', REFUSED: 'Refusé', WITHDRAWN: 'Retiré', EXPIRED: 'Expiré', SUPERSEDED: 'Remplacé par un consentement ultérieur' },
    ReferralStatus: { SENT: 'Envoyée, en attente de réponse', ACCEPTED: 'Acceptée', IN_PROGRESS: 'En cours', ON_HOLD: 'En attente', DECLINED: 'Refusée', COMPLETED: 'Terminée', CANCELLED: 'Annulée', EXPIRED: 'Expirée sans réponse' },
    ReferralPriority: { EMERGENCY: 'Urgence vitale', URGENT: 'Urgente', NORMAL: 'Normale' },
    LegalBasis: { CONSENT: 'Votre consentement', VITAL_INTEREST: 'Urgence, pour protéger votre vie ou votre sécurité' },
    ReferralOutcome: { SERVICE_PROVIDED: 'Service fourni', PARTIALLY_PROVIDED: 'Fourni en partie', NOT_PROVIDED: 'Non fourni' },
    DeclineReason: { NO_CAPACITY: 'Pas de place ou de capacité', NOT_ELIGIBLE: 'Non éligible', SERVICE_NOT_AVAILABLE: 'Service indisponible', CLIENT_UNREACHABLE: 'Vous n\'avez pas pu être joint(e)', OTHER: 'Autre' },
    OutcomeReason: { CLIENT_REFUSED: 'Vous l\'avez refusé', CLIENT_UNREACHABLE: 'Vous n\'avez pas pu être joint(e)', NO_LONGER_NEEDED: 'Plus nécessaire', LACK_OF_CAPACITY: 'Manque de capacité', OTHER: 'Autre' },
  },
  ar: {
    DataCategory: { IDENTITY: 'الهوية', CONTACT: 'بيانات الاتصال', DEMOGRAPHICS: 'معلومات عامة عنك', DOCUMENTS: 'الوثائق', MIGRATION: 'الرحلة', PROTECTION: 'الحماية', HEALTH: 'الصحة', ASSESSMENT: 'التقييم والخدمات' },
    CaseStatus: { OPEN: 'مفتوح', CLOSED: 'مغلق' },
    CaseErasureReason: {
      RETENTION_PERIOD_ENDED: 'انتهت مدة الحفظ', PERSON_REQUESTED: 'بناءً على طلبك', CONSENT_WITHDRAWN: 'سحبت موافقتك',
      NO_LONGER_NEEDED: 'لم تعد لازمة', LEGAL_OBLIGATION: 'بموجب القانون',
    },
    Sex: { FEMALE: 'أنثى', MALE: 'ذكر', INTERSEX: 'ثنائي الجنس', UNKNOWN: 'غير معروف' },
    MigrationPhase: { BEFORE_DEPARTURE: 'قبل المغادرة', IN_TRANSIT: 'في مرحلة العبور', AT_DESTINATION: 'في بلد المقصد', UPON_RETURN: 'عند العودة' },
    Population: {
      ALL: 'الجميع', UNACCOMPANIED_OR_SEPARATED_CHILDREN: 'طفل غير مصحوب أو منفصل عن ذويه', VICTIMS_OF_TRAFFICKING: 'ناجٍ من الاتجار بالبشر',
      GBV_SURVIVORS: 'ناجٍ من العنف القائم على النوع الاجتماعي', PEOPLE_WITH_DISABILITIES: 'شخص ذو إعاقة', OLDER_PERSONS: 'شخص مسن', PREGNANT_WOMEN: 'امرأة حامل',
      PEOPLE_WITH_MEDICAL_NEEDS: 'احتياجات طبية', ASYLUM_SEEKERS: 'طالب لجوء', STRANDED_MIGRANTS: 'مهاجر عالق', RETURNEES: 'عائد',
      POTENTIAL_MIGRANTS: 'يفكر في الهجرة', FAMILIES_OF_MIGRANTS: 'أسرة مهاجر',
    },
    ConsentDecision: { GRANTED: 'ممنوحة', REFUSED: 'مرفوضة' },
    ConsentMethod: { WRITTEN_FORM: 'استمارة مكتوبة موقعة', AUDIO_VIDEO_RECORDING: 'تسجيل صوتي أو مرئي', VERBAL_CERTIFIED: 'شفهية، وثّقها أحد الموظفين كتابيًا', ASSENT_WITH_GUARDIAN: 'قبول بحضور وصي' },
    ConsentGivenBy: { PERSON: 'أنت', CAREGIVER: 'مقدم الرعاية لك', GUARDIAN: 'وصيّك', GUARDIANSHIP_AUTHORITY: 'سلطة الوصاية' },
    ConsentPurpose: { REGISTRATION: 'التسجيل', REFERRAL: 'الإحالة إلى خدمات أخرى', CASE_COORDINATION: 'تنسيق ملفك', FAMILY_TRACING: 'البحث عن أفراد الأسرة' },
    ConsentState: { ACTIVE: 'سارية', REFUSED: 'مرفوضة', WITHDRAWN: 'مسحوبة', EXPIRED: 'منتهية', SUPERSEDED: 'استُبدلت بموافقة لاحقة' },
    ReferralStatus: { SENT: 'مُرسلة بانتظار الرد', ACCEPTED: 'مقبولة', IN_PROGRESS: 'قيد التنفيذ', ON_HOLD: 'معلقة', DECLINED: 'مرفوضة', COMPLETED: 'مكتملة', CANCELLED: 'ملغاة', EXPIRED: 'انتهت مهلتها دون رد' },
    ReferralPriority: { EMERGENCY: 'طارئة', URGENT: 'عاجلة', NORMAL: 'عادية' },
    LegalBasis: { CONSENT: 'موافقتك', VITAL_INTEREST: 'حالة طارئة لحماية حياتك أو سلامتك' },
    ReferralOutcome: { SERVICE_PROVIDED: 'قُدمت الخدمة', PARTIALLY_PROVIDED: 'قُدمت جزئيًا', NOT_PROVIDED: 'لم تُقدَّم' },
    DeclineReason: { NO_CAPACITY: 'لا يوجد مكان أو قدرة', NOT_ELIGIBLE: 'غير مؤهل', SERVICE_NOT_AVAILABLE: 'الخدمة غير متاحة', CLIENT_UNREACHABLE: 'تعذر الوصول إليك', OTHER: 'أخرى' },
    OutcomeReason: { CLIENT_REFUSED: 'رفضتَ الخدمة', CLIENT_UNREACHABLE: 'تعذر الوصول إليك', NO_LONGER_NEEDED: 'لم تعد هناك حاجة', LACK_OF_CAPACITY: 'نقص القدرة', OTHER: 'أخرى' },
  },
};

/** A code read aloud when no label exists: "BEST_INTEREST" -> "Best interest". */
const spoken = (code: string) => {
  const s = code.replace(/_/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** The words of the page in `lang`. */
export function labels(lang: Lang) {
  const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  return {
    lang,
    dir: RTL.has(lang) ? 'rtl' : 'ltr',
    text: (key: string, values: Record<string, string | number> = {}) => fill(TEXT[lang][key] ?? TEXT.en[key] ?? key, values),
    /** A catalogue field's label; `fallback` (the catalogue's description) for a field with none. */
    field: (name: string, fallback?: string) => FIELDS[lang][name] ?? FIELDS.en[name] ?? fallback ?? spoken(name),
    code: (enumName: string, code: string) => CODES[lang][enumName]?.[code] ?? CODES.en[enumName]?.[code] ?? spoken(code),
  };
}
export type Labels = ReturnType<typeof labels>;
