import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { readJsonPackage } from '../../src/hsds/import-package';
import { check, schemaProblems, type Problem } from '../../src/hsds/import-validate';
import { fees, schedules } from '../../src/hsds/import-plan';

/** Reading HSDS packages into records, without a server: shapes, nesting, the tabular form, schema pointers. */
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'hsds');
const text = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');

describe('HSDS packages', () => {
  it('one service object: its organization, service_at_locations and their locations become records', () => {
    const pkg = readJsonPackage(text('service_full.json'));
    expect(pkg.organizations.map((r) => [r.id, r.source])).toEqual([['d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610', '/organization']]);
    expect(pkg.locations.map((r) => [r.id, r.source, r.parentOrganizationId])).toEqual([
      ['3a19ff88-4620-4d17-9830-ac1d859eb5d5', '/organization/locations/0', 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610']]);
    expect(pkg.services).toHaveLength(1);
    expect(pkg.services[0].data.service_at_locations[0]).toMatchObject({ id: 'e94c9f38-1e8f-4564-91d4-d53501ab1765', location_id: '3a19ff88-4620-4d17-9830-ac1d859eb5d5' });
    expect(pkg.services[0].data.service_at_locations[0].location).toBeUndefined();
    expect([...pkg.terms.keys()]).toEqual(['3f7b145d-84af-42d7-8fae-eaca714b02b2']);
  });

  it('the tabular form joins each row to its most specific parent, and names rows whose parents are missing', () => {
    const pkg = readJsonPackage(JSON.stringify({
      'services.csv': [{ id: 'a0000000-0000-4000-8000-000000000001', name: 'S', status: 'active', minimum_age: '12' }],
      'service_at_location.csv': [{ id: 'a0000000-0000-4000-8000-000000000002', service_id: 'a0000000-0000-4000-8000-000000000001', location_id: 'a0000000-0000-4000-8000-000000000003' }],
      'schedules.csv': [{ id: 'a0000000-0000-4000-8000-000000000004', service_id: 'a0000000-0000-4000-8000-000000000001', service_at_location_id: 'a0000000-0000-4000-8000-000000000002', byday: 'MO', opens_at: '09:00', closes_at: '12:00' },
        { id: 'a0000000-0000-4000-8000-000000000005', service_id: 'a0000000-0000-4000-8000-000000000009' }],
    }));
    const service = pkg.services[0];
    expect(service.data.minimum_age).toBe(12);
    expect(service.data.schedules).toEqual([]);
    expect(service.data.service_at_locations[0].schedules).toHaveLength(1);
    expect(pkg.warnings).toEqual([expect.stringMatching(/^\/schedules\.csv\/1: none of its parents/)]);
  });

  it('schema problems carry JSON pointers', () => {
    const service = JSON.parse(text('service_full.json'));
    delete service.status;
    service.cost_options[0].amount = 'x';
    expect(schemaProblems('SERVICE', service)).toEqual([
      { pointer: '/status', message: 'is required (HSDS 3.0)' },
      { pointer: '/cost_options/0/amount', message: 'must be number (HSDS 3.0)' },
    ]);
  });

  it('hours, closures and prices', () => {
    const problems: any[] = [];
    const notes: string[] = [];
    expect(schedules(problems, notes, '/schedules', [
      { byday: 'MO,TU', opens_at: '09:00:00', closes_at: '13:00' }, { valid_from: '2026-01-01', valid_to: '2026-01-02', description: 'New year' },
      { byday: 'WE', opens_at: '18:00', closes_at: '08:00' }], 'en'))
      .toEqual({ hours: [{ day: 'MONDAY', opens: '09:00', closes: '13:00' }, { day: 'TUESDAY', opens: '09:00', closes: '13:00' }], closures: [{ from: '2026-01-01', to: '2026-01-02', reasons: { en: 'New year' } }], open24Hours: false, outreach: [] });
    expect(problems).toEqual([{ pointer: '/schedules/2/closes_at', message: expect.stringMatching(/must be after opens_at/) }]);
    // open around the clock (every day 00:00-23:59, as our export writes it), and an outreach visit (one date, with hours)
    expect(schedules([], [], '/schedules', [{ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00:00', closes_at: '23:59:59' },
      { dtstart: '2026-03-02', valid_from: '2026-03-02', valid_to: '2026-03-02', count: 1, opens_at: '09:00:00', closes_at: '12:00:00', notes: 'Market square' }], 'en'))
      .toEqual({ hours: [], closures: [], open24Hours: true, outreach: [{ date: '2026-03-02', opens: '09:00', closes: '12:00', areaCode: null, place: 'Market square', pointer: '/schedules/1' }] });
    const p2: any[] = [];
    expect(fees(p2, [{ amount: 35, currency: 'gbp', option: 'Per session' }], 'en', null, null)).toEqual({ kind: 'FEE', options: [{ amount: 35, currency: 'GBP', descriptions: { en: 'Per session' } }] });
    expect(fees(p2, [{ amount: 35 }], 'en', null, null).kind).toBe('FEE');
    expect(p2).toEqual([{ pointer: '/cost_options/0/currency', message: expect.stringMatching(/give the currency/) }]);
  });

  it("an agency's country travels as the directory holds it (a private-use code too); an address's country stays ISO", () => {
    const problems: Problem[] = [];
    expect(check.agencyCountry(problems, '/attributes/1/value', 'XA')).toBe('XA');
    expect(check.agencyCountry(problems, '/attributes/1/value', 'ne')).toBe('NE');
    expect(problems).toEqual([]);
    check.agencyCountry(problems, '/attributes/1/value', 'NER');
    expect(problems.map((p) => p.pointer)).toEqual(['/attributes/1/value']);
    const addressProblems: Problem[] = [];
    check.country(addressProblems, '/addresses/0/country', 'XA');
    expect(addressProblems).toHaveLength(1);
  });
});
