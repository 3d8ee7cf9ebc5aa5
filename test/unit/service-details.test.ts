import { services } from '../../seed/demo-data';
import { isCountryCode, isCurrencyCode, isLanguageCode, isPhoneNumber } from '../../src/shared/codes';
import { Weekday } from '../../src/directory/enums';
import { isOpenAt, localTime, visitUnderWay } from '../../src/directory/schedule';

describe('standard codes of the directory', () => {
  it('accepts real ISO codes and refuses look-alikes', () => {
    expect(['NE', 'SD', 'ML', 'XK'].every(isCountryCode)).toBe(true);
    expect(['ZZ', 'EU', 'ne', 'NER', ''].some(isCountryCode)).toBe(false);
    expect(['XOF', 'SDG', 'EUR', 'USD'].every(isCurrencyCode)).toBe(true);
    expect(['ABC', 'XXX', 'XAU', 'xof', 'CFA'].some(isCurrencyCode)).toBe(false);
    expect(['fr', 'ha', 'ti', 'tmh', 'bm', 'snk'].every(isLanguageCode)).toBe(true);
    expect(['xx', 'qq', 'und', 'zxx', 'FR', 'french', 'f'].some(isLanguageCode)).toBe(false);
  });

  it('takes international phone numbers, with the separators people write', () => {
    expect(['+227 20 72 00 00', '+249-912-000-000', '+1 (212) 555-0100', '+94000000001'].every(isPhoneNumber)).toBe(true);
    expect(['20 72 00 00', '+0 20 72 00 00', '+227 12', '+227 CALL', '++227 20 72 00 00', `+${'1'.repeat(16)}`].some(isPhoneNumber)).toBe(false);
  });

  it('every demo service carries details the API would accept', () => {
    for (const s of services) {
      const d = s.details;
      const where = `${s.names.en}`;
      for (const c of d.contacts) {
        expect({ where, phone: c.phone === undefined || isPhoneNumber(c.phone) }).toEqual({ where, phone: true });
        expect({ where, reachable: !!(c.phone || c.email) }).toEqual({ where, reachable: true });
        expect({ where, languages: c.languages.every(isLanguageCode) }).toEqual({ where, languages: true });
      }
      expect({ where, interpretation: d.interpretation.languages.every(isLanguageCode) }).toEqual({ where, interpretation: true });
      expect({ where, nationalities: [...d.nationalities, ...d.excludedNationalities].every(isCountryCode) }).toEqual({ where, nationalities: true });
      expect({ where, currencies: d.fees.options.every((o) => o.currency === undefined || isCurrencyCode(o.currency)) }).toEqual({ where, currencies: true });
      expect({ where, free: d.fees.kind === 'FREE' }).toEqual({ where, free: s.costFree });
      expect({ where, closures: [...d.closures, ...d.sites.flatMap((x) => x.closures ?? [])].every((c) => c.from <= c.to) }).toEqual({ where, closures: true });
      expect({ where, sites: d.sites.every((x) => s.locations.includes(x.location)) }).toEqual({ where, sites: true });
      expect({ where, described: !!d.eligibility.en && !!d.eligibility.fr && d.standards.length > 0 && d.contacts.length > 0 }).toEqual({ where, described: true });
    }
  });
});

describe('open at an instant (schedule.ts)', () => {
  const weekdays = [{ day: Weekday.MONDAY, opens: '08:00', closes: '12:00' }];

  it('reads days and times in the time zone, closing time excluded', () => {
    expect(localTime(new Date('2031-03-03T07:30:00Z'), 'Africa/Niamey')).toEqual({ date: '2031-03-03', day: 'MONDAY', time: '08:30' });
    const schedule = { open24Hours: false, openingHours: weekdays, timezone: 'Africa/Niamey', closures: [] };
    expect(isOpenAt(schedule, new Date('2031-03-03T06:59:00Z'))).toBe(false);
    expect(isOpenAt(schedule, new Date('2031-03-03T07:00:00Z'))).toBe(true);
    expect(isOpenAt(schedule, new Date('2031-03-03T11:00:00Z'))).toBe(false);
  });

  it('is closed on the days of a closure, even around the clock', () => {
    const closures = [{ from: '2031-03-03', to: '2031-03-04' }];
    expect(isOpenAt({ open24Hours: true, openingHours: [], timezone: 'UTC', closures }, new Date('2031-03-04T23:59:00Z'))).toBe(false);
    expect(isOpenAt({ open24Hours: true, openingHours: [], timezone: 'UTC', closures }, new Date('2031-03-05T00:00:00Z'))).toBe(true);
    // the local date decides: 23:30 UTC on the 2nd is already the 3rd in Khartoum
    expect(isOpenAt({ open24Hours: true, openingHours: [], timezone: 'Africa/Khartoum', closures }, new Date('2031-03-02T23:30:00Z'))).toBe(false);
  });

  it('counts a mobile team as open during a visit', () => {
    const visits = [{ date: '2031-03-05', opens: '09:00', closes: '13:00', areaId: 'x', places: {} }];
    expect(visitUnderWay(visits, [], 'UTC', new Date('2031-03-05T10:00:00Z'))).toBe(true);
    expect(visitUnderWay(visits, [], 'UTC', new Date('2031-03-05T13:00:00Z'))).toBe(false);
    expect(visitUnderWay(visits, [{ from: '2031-03-05', to: '2031-03-05' }], 'UTC', new Date('2031-03-05T10:00:00Z'))).toBe(false);
  });
});
