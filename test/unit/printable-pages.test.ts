import 'reflect-metadata';
import { AccessibilityFeature, ContactRole, FeeKind, RequiredDocumentType } from '../../src/directory/details-enums';
import { Agency, Service } from '../../src/directory/entities';
import { Channel, Gender, Population, ServiceStatus } from '../../src/directory/enums';
import { PRINT_CATALOGUE, printLabels, printLanguage } from '../../src/directory/printable-labels';
import { directoryScope, renderSlipHtml, slipScope } from '../../src/directory/printable-page';

describe('the words of the printable directory and the service slip', () => {
  it('has every sentence and every code in English, French and Arabic', () => {
    const enums: Record<string, object> = { Population, Gender, Channel, ContactRole, FeeKind, AccessibilityFeature, RequiredDocumentType, ServiceStatus };
    for (const lang of ['en', 'fr', 'ar'] as const) {
      expect({ lang, missing: Object.keys(PRINT_CATALOGUE.TEXT.en).filter((k) => !PRINT_CATALOGUE.TEXT[lang][k]) }).toEqual({ lang, missing: [] });
      for (const [name, values] of Object.entries(enums)) {
        const missing = Object.values(values).filter((v) => !PRINT_CATALOGUE.CODES[lang][name]?.[v as string]);
        expect({ lang, name, missing }).toEqual({ lang, name, missing: [] });
      }
      // the placeholders of each sentence are those of the English one
      for (const [k, en] of Object.entries(PRINT_CATALOGUE.TEXT.en)) {
        const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect({ lang, k, names: names(PRINT_CATALOGUE.TEXT[lang][k]) }).toEqual({ lang, k, names: names(en) });
      }
    }
  });

  it('falls back to English words for a language without them, and writes Arabic right to left', () => {
    expect(printLanguage('ha')).toBe('en');
    expect(printLanguage('FR')).toBe('fr');
    expect(printLabels('ar').dir).toBe('rtl');
    expect(printLabels('fr').text('servicesCount', { n: 3 })).toBe('3 service(s)');
    expect(printLabels('fr').code('Population', 'NOT_A_CODE')).toBe('NOT_A_CODE');
  });
});

describe('the scope a link is bound to', () => {
  it('compares as text: ids in lower case, categories deduplicated and sorted, services in their order', () => {
    const id = 'C0000000-0000-4000-8000-00000000000A';
    expect(directoryScope(id, 'protection,health, protection')).toEqual({ area: id.toLowerCase(), categories: ['health', 'protection'] });
    expect(directoryScope('NE-1-AGZ', ['health', 'legal,health'])).toEqual({ area: 'NE-1-AGZ', categories: ['health', 'legal'] });
    expect(directoryScope(undefined, undefined)).toEqual({ area: '', categories: [] });
    expect(slipScope(`b,${id}`)).toEqual({ serviceIds: ['b', id.toLowerCase()] });
  });
});

describe('the slip as rendered', () => {
  it('escapes every value and leaves out a withheld location\'s details', () => {
    const service = Object.assign(new Service(), {
      id: 'c0000000-0000-4000-8000-000000000001', agencyId: 'a', status: ServiceStatus.ACTIVE, names: { en: '<img src=x onerror=alert(1)>Help' }, descriptions: {},
      populations: [Population.ALL], genders: [], ageMin: null, ageMax: null, languages: ['fr'], channels: [], timezone: 'Africa/Niamey', openingHours: [], open24Hours: false,
      intakeContactData: {}, howToReferText: {}, costFree: true, feeKind: 'FREE', costOptions: [], feesTexts: {}, requiredDocumentsData: [{ type: RequiredDocumentType.PASSPORT, labels: {}, url: null }],
      eligibilityTexts: {}, documentsRequired: null, acceptsUndocumented: null, eligibleNationalities: [], excludedNationalities: [], accessibilityFeatures: [], accessibilityTexts: {},
      interpretationLanguages: [], interpretationByPhone: false, interpretationInPerson: false, interpretationTexts: {}, standardCodes: [],
      contactsData: [{ role: ContactRole.FOCAL_POINT, name: '"Duty" & co', title: null, phone: '+227 90 00 00 01', email: null, languages: [], hours: [], always: true }],
      closuresData: [], outreachData: [],
    });
    const html = renderSlipHtml({
      generatedAt: new Date('2030-01-01T00:00:00Z'),
      services: [{
        service, agency: Object.assign(new Agency(), { names: { en: 'Aid <i>' }, acronym: null }), categories: [], coverageAreas: [], closures: [], outreach: [],
        sites: [{ confidential: true, facilityType: 'SHELTER', name: null, address: null, locality: null, notes: null, area: null, openingHours: [], open24Hours: true, timezone: 'UTC', closures: [] }],
      }],
    }, 'en');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;Help');
    expect(html).toContain('Aid &lt;i&gt;');
    expect(html).toContain('&quot;Duty&quot; &amp; co');
    expect(html).toContain('Confidential address: contact the focal point (<bdi dir="ltr">+227 90 00 00 01</bdi>)');
    expect(html).toContain('<li data-document="PASSPORT">Passport</li>');
    expect(html).not.toMatch(/<img|<i>|<script/);
  });
});
