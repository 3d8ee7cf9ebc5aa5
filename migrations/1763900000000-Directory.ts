import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, the who/what/where directory and confidential-location partnerships. SQL runs on PostgreSQL 15+ and PGlite. */
export class Directory1763900000000 implements MigrationInterface {
  name = 'Directory1763900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE areas (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        names jsonb NOT NULL,
        level text NOT NULL CHECK (level IN ('COUNTRY','REGION','DISTRICT','LOCALITY')),
        parent_id uuid REFERENCES areas(id),
        country_code char(2) NOT NULL,
        path text NOT NULL UNIQUE,
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        CHECK ((level = 'COUNTRY') = (parent_id IS NULL))
      )`);
    await q.query(`CREATE INDEX areas_parent_idx ON areas (parent_id)`);
    await q.query(`CREATE INDEX areas_path_idx ON areas (path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE agencies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        names jsonb NOT NULL CHECK (jsonb_typeof(names) = 'object' AND names <> '{}'),
        acronym text,
        type text NOT NULL,
        country_code char(2) NOT NULL,
        descriptions jsonb NOT NULL DEFAULT '{}',
        email text,
        phone text,
        website text,
        languages text[] NOT NULL DEFAULT '{}',
        fictional boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    await q.query(`CREATE INDEX agencies_type_idx ON agencies (type)`);
    await q.query(`CREATE INDEX agencies_country_idx ON agencies (country_code)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE,
        name text NOT NULL,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        roles text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE service_categories (
        code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]+(\\.[a-z0-9_]+)*$'),
        names jsonb NOT NULL,
        parent_code text REFERENCES service_categories(code),
        sort_order int NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX service_categories_parent_idx ON service_categories (parent_code)`);

    await q.query(`
      CREATE TABLE locations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        names jsonb NOT NULL,
        facility_type text NOT NULL,
        area_id uuid NOT NULL REFERENCES areas(id),
        locality text,
        address text,
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        confidential boolean NOT NULL DEFAULT false,
        -- exact position, and the one shown to agencies that may not see a confidential address:
        -- snapped to a 0.1 degree grid (about 11 km) so distance search cannot pinpoint a shelter
        geo point GENERATED ALWAYS AS (point(longitude, latitude)) STORED,
        geo_public point GENERATED ALWAYS AS (
          CASE WHEN confidential THEN point(round(longitude * 10) / 10, round(latitude * 10) / 10)
               ELSE point(longitude, latitude) END) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        CHECK ((latitude IS NULL) = (longitude IS NULL))
      )`);
    await q.query(`CREATE INDEX locations_agency_idx ON locations (agency_id)`);
    await q.query(`CREATE INDEX locations_area_idx ON locations (area_id)`);
    await q.query(`CREATE INDEX locations_geo_idx ON locations USING gist (geo)`);
    await q.query(`CREATE INDEX locations_geo_public_idx ON locations USING gist (geo_public)`);

    await q.query(`
      CREATE TABLE services (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        names jsonb NOT NULL CHECK (jsonb_typeof(names) = 'object' AND names <> '{}'),
        descriptions jsonb NOT NULL DEFAULT '{}',
        populations text[] NOT NULL CHECK (cardinality(populations) > 0),
        age_min int CHECK (age_min BETWEEN 0 AND 130),
        age_max int CHECK (age_max BETWEEN 0 AND 130),
        genders text[] NOT NULL DEFAULT '{ALL}',
        languages text[] NOT NULL DEFAULT '{}',
        channels text[] NOT NULL DEFAULT '{}',
        open_24_hours boolean NOT NULL DEFAULT false,
        timezone text NOT NULL DEFAULT 'UTC',
        opening_hours jsonb NOT NULL DEFAULT '[]',
        capacity_available int CHECK (capacity_available >= 0),
        capacity_total int CHECK (capacity_total >= 0),
        capacity_updated_at timestamptz,
        intake_contact jsonb NOT NULL DEFAULT '{}',
        how_to_refer jsonb NOT NULL DEFAULT '{}',
        cost_free boolean NOT NULL DEFAULT true,
        cost_note text,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','TEMPORARILY_CLOSED','INACTIVE')),
        status_reason text,
        last_verified_at timestamptz,
        last_verified_by text,
        last_verified_note text,
        -- derived by the directory service from the rows below, so one index answers each filter
        category_codes text[] NOT NULL DEFAULT '{}',
        area_closure text[] NOT NULL DEFAULT '{}',
        coverage_codes text[] NOT NULL DEFAULT '{}',
        search_document text NOT NULL DEFAULT '',
        search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_document)) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max),
        CHECK (capacity_available IS NULL OR capacity_total IS NULL OR capacity_available <= capacity_total)
      )`);
    await q.query(`CREATE INDEX services_agency_idx ON services (agency_id)`);
    await q.query(`CREATE INDEX services_status_verified_idx ON services (status, last_verified_at)`);
    await q.query(`CREATE INDEX services_categories_idx ON services USING gin (category_codes)`);
    await q.query(`CREATE INDEX services_area_closure_idx ON services USING gin (area_closure)`);
    await q.query(`CREATE INDEX services_coverage_idx ON services USING gin (coverage_codes)`);
    await q.query(`CREATE INDEX services_populations_idx ON services USING gin (populations)`);
    await q.query(`CREATE INDEX services_genders_idx ON services USING gin (genders)`);
    await q.query(`CREATE INDEX services_languages_idx ON services USING gin (languages)`);
    await q.query(`CREATE INDEX services_channels_idx ON services USING gin (channels)`);
    await q.query(`CREATE INDEX services_age_idx ON services (age_min, age_max)`);
    await q.query(`CREATE INDEX services_capacity_idx ON services (capacity_available)`);
    await q.query(`CREATE INDEX services_tsv_idx ON services USING gin (search_tsv)`);
    await q.query(`CREATE INDEX services_trgm_idx ON services USING gin (search_document gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE service_category_links (
        service_id uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
        category_code text NOT NULL REFERENCES service_categories(code),
        PRIMARY KEY (service_id, category_code)
      )`);
    await q.query(`CREATE INDEX service_category_links_category_idx ON service_category_links (category_code)`);
    await q.query(`
      CREATE TABLE service_locations (
        service_id uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
        location_id uuid NOT NULL REFERENCES locations(id),
        PRIMARY KEY (service_id, location_id)
      )`);
    await q.query(`CREATE INDEX service_locations_location_idx ON service_locations (location_id)`);
    await q.query(`
      CREATE TABLE service_areas (
        service_id uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
        area_id uuid NOT NULL REFERENCES areas(id),
        PRIMARY KEY (service_id, area_id)
      )`);
    await q.query(`CREATE INDEX service_areas_area_idx ON service_areas (area_id)`);

    await q.query(`
      CREATE TABLE partnerships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_agency_id uuid NOT NULL REFERENCES agencies(id),
        partner_agency_id uuid NOT NULL REFERENCES agencies(id),
        note text,
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        end_reason text,
        recorded_by text NOT NULL,
        CHECK (provider_agency_id <> partner_agency_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX partnerships_active_idx ON partnerships (provider_agency_id, partner_agency_id) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX partnerships_partner_idx ON partnerships (partner_agency_id) WHERE ended_at IS NULL`);

    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text,
        actor_agency_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_events', 'partnerships', 'service_areas', 'service_locations', 'service_category_links',
      'services', 'locations', 'service_categories', 'users', 'agencies', 'areas',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
