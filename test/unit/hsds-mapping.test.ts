import 'reflect-metadata';
import type { ServiceCategory } from '../../src/directory/entities';
import { Weekday } from '../../src/directory/enums';
import {
  CATEGORY_TAXONOMY, categoryCodeOfTerm, categoryTerm, contactHoursText, FIXED_TAXONOMIES, fixedTerm, hsdsId, hsdsTaxonomies, hsdsTerms, nameUuid,
  parseContactHours, serviceAtLocationId, taxonomyId, taxonomyOfId, termId, termOfId, TAXONOMY,
} from '../../src/hsds/mapping';
import { HSDS_TABLES } from '../../src/hsds/tables';
import { HSDS_DIR, schemaFile, tableColumns } from '../support/hsds-schemas';

const category = (code: string, names: Record<string, string>, retired = false): ServiceCategory =>
  ({ code, names, parentCode: code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null, sortOrder: 0, retiredAt: retired ? new Date() : null, retiredBy: null } as ServiceCategory);

describe('HSDS mapping', () => {
  describe('the tables of the data package', () => {
    it('finds the HSDS schemas beside the checkout', () => {
      expect(HSDS_DIR).toBeDefined();
    });

    it.each(HSDS_TABLES.map((t) => [t.name, t] as const))('%s has the columns, file and required fields of its HSDS schema', (name, table) => {
      const schema = schemaFile(`${name}.json`);
      expect(table.path).toBe(schema.path);
      expect(table.fields.map((f) => f.name)).toEqual(tableColumns(name));
      const required = new Set([...(schema.required ?? []), ...(schema.tabular_required ?? [])]);
      for (const f of table.fields) {
        expect({ field: f.name, required: f.constraints.required }).toEqual({ field: f.name, required: required.has(f.name) });
        expect({ field: f.name, type: f.type }).toEqual({ field: f.name, type: schema.properties[f.name].datapackage_type ?? schema.properties[f.name].type });
      }
    });
  });

  describe('ids', () => {
    it('are UUIDs (name-based, version 3 layout), the same for the same record, different for others', () => {
      const a = hsdsId('phone', 'x', 1);
      expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(hsdsId('phone', 'x', 1)).toBe(a);
      expect(hsdsId('phone', 'x', 2)).not.toBe(a);
      expect(nameUuid('mrn:phone:x:1')).toBe(a);
      // the site id ignores the case of the ids it is made of
      expect(serviceAtLocationId('AB', 'CD')).toBe(serviceAtLocationId('ab', 'cd'));
    });
  });

  describe('taxonomies', () => {
    const categories = [category('health', { en: 'Health', fr: 'Santé' }), category('health.srh', { en: 'Sexual and reproductive health' }), category('old', { en: 'Old' }, true)];

    it('a category is a term of mrn-service-categories whose code is the category code, under its parent\'s term', () => {
      const term = categoryTerm(categories[1], 'fr');
      expect(term).toMatchObject({
        id: termId(CATEGORY_TAXONOMY, 'health.srh'), code: 'health.srh', name: 'Sexual and reproductive health', language: 'en',
        parent_id: termId(CATEGORY_TAXONOMY, 'health'), taxonomy: CATEGORY_TAXONOMY, taxonomy_id: taxonomyId(CATEGORY_TAXONOMY),
      });
      expect(categoryTerm(categories[0], 'fr')).toMatchObject({ name: 'Santé', language: 'fr' });
      expect(categoryTerm(categories[2], 'en').description).toMatch(/retired/);
      // parents before children
      expect(hsdsTerms([...categories].reverse(), 'en').slice(0, 3).map((t) => t.code)).toEqual(['health', 'old', 'health.srh']);
    });

    it('gives the importer the inverse: the category code of a term, by taxonomy name, taxonomy id, taxonomy_detail or term id', () => {
      expect(categoryCodeOfTerm(categoryTerm(categories[1], 'en'))).toBe('health.srh');
      expect(categoryCodeOfTerm({ id: 'x', code: 'health', taxonomy: CATEGORY_TAXONOMY })).toBe('health');
      expect(categoryCodeOfTerm({ id: 'x', code: 'health', taxonomy_id: taxonomyId(CATEGORY_TAXONOMY).toUpperCase() })).toBe('health');
      expect(categoryCodeOfTerm({ id: 'x', code: 'health', taxonomy_detail: { id: 'y', name: CATEGORY_TAXONOMY, description: '' } })).toBe('health');
      expect(categoryCodeOfTerm({ id: termId(CATEGORY_TAXONOMY, 'health'), code: 'health' })).toBe('health');
      // another taxonomy's term goes through the admin's mapping table, never taken for a category
      expect(categoryCodeOfTerm({ id: 'x', code: 'health', taxonomy: 'openeligibility' })).toBeNull();
      expect(categoryCodeOfTerm(fixedTerm(TAXONOMY.POPULATIONS, 'ALL'))).toBeNull();
    });

    it('knows each term and taxonomy it made by id, and no other', () => {
      expect(termOfId(termId(CATEGORY_TAXONOMY, 'health.srh'), categories.map((c) => c.code))).toEqual({ taxonomy: CATEGORY_TAXONOMY, code: 'health.srh' });
      for (const t of FIXED_TAXONOMIES) {
        for (const term of t.terms) expect(termOfId(fixedTerm(t.name, term.code).id, [])).toEqual({ taxonomy: t.name, code: term.code });
        expect(taxonomyOfId(taxonomyId(t.name))).toBe(t.name);
      }
      expect(termOfId('00000000-0000-0000-0000-000000000000', ['health'])).toBeNull();
      expect(taxonomyOfId('00000000-0000-0000-0000-000000000000')).toBeNull();
      const ids = hsdsTerms(categories, 'en').map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(hsdsTaxonomies().map((t) => t.id)).size).toBe(hsdsTaxonomies().length);
    });
  });

  describe('contact hours', () => {
    it('are written as text on the phone and read back', () => {
      const hours = [
        { day: Weekday.MONDAY, opens: '08:00', closes: '17:00' }, { day: Weekday.TUESDAY, opens: '08:00', closes: '17:00' },
        { day: Weekday.SATURDAY, opens: '09:00', closes: '12:00' },
      ];
      const text = contactHoursText(hours, false, 'Africa/Niamey')!;
      expect(text).toBe('Answers MO,TU 08:00-17:00; SA 09:00-12:00 (Africa/Niamey)');
      expect(parseContactHours(text)).toEqual({ always: false, hours });
      expect(parseContactHours(contactHoursText([], true, 'UTC'))).toEqual({ always: true, hours: [] });
      expect(contactHoursText([], false, 'UTC')).toBeUndefined();
      expect(parseContactHours('Call us any time')).toBeNull();
    });
  });
});
