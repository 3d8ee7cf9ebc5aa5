import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What decides whether a referral makes sense (eligibility, documents, fees, accessibility,
 * interpretation, standards, contacts, closures, outreach) on services, and hours, capacity and closures
 * per site on service_locations (HSDS service_at_location). Every new column is nullable or has a
 * default, so rows written before (and the bench's bulk seeder) stay valid.
 *
 * The filters a case manager uses join the facets of `search_keys` (see SearchKeys): the column is
 * generated, so it is dropped and added again with the extra keys of service_detail_keys().
 */
export class ServiceDetails1763902300000 implements MigrationInterface {
  name = 'ServiceDetails1763902300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE services
        ADD COLUMN eligibility_descriptions jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN documents_required boolean,
        ADD COLUMN accepts_undocumented boolean,
        ADD COLUMN eligible_nationalities text[] NOT NULL DEFAULT '{}',
        ADD COLUMN excluded_nationalities text[] NOT NULL DEFAULT '{}',
        ADD COLUMN required_documents jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN fee_kind text CHECK (fee_kind IN ('FREE','FEE','SLIDING_SCALE')),
        ADD COLUMN cost_options jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN fees_descriptions jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN accessibility text[] NOT NULL DEFAULT '{}',
        ADD COLUMN accessibility_details jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN interpretation_languages text[] NOT NULL DEFAULT '{}',
        ADD COLUMN interpretation_by_phone boolean NOT NULL DEFAULT false,
        ADD COLUMN interpretation_in_person boolean NOT NULL DEFAULT false,
        ADD COLUMN interpretation_notes jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN standards text[] NOT NULL DEFAULT '{}',
        ADD COLUMN contacts jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN closures jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN outreach jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN site_details boolean NOT NULL DEFAULT false,
        ADD COLUMN capacity_per_site boolean NOT NULL DEFAULT false`);
    await q.query(`
      ALTER TABLE service_locations
        ADD COLUMN opening_hours jsonb,
        ADD COLUMN open_24_hours boolean,
        ADD COLUMN timezone text,
        ADD COLUMN capacity_available int CHECK (capacity_available >= 0),
        ADD COLUMN capacity_total int CHECK (capacity_total >= 0),
        ADD COLUMN capacity_updated_at timestamptz,
        ADD COLUMN closures jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN notes jsonb NOT NULL DEFAULT '{}',
        ADD CONSTRAINT service_locations_capacity_check CHECK (capacity_available IS NULL OR capacity_total IS NULL OR capacity_available <= capacity_total)`);

    await q.query(`
      CREATE FUNCTION service_detail_keys(cost_free boolean, fee_kind text, documents_required boolean, accepts_undocumented boolean,
                                          nationalities text[], excluded_nationalities text[], accessibility text[],
                                          interpretation text[], interpretation_by_phone boolean, standards text[])
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT array_to_tsvector(
          ARRAY['§fee:' || CASE WHEN cost_free THEN 'FREE' ELSE coalesce(nullif(fee_kind, 'FREE'), 'FEE') END]
          || CASE WHEN documents_required IS NULL THEN '{}'::text[] WHEN documents_required THEN ARRAY['§dr:yes'] ELSE ARRAY['§dr:no'] END
          || CASE WHEN accepts_undocumented IS NULL THEN '{}'::text[] WHEN accepts_undocumented THEN ARRAY['§nd:yes'] ELSE ARRAY['§nd:no'] END
          || CASE WHEN cardinality(nationalities) = 0 THEN ARRAY['§n:ALL'] ELSE ARRAY(SELECT '§n:' || x FROM unnest(nationalities) x) END
          || ARRAY(SELECT '§nx:' || x FROM unnest(excluded_nationalities) x)
          || ARRAY(SELECT '§x:' || x FROM unnest(accessibility) x)
          || ARRAY(SELECT '§i:' || x FROM unnest(interpretation) x)
          || CASE WHEN interpretation_by_phone THEN ARRAY['§ip:yes'] ELSE '{}'::text[] END
          || ARRAY(SELECT '§st:' || x FROM unnest(standards) x))
      $$`);
    await q.query(`ALTER TABLE services DROP COLUMN search_keys`);
    await q.query(`
      ALTER TABLE services ADD COLUMN search_keys tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', search_document)
        || service_facet_keys(status, agency_id, category_codes, area_closure, coverage_codes, populations, genders, languages, channels)
        || service_detail_keys(cost_free, fee_kind, documents_required, accepts_undocumented, eligible_nationalities, excluded_nationalities,
                               accessibility, interpretation_languages, interpretation_by_phone, standards)) STORED`);
    await q.query(`CREATE INDEX services_search_keys_idx ON services USING gin (search_keys)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE services DROP COLUMN search_keys`);
    await q.query(`
      ALTER TABLE services ADD COLUMN search_keys tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', search_document)
        || service_facet_keys(status, agency_id, category_codes, area_closure, coverage_codes, populations, genders, languages, channels)) STORED`);
    await q.query(`CREATE INDEX services_search_keys_idx ON services USING gin (search_keys)`);
    await q.query(`DROP FUNCTION IF EXISTS service_detail_keys(boolean, text, boolean, boolean, text[], text[], text[], text[], boolean, text[])`);
    await q.query(`
      ALTER TABLE service_locations
        DROP CONSTRAINT IF EXISTS service_locations_capacity_check,
        DROP COLUMN opening_hours, DROP COLUMN open_24_hours, DROP COLUMN timezone, DROP COLUMN capacity_available,
        DROP COLUMN capacity_total, DROP COLUMN capacity_updated_at, DROP COLUMN closures, DROP COLUMN notes`);
    await q.query(`
      ALTER TABLE services
        DROP COLUMN eligibility_descriptions, DROP COLUMN documents_required, DROP COLUMN accepts_undocumented,
        DROP COLUMN eligible_nationalities, DROP COLUMN excluded_nationalities, DROP COLUMN required_documents, DROP COLUMN fee_kind,
        DROP COLUMN cost_options, DROP COLUMN fees_descriptions, DROP COLUMN accessibility, DROP COLUMN accessibility_details,
        DROP COLUMN interpretation_languages, DROP COLUMN interpretation_by_phone, DROP COLUMN interpretation_in_person,
        DROP COLUMN interpretation_notes, DROP COLUMN standards, DROP COLUMN contacts, DROP COLUMN closures, DROP COLUMN outreach,
        DROP COLUMN site_details, DROP COLUMN capacity_per_site`);
  }
}
