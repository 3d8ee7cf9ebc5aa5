import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../src/config';
import { openDatabase } from '../src/db/data-source';
import { entities } from '../src/entities';
import { DirectoryService } from '../src/directory/directory.service';
import { logger } from '../src/shared/logger';
import { categories as demoCategories } from '../seed/demo-data';
import { isEmpty, loadDemoData } from '../seed/load';

/**
 * `npm run seed:scale -- --services 100000 --referrals 500000 [--force] [--ids-file F]`
 *
 * Fills the database of DATABASE_URL (or the embedded one) with synthetic data at scale for the
 * benchmark (bench/run.ts): agencies, areas in five invented countries (user-assigned ISO codes XA..XE),
 * locations, services, cases with consents, referrals in every state with their history, MoUs, SOPs,
 * data-sharing agreements and five pathways. Everything is generated inside PostgreSQL with
 * INSERT ... SELECT over generate_series, in batches, with progress on stdout; values come from a hash
 * of the row number, so two runs of the same size produce the same data. Every record is fictional.
 *
 * Ids are fixed by row number (scaleId), so the benchmark knows the records it needs without a lookup:
 * agency 1 is the bench receiving agency (its inbox holds thousands of SENT/ACCEPTED referrals whose
 * every disclosed field passes the disclosure check), agency 2 sends, agency 3 receives sendReferral,
 * pathway 1 has exactly ten steps, country XA has 500 districts.
 */

// ---- fixed ids -------------------------------------------------------------------------------

const PREFIX = {
  area: '5ca1a000', agency: '5ca1a001', location: '5ca1a002', service: '5ca1a003', case: '5ca1a004', consent: '5ca1a005',
  referral: '5ca1a006', mou: '5ca1a007', dsa: '5ca1a008', sop: '5ca1a009', sopSeries: '5ca1a00a', pathway: '5ca1a00b', partnership: '5ca1a00c',
} as const;
export type ScaleKind = keyof typeof PREFIX;

/** The fixed id of the n-th scale record of a kind (n >= 1). */
export function scaleId(kind: ScaleKind, n: number): string {
  return `${PREFIX[kind]}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
/** The same, as SQL over an integer expression. */
const idSql = (kind: ScaleKind, n: string) => `('${PREFIX[kind]}-0000-4000-8000-' || lpad(to_hex((${n})::bigint), 12, '0'))::uuid`;
/** A pseudo-random non-negative int from a row number and a salt: the same on every run. */
const h = (x: string, salt: number) => `(hashint8((${x})::bigint * 1000 + ${salt}) & 2147483647)`;

export const COUNTRIES = ['XA', 'XB', 'XC', 'XD', 'XE'];
const COUNTRY_NAMES = ['Xandaria', 'Xebelia', 'Xoriland', 'Xudania', 'Xemora'];
const REGIONS_PER_COUNTRY = 10;
const DISTRICTS_PER_REGION = 50;
const GRID_COLUMNS = 25; // districts per grid row (500 districts = 20 rows x 25 columns per country)
const CELL_LAT = 0.25;
const CELL_LON = 0.2;
/** District numbers (0..499 in their country) of the three cities of every country; the near search is centred on the first. */
const CITY_DISTRICTS = [137, 262, 388];
const countryOrigin = (ci: number) => ({ lat: -25, lon: -40 + ci * 6 }); // ci 0..4: 5 x 5 degree boxes in the South Atlantic

export const areaNumber = {
  country: (ci: number) => ci + 1,
  region: (ci: number, r: number) => 1000 * (ci + 1) + r + 1,
  district: (ci: number, dd: number) => 100000 * (ci + 1) + dd,
};
export const districtCode = (ci: number, dd: number) => `${COUNTRIES[ci]}-R${String(Math.floor(dd / DISTRICTS_PER_REGION) + 1).padStart(2, '0')}-D${String((dd % DISTRICTS_PER_REGION) + 1).padStart(2, '0')}`;
export const regionCode = (ci: number, r: number) => `${COUNTRIES[ci]}-R${String(r + 1).padStart(2, '0')}`;
export function districtCentre(ci: number, dd: number): { latitude: number; longitude: number } {
  const o = countryOrigin(ci);
  const row = Math.floor(dd / GRID_COLUMNS);
  const col = dd % GRID_COLUMNS;
  return { latitude: round6(o.lat + (row + 0.5) * CELL_LAT), longitude: round6(o.lon + (col + 0.5) * CELL_LON) };
}
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

// ---- sizes -----------------------------------------------------------------------------------

export interface ScaleSizes {
  services: number;
  referrals: number;
  agencies: number;
  locations: number;
  cases: number;
  /** Referrals 1..benchReferrals go to the bench agency (agency 1), half SENT, half ACCEPTED. */
  benchReferrals: number;
}

export function sizesFor(services: number, referrals: number): ScaleSizes {
  if (!Number.isInteger(services) || services < 500) throw new Error('--services must be an integer of at least 500');
  if (!Number.isInteger(referrals) || referrals < 1000) throw new Error('--referrals must be an integer of at least 1000');
  const agencies = Math.max(20, Math.round(services / 50 / 5) * 5); // a multiple of 5: agencies are spread over the five countries
  const locations = Math.max(2 * agencies, Math.round(services / 20));
  const cases = Math.max(100, Math.ceil(referrals / 2.5)); // at most three referrals per case
  const benchReferrals = Math.min(2000, Math.floor(cases / 2));
  return { services, referrals, agencies, locations, cases, benchReferrals };
}

/** Partner m (0..7) of agency a: six in the same country, two across borders; never a itself. */
function partnerSql(a: string, m: string, A: number): string {
  return `(((${a}) - 1 + CASE WHEN (${m}) < 6 THEN 5 * (1 + ((${m}) * 37) % ${A / 5 - 1}) ELSE 1 + ((${m}) * 37) % ${A - 1} END) % ${A} + 1)`;
}
const PARTNERS = 8;
/** Does the (unordered) pair of agencies have an MoU? A third of them do, and always the bench pair 2-3. */
const hasMouSql = (lo: string, hi: string) => `((((${lo})::bigint * 7919 + (${hi})::bigint * 104729) % 3 = 0) OR ((${lo}) = 2 AND (${hi}) = 3))`;
const PAIR = 1_000_000; // pair numbers: lo * PAIR + hi

/** The fixtures the benchmark uses, derived from the sizes (ids are fixed by construction). */
export interface ScaleManifest {
  sizes: ScaleSizes;
  benchAgencyId: string;
  senderAgencyId: string;
  targetAgencyId: string;
  referralCaseId: string;
  referralServiceId: string;
  pathwayId: string;
  countryCode: string;
  countryAreaId: string;
  searchRegionAreaId: string;
  nearPoint: { latitude: number; longitude: number };
}

export function manifestFor(sizes: ScaleSizes): ScaleManifest {
  const cityDistrict = CITY_DISTRICTS[0];
  return {
    sizes,
    benchAgencyId: scaleId('agency', 1),
    senderAgencyId: scaleId('agency', 2),
    targetAgencyId: scaleId('agency', 3),
    referralCaseId: scaleId('case', 2),
    referralServiceId: scaleId('service', 3),
    pathwayId: scaleId('pathway', 1),
    countryCode: COUNTRIES[0],
    countryAreaId: scaleId('area', areaNumber.country(0)),
    searchRegionAreaId: scaleId('area', areaNumber.region(0, Math.floor(cityDistrict / DISTRICTS_PER_REGION))),
    nearPoint: districtCentre(0, cityDistrict),
  };
}

const idRange = (kind: ScaleKind) => [scaleId(kind, 0), `${PREFIX[kind]}-0000-4000-8000-ffffffffffff`];

/**
 * What scale data the database holds: null when none, `complete: false` when a run stopped half-way.
 * The sizes are read back from the number of scale services and referrals (referrals the benchmark
 * sends get random ids and are not counted).
 */
export async function readScaleManifest(db: { query(sql: string, params?: unknown[]): Promise<any> }): Promise<(ScaleManifest & { complete: boolean }) | null> {
  const [row] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM areas WHERE code = $1) AS seeded,
            (SELECT count(*) FROM services WHERE id BETWEEN $2 AND $3)::int AS services,
            (SELECT count(*) FROM referrals WHERE id BETWEEN $4 AND $5)::int AS referrals,
            EXISTS (SELECT 1 FROM pathways WHERE id = $6) AS finished`,
    [COUNTRIES[0], ...idRange('service'), ...idRange('referral'), scaleId('pathway', 5)],
  );
  if (!row.seeded) return null;
  let sizes: ScaleSizes;
  try {
    sizes = sizesFor(row.services, row.referrals);
  } catch {
    return { ...manifestFor(sizesFor(500, 1000)), complete: false };
  }
  return { ...manifestFor(sizes), complete: row.finished };
}

// ---- vocabulary ------------------------------------------------------------------------------

const SYLLABLES = ['ka', 'lo', 'ma', 'ri', 'ten', 'bu', 'sa', 'no', 'di', 'fa', 'gou', 'zin', 'tal', 'mer', 'ba', 'ro', 'ki', 'dan', 'sel', 'wa'];
const townName = (n: number) => {
  const s = (i: number) => SYLLABLES[Math.floor(n / SYLLABLES.length ** i) % SYLLABLES.length];
  const name = s(0) + s(1) + s(2);
  return name[0].toUpperCase() + name.slice(1);
};
const sqlArray = (items: readonly string[]) => `ARRAY[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')}]::text[]`;
const pick = (items: readonly string[], hash: string) => `(${sqlArray(items)})[1 + ${hash} % ${items.length}]`;

const AGENCY_TYPES = ['NATIONAL_NGO', 'NATIONAL_NGO', 'NATIONAL_NGO', 'NATIONAL_NGO', 'NATIONAL_NGO', 'NATIONAL_NGO', 'NATIONAL_NGO', 'NATIONAL_NGO',
  'INTERNATIONAL_NGO', 'INTERNATIONAL_NGO', 'INTERNATIONAL_NGO', 'GOVERNMENT', 'GOVERNMENT', 'GOVERNMENT', 'UN_AGENCY', 'UN_AGENCY',
  'CONSULAR_OFFICE', 'TRADE_UNION', 'PRIVATE_SECTOR', 'OTHER'];
const AGENCY_WORDS = ['Horizon', 'Solidarity', 'Hope', 'Bridge', 'Sahel', 'Crossroads', 'Oasis', 'Compass', 'Harbour', 'Unity', 'Lantern', 'Passage'];
const AGENCY_FOCUS = ['Women', 'Children', 'Migrants', 'Health', 'Legal Aid', 'Returnees', 'Youth', 'Community', 'Rights', 'Families'];
const AGENCY_KIND = ['Association', 'Network', 'Foundation', 'Centre', 'Initiative', 'Council', 'Alliance', 'Service'];
const AGENCY_FOCUS_FR = ['Femmes', 'Enfants', 'Migrants', 'Santé', 'Aide juridique', 'Rapatriés', 'Jeunesse', 'Communauté', 'Droits', 'Familles'];
const AGENCY_KIND_FR = ['Association', 'Réseau', 'Fondation', 'Centre', 'Initiative', 'Conseil', 'Alliance', 'Service'];
const FACILITY = ['MIGRATION_RESPONSE_CENTRE', 'TRANSIT_OR_RECEPTION_CENTRE', 'MIGRANT_RESOURCE_CENTRE', 'COLLECTIVE_CENTRE', 'SHELTER', 'MOBILE_TEAM', 'HOTLINE', 'OTHER'];
const FACILITY_NAME = ['Migration response centre', 'Transit centre', 'Migrant resource centre', 'Collective centre', 'Shelter', 'Mobile team base', 'Hotline office', 'Office'];
const POPULATIONS = ['UNACCOMPANIED_OR_SEPARATED_CHILDREN', 'VICTIMS_OF_TRAFFICKING', 'GBV_SURVIVORS', 'PEOPLE_WITH_DISABILITIES', 'OLDER_PERSONS', 'PREGNANT_WOMEN',
  'PEOPLE_WITH_MEDICAL_NEEDS', 'ASYLUM_SEEKERS', 'STRANDED_MIGRANTS', 'RETURNEES', 'POTENTIAL_MIGRANTS', 'FAMILIES_OF_MIGRANTS'];
const CHANNELS = ['WALK_IN', 'PHONE', 'ONLINE', 'OUTREACH', 'MOBILE'];
const COUNTRY_LANGUAGES = [['fr', 'ha', 'ar'], ['en', 'ar', 'fr'], ['fr', 'en', 'wo'], ['ar', 'fr', 'en'], ['en', 'ti', 'ar']];
const QUALIFIER_EN = ['community', 'mobile', 'central', 'district', 'outreach', 'women-led', 'youth', 'night', 'emergency', 'walk-in'];
const QUALIFIER_FR = ['communautaire', 'mobile', 'central', 'de district', 'de proximité', 'dirigé par des femmes', 'jeunesse', 'de nuit', "d'urgence", 'sans rendez-vous'];
const GIVEN_F = ['Aicha', 'Fatima', 'Mariam', 'Halima', 'Salamatou', 'Awa', 'Zeinab', 'Hawa', 'Kadiatou', 'Amina', 'Rokia', 'Nafissa'];
const GIVEN_M = ['Youssouf', 'Ibrahim', 'Moussa', 'Abdoulaye', 'Oumar', 'Issa', 'Mamadou', 'Ali', 'Hamid', 'Souleymane', 'Adama', 'Bakary'];
const FAMILY = ['Example', 'Sample', 'Testa', 'Fictive', 'Placeholder', 'Demo', 'Mock', 'Synthetic'];
const NATIONALITIES = ['NE', 'ML', 'GN', 'SD', 'NG', 'ER', 'SN', 'CI', 'BF', 'GM'];
const TOP_CATEGORIES = [...new Set(demoCategories.map((c) => c.code.split('.')[0]))];

// ---- the seeder ------------------------------------------------------------------------------

export interface SeedScaleOptions {
  services: number;
  referrals: number;
  force?: boolean;
  batchSize?: number;
  idsFile?: string | null;
  log?: (line: string) => void;
}

export class ScaleDataExistsError extends Error {}

/** Tables emptied by --force: every table of the application but the append-only audit log and the migrations. */
const DATA_TABLES = ['referral_events', 'referrals', 'consents', 'cases', 'data_access_requests', 'dsa_signatures', 'data_sharing_agreements', 'mou_signatures', 'mou_parties', 'mous',
  'sops', 'pathway_steps', 'pathways', 'partnerships', 'service_areas', 'service_locations', 'service_category_links', 'services', 'locations', 'users',
  'service_categories', 'agencies', 'areas'];

export async function seedScale(db: DataSource, config: Config, options: SeedScaleOptions): Promise<ScaleManifest> {
  const log = options.log ?? ((line: string) => console.log(line));
  const sizes = sizesFor(options.services, options.referrals);
  const { services: S, referrals: R, agencies: A, locations: L, cases: C, benchReferrals: B } = sizes;
  const batch = options.batchSize ?? 20_000;
  const started = Date.now();
  const q = (sql: string, params: unknown[] = []) => db.query(sql, params);
  const timed = async (label: string, fn: () => Promise<void>) => {
    const t = Date.now();
    await fn();
    log(`${label} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  /** Runs `fn(lo, hi)` over 1..total in batches, printing "label n/total". */
  const batches = async (label: string, total: number, fn: (lo: number, hi: number) => Promise<void>, size = batch) => {
    const t = Date.now();
    for (let lo = 1; lo <= total; lo += size) {
      const hi = Math.min(total, lo + size - 1);
      await fn(lo, hi);
      log(`${label} ${hi}/${total}`);
    }
    log(`${label} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };

  log(`seed:scale: ${S} services, ${R} referrals, ${A} agencies, ${L} locations, ${C} cases (${B} referrals to the bench agency)`);
  await db.runMigrations({ transaction: 'each' });

  if (await readScaleManifest(db)) {
    if (!options.force) throw new ScaleDataExistsError('This database already holds scale data: run again with --force to empty it (all tables but the audit log) and reload it.');
    await timed('emptying the data tables (--force)', async () => {
      await q(`TRUNCATE ${DATA_TABLES.join(', ')}`);
    });
  }
  if (await isEmpty(db)) {
    await timed('demo data (categories, demo agencies and users)', () => loadDemoData(db, config));
  }

  // ---- areas: 5 countries x 10 regions x 50 districts, a 0.25 x 0.2 degree grid per country ----
  await timed('areas', async () => {
    const rows: unknown[][] = [];
    for (let ci = 0; ci < COUNTRIES.length; ci++) {
      const o = countryOrigin(ci);
      rows.push([scaleId('area', areaNumber.country(ci)), COUNTRIES[ci], JSON.stringify({ en: COUNTRY_NAMES[ci], fr: COUNTRY_NAMES[ci] }),
        'COUNTRY', null, COUNTRIES[ci], COUNTRIES[ci], round6(o.lat + 2.5), round6(o.lon + 2.5)]);
      for (let r = 0; r < REGIONS_PER_COUNTRY; r++) {
        const first = districtCentre(ci, r * DISTRICTS_PER_REGION);
        const last = districtCentre(ci, (r + 1) * DISTRICTS_PER_REGION - 1);
        const name = `${townName(ci * 1000 + r * 7 + 400)} Region`;
        rows.push([scaleId('area', areaNumber.region(ci, r)), regionCode(ci, r), JSON.stringify({ en: name, fr: `Région de ${name.replace(' Region', '')}` }), 'REGION',
          scaleId('area', areaNumber.country(ci)), COUNTRIES[ci], `${COUNTRIES[ci]}/${regionCode(ci, r)}`,
          round6((first.latitude + last.latitude) / 2), round6((first.longitude + last.longitude) / 2)]);
        for (let d = 0; d < DISTRICTS_PER_REGION; d++) {
          const dd = r * DISTRICTS_PER_REGION + d;
          const centre = districtCentre(ci, dd);
          const town = townName(ci * 500 + dd + 1000);
          rows.push([scaleId('area', areaNumber.district(ci, dd)), districtCode(ci, dd), JSON.stringify({ en: town, fr: town }), 'DISTRICT',
            scaleId('area', areaNumber.region(ci, r)), COUNTRIES[ci], `${COUNTRIES[ci]}/${regionCode(ci, r)}/${districtCode(ci, dd)}`, centre.latitude, centre.longitude]);
        }
      }
    }
    // parents first: countries, then regions, then districts (the rows are in that order within each country)
    for (const level of ['COUNTRY', 'REGION', 'DISTRICT']) {
      const part = rows.filter((r) => r[3] === level);
      const col = (i: number) => part.map((r) => r[i]);
      await q(
        `INSERT INTO areas (id, code, names, level, parent_id, country_code, path, latitude, longitude)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::float8[], $9::float8[])`,
        [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7), col(8)],
      );
    }
  });

  // ---- agencies ----
  await timed(`agencies ${A}`, async () => {
    const name = (lang: 'en' | 'fr') => `CASE a WHEN 1 THEN 'Bench Receiving Agency' WHEN 2 THEN 'Bench Sending Agency' WHEN 3 THEN 'Bench Partner Clinic' ELSE
      ${pick(AGENCY_WORDS, h('a', 1))} || ' ' || ${pick(lang === 'en' ? AGENCY_FOCUS : AGENCY_FOCUS_FR, h('a', 2))} || ' ' || ${pick(lang === 'en' ? AGENCY_KIND : AGENCY_KIND_FR, h('a', 3))} || ' ' || a END`;
    await q(
      `INSERT INTO agencies (id, names, acronym, type, country_code, descriptions, email, phone, website, languages, fictional, created_by, updated_by)
       SELECT ${idSql('agency', 'a')}, jsonb_build_object('en', ${name('en')}, 'fr', ${name('fr')}),
              'SC' || a, CASE WHEN a <= 3 THEN 'NATIONAL_NGO' ELSE ${pick(AGENCY_TYPES, h('a', 4))} END,
              (${sqlArray(COUNTRIES)})[1 + (a - 1) % 5],
              jsonb_build_object('en', 'Fictional organisation generated for load testing.', 'fr', 'Organisation fictive générée pour les tests de charge.'),
              'contact' || a || '@scale.example.org', '+999 ' || lpad(a::text, 6, '0'), 'https://scale.example.org/' || a,
              CASE (a - 1) % 5 ${COUNTRY_LANGUAGES.map((l, i) => `WHEN ${i} THEN ${sqlArray(l)}`).join(' ')} END, true, 'scale-seed', 'scale-seed'
         FROM generate_series(1, ${A}) a`,
    );
    // the benchmark's steering persona is on the sending agency's staff
    await q(`UPDATE agencies SET grantable_roles = grantable_roles || '{STEERING_COMMITTEE}' WHERE id = '${scaleId('agency', 2)}'`);
  });

  // ---- locations: 40% clustered around three cities per country, the rest anywhere in the agency's country ----
  await batches('locations', L, async (lo, hi) => {
    const offsets = [-26, -25, -24, -1, 0, 1, 24, 25, 26];
    await q(
      `INSERT INTO locations (id, agency_id, names, facility_type, area_id, locality, address, latitude, longitude, confidential, created_by, updated_by)
       SELECT ${idSql('location', 'n')}, ${idSql('agency', 'x.a')}, jsonb_build_object('en', ${pick(FACILITY_NAME, 'x.f')} || ' ' || (d.names->>'en')),
              (${sqlArray(FACILITY)})[1 + x.f % ${FACILITY.length}], d.id, (d.names->>'en'), 'Fictional street ' || n,
              round((d.latitude + (${h('n', 5)} % 1000 / 1000.0 - 0.5) * ${CELL_LAT})::numeric, 6)::float8,
              round((d.longitude + (${h('n', 6)} % 1000 / 1000.0 - 0.5) * ${CELL_LON})::numeric, 6)::float8,
              (x.f % ${FACILITY.length} = 4 AND ${h('n', 7)} % 100 < 25), 'scale-seed', 'scale-seed'
         FROM generate_series(${lo}, ${hi}) n
         CROSS JOIN LATERAL (SELECT (n - 1) % ${A} + 1 AS a, ${h('n', 8)} AS f) x
         CROSS JOIN LATERAL (SELECT CASE WHEN ${h('n', 1)} % 10 < 4
                  THEN least(499, greatest(0, (${sqlArray(CITY_DISTRICTS.map(String))})[1 + ${h('n', 2)} % 3]::int + (ARRAY[${offsets.join(',')}])[1 + ${h('n', 3)} % 9]))
                  ELSE ${h('n', 4)} % 500 END AS dd) g
         JOIN areas d ON d.id = ${idSql('area', `100000 * ((x.a - 1) % 5 + 1) + g.dd`)}`,
    );
  }, 50_000);

  // ---- services and their links, then the derived search columns ----
  const cats = demoCategories.map((c) => c.code);
  const catEn = demoCategories.map((c) => c.names.en ?? c.code);
  const catFr = demoCategories.map((c) => (c.names as Record<string, string>).fr ?? c.names.en ?? c.code);
  const NC = cats.length;
  // agency a has locations a, a + A, a + 2A, ...; service i belongs to agency (i - 1) % A + 1
  const serviceRows = (lo: number, hi: number) => `
    SELECT i, a, ${h('i', 1)} % ${NC} + 1 AS c1,
           CASE WHEN ${h('i', 2)} % 10 < 4 THEN ${h('i', 3)} % ${NC} + 1 END AS c2,
           CASE WHEN ${h('i', 4)} % 10 = 0 THEN ${h('i', 5)} % ${NC} + 1 END AS c3,
           a + ${A} * (${h('i', 6)} % ((${L} - a) / ${A} + 1)) AS loc1,
           CASE WHEN ${h('i', 7)} % 5 = 0 THEN a + ${A} * (${h('i', 8)} % ((${L} - a) / ${A} + 1)) END AS loc2
      FROM (SELECT i, (i - 1) % ${A} + 1 AS a FROM generate_series(${lo}, ${hi}) i) s`;
  const directory = new DirectoryService(db, config);
  await batches('services', S, async (lo, hi) => {
    const fields = `ARRAY['givenName', 'familyName', 'phone', 'sex', 'age', 'languages']`;
    await q(
      `INSERT INTO services (id, agency_id, names, descriptions, populations, age_min, age_max, genders, languages, channels, open_24_hours, timezone, opening_hours,
         capacity_available, capacity_total, capacity_updated_at, intake_contact, how_to_refer, cost_free, status, status_reason, last_verified_at, last_verified_by,
         referral_fields, created_by, updated_by)
       SELECT ${idSql('service', 'g.i')}, ${idSql('agency', 'g.a')},
              jsonb_build_object('en', (${sqlArray(catEn)})[g.c1] || ' - ' || ${pick(QUALIFIER_EN, h('g.i', 9))} || ' ' || (d.names->>'en'),
                                 'fr', (${sqlArray(catFr)})[g.c1] || ' - ' || ${pick(QUALIFIER_FR, h('g.i', 9))} || ' ' || (d.names->>'en')),
              jsonb_build_object('en', 'Fictional service generated for load testing: ' || lower((${sqlArray(catEn)})[g.c1]) || ' in ' || (d.names->>'en') || '.',
                                 'fr', 'Service fictif généré pour les tests de charge : ' || lower((${sqlArray(catFr)})[g.c1]) || ' à ' || (d.names->>'en') || '.'),
              CASE WHEN ${h('g.i', 10)} % 100 < 45 THEN ARRAY['ALL']
                   WHEN ${h('g.i', 11)} % 2 = 0 THEN ARRAY[${pick(POPULATIONS, h('g.i', 12))}]
                   ELSE ARRAY(SELECT DISTINCT unnest(ARRAY[${pick(POPULATIONS, h('g.i', 12))}, ${pick(POPULATIONS, h('g.i', 13))}])) END,
              CASE WHEN ${h('g.i', 14)} % 100 < 12 THEN 0 WHEN ${h('g.i', 14)} % 100 < 22 THEN 18 END,
              CASE WHEN ${h('g.i', 14)} % 100 < 12 THEN 17 END,
              CASE WHEN ${h('g.i', 15)} % 100 < 80 THEN ARRAY['ALL'] WHEN ${h('g.i', 15)} % 100 < 93 THEN ARRAY['FEMALE'] ELSE ARRAY['MALE'] END,
              ARRAY(SELECT DISTINCT unnest(ARRAY[
                CASE (g.a - 1) % 5 ${COUNTRY_LANGUAGES.map((l, i) => `WHEN ${i} THEN ${pick(l, h('g.i', 16))}`).join(' ')} END,
                CASE (g.a - 1) % 5 ${COUNTRY_LANGUAGES.map((l, i) => `WHEN ${i} THEN ${pick(l, h('g.i', 17))}`).join(' ')} END])),
              ARRAY(SELECT DISTINCT unnest(ARRAY[${pick(CHANNELS, h('g.i', 18))}, ${pick(CHANNELS, h('g.i', 19))}])),
              ${h('g.i', 20)} % 100 < 8, 'UTC',
              CASE WHEN ${h('g.i', 21)} % 2 = 0
                THEN '[{"day":"MONDAY","opens":"08:00","closes":"16:00"},{"day":"TUESDAY","opens":"08:00","closes":"16:00"},{"day":"WEDNESDAY","opens":"08:00","closes":"16:00"},{"day":"THURSDAY","opens":"08:00","closes":"16:00"},{"day":"FRIDAY","opens":"08:00","closes":"12:00"}]'::jsonb
                ELSE '[{"day":"MONDAY","opens":"09:00","closes":"18:00"},{"day":"WEDNESDAY","opens":"09:00","closes":"18:00"},{"day":"SATURDAY","opens":"09:00","closes":"13:00"}]'::jsonb END,
              cap.available, cap.total, CASE WHEN cap.total IS NOT NULL THEN now() - make_interval(days => ${h('g.i', 22)} % 30) END,
              jsonb_build_object('phone', '+999 ' || lpad(g.i::text, 8, '0'), 'email', 'intake' || g.i || '@scale.example.org'),
              jsonb_build_object('en', 'Call the intake line or send a referral through the network.'),
              ${h('g.i', 23)} % 10 <> 0,
              st.status, CASE WHEN st.status <> 'ACTIVE' THEN 'Fictional: funding gap' END,
              CASE WHEN ${h('g.i', 24)} % 100 < 5 THEN NULL ELSE now() - make_interval(days => ${h('g.i', 25)} % 400, hours => ${h('g.i', 26)} % 24) END,
              CASE WHEN ${h('g.i', 24)} % 100 < 5 THEN NULL ELSE 'scale-seed' END,
              ${fields} || CASE
                WHEN (${sqlArray(cats)})[g.c1] ~ '^(health|mhpss)' THEN ARRAY['healthInformation', 'disability']
                WHEN (${sqlArray(cats)})[g.c1] ~ '^(protection|shelter)' THEN ARRAY['vulnerabilities', 'protectionConcerns']
                WHEN (${sqlArray(cats)})[g.c1] ~ '^(legal|registration|avrr)' THEN ARRAY['dateOfBirth', 'nationality', 'identityDocumentNumber', 'travelDocumentNumber']
                ELSE ARRAY[]::text[] END,
              'scale-seed', 'scale-seed'
         FROM (${serviceRows(lo, hi)}) g
         JOIN locations l ON l.id = ${idSql('location', 'g.loc1')}
         JOIN areas d ON d.id = l.area_id
         CROSS JOIN LATERAL (SELECT CASE WHEN g.i <= 3 OR ${h('g.i', 27)} % 100 < 92 THEN 'ACTIVE' WHEN ${h('g.i', 27)} % 100 < 97 THEN 'TEMPORARILY_CLOSED' ELSE 'INACTIVE' END AS status) st
         CROSS JOIN LATERAL (SELECT CASE WHEN g.i <= 3 OR ${h('g.i', 28)} % 100 < 40 THEN 5 + ${h('g.i', 29)} % 200 END AS total) t
         CROSS JOIN LATERAL (SELECT t.total, CASE WHEN t.total IS NULL THEN NULL WHEN g.i > 3 AND ${h('g.i', 30)} % 10 = 0 THEN 0 ELSE ${h('g.i', 31)} % (t.total + 1) END AS available) cap`,
    );
    await q(
      `INSERT INTO service_category_links (service_id, category_code)
       SELECT DISTINCT ${idSql('service', 'g.i')}, (${sqlArray(cats)})[c] FROM (${serviceRows(lo, hi)}) g, unnest(ARRAY[g.c1, g.c2, g.c3]) c WHERE c IS NOT NULL`,
    );
    await q(
      `INSERT INTO service_locations (service_id, location_id)
       SELECT DISTINCT ${idSql('service', 'g.i')}, ${idSql('location', 'n')} FROM (${serviceRows(lo, hi)}) g, unnest(ARRAY[g.loc1, g.loc2]) n WHERE n IS NOT NULL`,
    );
    // 10% also cover their region, 3% their whole country (a hotline, a mobile team)
    await q(
      `INSERT INTO service_areas (service_id, area_id)
       SELECT ${idSql('service', 'g.i')}, CASE WHEN ${h('g.i', 32)} % 100 < 3 THEN r.parent_id ELSE r.id END
         FROM (${serviceRows(lo, hi)}) g
         JOIN locations l ON l.id = ${idSql('location', 'g.loc1')} JOIN areas d ON d.id = l.area_id JOIN areas r ON r.id = d.parent_id
        WHERE ${h('g.i', 32)} % 100 < 13`,
    );
  });
  await batches('derived search columns (DirectoryService.refreshDerived)', S, async (lo, hi) => {
    const ids = Array.from({ length: hi - lo + 1 }, (_, k) => scaleId('service', lo + k));
    await directory.refreshDerived(db.manager, { serviceIds: ids });
  }, 10_000);

  // ---- partnerships: providers of confidential locations let two partners see them ----
  await timed('partnerships', async () => {
    await q(
      `INSERT INTO partnerships (id, provider_agency_id, partner_agency_id, note, recorded_by)
       SELECT ${idSql('partnership', 'p.a * 8 + m')}, ${idSql('agency', 'p.a')}, ${idSql('agency', partnerSql('p.a', 'm', A))}, 'Fictional partnership', 'scale-seed'
         FROM (SELECT DISTINCT (n - 1) % ${A} + 1 AS a FROM generate_series(1, ${L}) n
                WHERE EXISTS (SELECT 1 FROM locations l WHERE l.id = ${idSql('location', 'n')} AND l.confidential)) p, generate_series(0, 1) m`,
    );
  });

  // ---- SOPs: 60% of agencies have one in force (some overdue for review) ----
  await timed('SOPs', async () => {
    await q(
      `INSERT INTO sops (id, series_id, version, title, owner_agency_id, category_codes, steps, emergency_response_hours, urgent_response_hours, normal_response_hours,
         effective_from, review_due, created_by)
       SELECT ${idSql('sop', 'a')}, ${idSql('sopSeries', 'a')}, 1, 'Referral SOP of agency ' || a, ${idSql('agency', 'a')},
              CASE WHEN ${h('a', 40)} % 2 = 0 OR a <= 3 THEN ARRAY[]::text[] ELSE ARRAY[${pick(TOP_CATEGORIES, h('a', 41))}] END,
              '[{"order":1,"title":"Screen the referral"},{"order":2,"title":"Confirm eligibility"},{"order":3,"title":"Call the person"}]'::jsonb,
              12 + ${h('a', 42)} % 12, 48 + ${h('a', 43)} % 48, 168 + ${h('a', 44)} % 168,
              current_date - 300, current_date + (${h('a', 45)} % 400 - 60), 'scale-seed'
         FROM generate_series(1, ${A}) a WHERE a <= 3 OR ${h('a', 46)} % 10 < 6`,
    );
  });

  // ---- agency pairs: each agency refers to eight partners (six in its country), everyone to the bench agency, 2 to 3 ----
  const directedPairs = `
    SELECT DISTINCT s, r FROM (
      SELECT a AS s, ${partnerSql('a', 'm', A)} AS r FROM generate_series(1, ${A}) a, generate_series(0, ${PARTNERS - 1}) m
      UNION ALL SELECT a, 1 FROM generate_series(2, ${A}) a
      UNION ALL SELECT 2, 3) p`;
  await timed('MoUs', async () => {
    await q(
      `WITH pairs AS (SELECT DISTINCT least(s, r) AS lo, greatest(s, r) AS hi FROM (${directedPairs}) d),
       ins AS (
         INSERT INTO mous (id, reference_number, title, category_codes, area_ids, roles_and_responsibilities, signed_on, effective_from, expires_on,
           document_url, document_sha256, terminated_at, terminated_by, terminated_by_agency_id, termination_reason, created_by, updated_by)
         SELECT ${idSql('mou', `lo::bigint * ${PAIR} + hi`)}, 'MOU-SCALE-' || lo || '-' || hi, 'Referral MoU between agencies ' || lo || ' and ' || hi,
                CASE WHEN (lo = 2 AND hi = 3) OR ${h(`lo * ${PAIR} + hi`, 50)} % 2 = 0 THEN ARRAY[]::text[]
                     ELSE ARRAY(SELECT DISTINCT unnest(ARRAY[${pick(TOP_CATEGORIES, h(`lo * ${PAIR} + hi`, 51))}, ${pick(TOP_CATEGORIES, h(`lo * ${PAIR} + hi`, 52))}])) END,
                CASE WHEN (lo = 2 AND hi = 3) OR ${h(`lo * ${PAIR} + hi`, 53)} % 10 < 6 THEN ARRAY[]::uuid[] ELSE ARRAY[${idSql('area', '(lo - 1) % 5 + 1')}] END,
                'Each party refers cases within its mandate and reports outcomes monthly.',
                current_date - e.days, current_date - e.days, CASE WHEN x.expired THEN current_date - 10 ELSE current_date + 30 + ${h(`lo * ${PAIR} + hi`, 55)} % 900 END,
                'https://documents.scale.example.org/mou-' || lo || '-' || hi || '.pdf', encode(sha256(convert_to('mou' || lo || '-' || hi, 'UTF8')), 'hex'),
                CASE WHEN x.terminated THEN now() - interval '20 days' END, CASE WHEN x.terminated THEN 'scale-seed' END,
                CASE WHEN x.terminated THEN ${idSql('agency', 'lo')} END, CASE WHEN x.terminated THEN 'Fictional: mandate ended' END,
                'scale-seed', 'scale-seed'
           FROM pairs
           CROSS JOIN LATERAL (SELECT 30 + ${h(`lo * ${PAIR} + hi`, 54)} % 700 AS days) e
           CROSS JOIN LATERAL (SELECT NOT (lo = 2 AND hi = 3) AND ${h(`lo * ${PAIR} + hi`, 56)} % 100 < 8 AS expired,
                                      NOT (lo = 2 AND hi = 3) AND ${h(`lo * ${PAIR} + hi`, 56)} % 100 >= 98 AS terminated) x
          WHERE ${hasMouSql('lo', 'hi')}
         RETURNING id, reference_number)
       INSERT INTO mou_parties (mou_id, agency_id)
       SELECT ins.id, ${idSql('agency', 'p::int')} FROM ins, unnest(ARRAY[split_part(ins.reference_number, '-', 3), split_part(ins.reference_number, '-', 4)]) p`,
    );
    // every party signed each of them
    await q(`INSERT INTO mou_signatures (mou_id, agency_id, signed_by, signer_role, signed_on, signed_at)
      SELECT p.mou_id, p.agency_id, 'scale-seed', 'AGENCY_ADMIN', m.signed_on, m.signed_on::timestamptz
        FROM mou_parties p JOIN mous m ON m.id = p.mou_id WHERE m.signed_on IS NOT NULL AND m.created_by = 'scale-seed'`);
  });
  await timed('data-sharing agreements', async () => {
    const terminated = `(s <> 2 AND r <> 1 AND ${h(`s::bigint * ${PAIR} + r`, 60)} % 100 < 2)`;
    await q(
      `WITH ins AS (
         INSERT INTO data_sharing_agreements (id, reference_number, title, providing_agency_id, receiving_agency_id, purposes, categories, excluded_fields,
           valid_from, valid_until, retention_days, onward_sharing_allowed, risk_assessment_date, risk_assessment_reference,
           terminated_at, terminated_by, terminated_by_agency_id, termination_reason, created_by)
         SELECT ${idSql('dsa', `s::bigint * ${PAIR} + r`)}, 'DSA-SCALE-' || s || '-' || r, 'Referral data from agency ' || s || ' to agency ' || r,
                ${idSql('agency', 's')}, ${idSql('agency', 'r')}, ARRAY['REFERRAL_AND_SERVICE_DELIVERY'] || CASE WHEN ${h(`s::bigint * ${PAIR} + r`, 61)} % 3 = 0 THEN ARRAY['CASE_COORDINATION'] ELSE ARRAY[]::text[] END,
                ARRAY['IDENTITY', 'CONTACT', 'DEMOGRAPHICS'] || CASE WHEN ${h(`s::bigint * ${PAIR} + r`, 62)} % 2 = 0 THEN ARRAY['PROTECTION'] ELSE ARRAY[]::text[] END,
                CASE WHEN s <> 2 AND r <> 1 AND ${h(`s::bigint * ${PAIR} + r`, 63)} % 10 = 0 THEN ARRAY['photoReference'] ELSE ARRAY[]::text[] END,
                current_date - 800, current_date + 30 + ${h(`s::bigint * ${PAIR} + r`, 64)} % 700, 365 * (1 + ${h(`s::bigint * ${PAIR} + r`, 65)} % 3), false,
                current_date - 810, 'RBA-SCALE-' || s || '-' || r,
                CASE WHEN ${terminated} THEN now() - interval '5 days' END, CASE WHEN ${terminated} THEN 'scale-seed' END,
                CASE WHEN ${terminated} THEN ${idSql('agency', 's')} END, CASE WHEN ${terminated} THEN 'Fictional: breach of terms' END, 'scale-seed'
           FROM (${directedPairs}) d
         RETURNING id, providing_agency_id, receiving_agency_id, valid_from)
       INSERT INTO dsa_signatures (dsa_id, agency_id, signed_by, signer_role, signed_at)
       SELECT ins.id, x.agency, 'scale-dpo-' || x.agency, 'DATA_PROTECTION_OFFICER', ins.valid_from::timestamptz
         FROM ins, unnest(ARRAY[ins.providing_agency_id, ins.receiving_agency_id]) x(agency)`,
    );
  });

  // ---- cases with their consent ----
  const ownerOf = (c: string) => `((${c}) - 1) % ${A} + 1`;
  const receiverOf = (c: string, j: string) => partnerSql(ownerOf(c), `((${c}) + (${j})) % ${PARTNERS}`, A);
  await batches('cases', C, async (lo, hi) => {
    await q(
      `INSERT INTO cases (id, case_code, owner_agency_id, given_name, family_name, date_of_birth, sex, nationality, languages, phone, vulnerabilities,
         protection_concerns, migration_phase, registered_by, created_at, updated_at, updated_by, assigned_to)
       SELECT ${idSql('case', 'c')}, 'SC-' || lpad(c::text, 8, '0'), ${idSql('agency', ownerOf('c'))},
              CASE WHEN x.female THEN ${pick(GIVEN_F, h('c', 2))} ELSE ${pick(GIVEN_M, h('c', 2))} END, ${pick(FAMILY, h('c', 3))} || '-' || c,
              date '1960-01-01' + ${h('c', 4)} % 23000, CASE WHEN x.female THEN 'FEMALE' ELSE 'MALE' END, ${pick(NATIONALITIES, h('c', 5))},
              ARRAY[CASE (${ownerOf('c')} - 1) % 5 ${COUNTRY_LANGUAGES.map((l, i) => `WHEN ${i} THEN ${pick(l, h('c', 6))}`).join(' ')} END],
              '+999 7' || lpad(c::text, 8, '0'),
              CASE WHEN ${h('c', 7)} % 10 < 3 THEN ARRAY[${pick(POPULATIONS, h('c', 8))}] ELSE ARRAY[]::text[] END,
              CASE WHEN ${h('c', 9)} % 10 < 2 THEN 'Fictional: reports threats on the route.' END,
              ${pick(['BEFORE_DEPARTURE', 'IN_TRANSIT', 'IN_TRANSIT', 'AT_DESTINATION', 'UPON_RETURN'], h('c', 10))},
              'scale-cm-' || ${ownerOf('c')}, x.created, x.created, 'scale-cm-' || ${ownerOf('c')},
              -- the benchmark's case manager works the sending agency's cases (need-to-know: only the assigned one sends)
              CASE WHEN ${ownerOf('c')} = 2 THEN 'bench-case-manager' ELSE 'scale-cm-' || ${ownerOf('c')} END
         FROM generate_series(${lo}, ${hi}) c
         CROSS JOIN LATERAL (SELECT ${h('c', 1)} % 2 = 0 AS female, now() - make_interval(days => 30 + ${h('c', 11)} % 730) AS created) x`,
    );
    // consent to registration and referral, to the agencies the case will be referred to; 1% later withdrawn
    await q(
      `INSERT INTO consents (id, case_id, decision, method, given_by, language, interpreter_used, purposes, recipient_agency_ids, categories,
         evidence_reference, recorded_by, recorded_at, withdrawn_at, withdrawn_by, withdrawal_reason)
       SELECT ${idSql('consent', 'c')}, ${idSql('case', 'c')}, 'GRANTED', ${pick(['WRITTEN_FORM', 'WRITTEN_FORM', 'AUDIO_VIDEO_RECORDING'], h('c', 20))}, 'PERSON',
              'fr', ${h('c', 21)} % 3 = 0, ARRAY['REGISTRATION', 'REFERRAL'],
              ARRAY(SELECT DISTINCT unnest(ARRAY[${idSql('agency', receiverOf('c', '0'))}, ${idSql('agency', receiverOf('c', '1'))}, ${idSql('agency', receiverOf('c', '2'))}]
                || CASE WHEN c <= ${B} THEN ARRAY[${idSql('agency', '1')}] ELSE ARRAY[]::uuid[] END
                || CASE WHEN c = 2 THEN ARRAY[${idSql('agency', '3')}] ELSE ARRAY[]::uuid[] END)),
              ARRAY['IDENTITY', 'CONTACT', 'DEMOGRAPHICS'] || CASE WHEN ${h('c', 22)} % 10 < 3 THEN ARRAY['PROTECTION'] ELSE ARRAY[]::text[] END,
              'Consent form SC-' || lpad(c::text, 8, '0') || ' (paper file)', 'scale-cm-' || ${ownerOf('c')},
              cs.created_at, w.at, CASE WHEN w.at IS NOT NULL THEN 'scale-cm-' || ${ownerOf('c')} END, CASE WHEN w.at IS NOT NULL THEN 'Fictional: the person asked to stop sharing.' END
         FROM generate_series(${lo}, ${hi}) c
         JOIN cases cs ON cs.id = ${idSql('case', 'c')}
         CROSS JOIN LATERAL (SELECT CASE WHEN c > ${B} AND c <> 2 AND ${h('c', 23)} % 100 = 0 THEN now() - interval '3 days' END AS at) w`,
    );
  }, 50_000);

  // ---- referrals in every state, each with its history ----
  await batches('referrals', R, async (lo, hi) => {
    await q(
      `WITH gen AS (
         SELECT k, c, x.sender, x.receiver, st.status, pr.priority, pr.vital, t.sent_at, t.responded_at,
                ${h('k', 5)} AS r5, ${h('k', 6)} AS r6, ${hasMouSql('least(x.sender, x.receiver)', 'greatest(x.sender, x.receiver)')} AS has_mou
           FROM (SELECT k, (k - 1) % ${C} + 1 AS c, (k - 1) / ${C} AS j FROM generate_series(${lo}, ${hi}) k) g
           CROSS JOIN LATERAL (SELECT ${ownerOf('c')} AS sender,
                                      CASE WHEN k <= ${B} AND ${ownerOf('c')} <> 1 THEN 1 ELSE ${receiverOf('c', 'j')} END AS receiver) x
           CROSS JOIN LATERAL (SELECT CASE WHEN k <= ${B} THEN CASE WHEN k % 2 = 0 THEN 'SENT' ELSE 'ACCEPTED' END
                                           WHEN ${h('k', 1)} % 100 < 18 THEN 'SENT' WHEN ${h('k', 1)} % 100 < 36 THEN 'ACCEPTED'
                                           WHEN ${h('k', 1)} % 100 < 50 THEN 'DECLINED' WHEN ${h('k', 1)} % 100 < 88 THEN 'COMPLETED' ELSE 'CANCELLED' END AS status) st
           CROSS JOIN LATERAL (SELECT k > ${B} AND k % 250 = 0 AS vital,
                                      CASE WHEN k > ${B} AND k % 250 = 0 THEN 'EMERGENCY' WHEN ${h('k', 2)} % 10 = 0 THEN 'EMERGENCY'
                                           WHEN ${h('k', 2)} % 10 < 4 THEN 'URGENT' ELSE 'NORMAL' END AS priority) pr
           CROSS JOIN LATERAL (SELECT now() - make_interval(hours => CASE WHEN k <= ${B} OR st.status = 'SENT' THEN 1 + ${h('k', 3)} % 720
                                                                          WHEN st.status = 'ACCEPTED' THEN 1 + ${h('k', 3)} % 2880
                                                                          ELSE 100 + ${h('k', 3)} % 17500 END) AS sent_at) t0
           CROSS JOIN LATERAL (SELECT t0.sent_at, CASE WHEN st.status IN ('ACCEPTED', 'DECLINED', 'COMPLETED')
                                                        THEN least(now(), t0.sent_at + make_interval(hours => 1 + ${h('k', 4)} % 96)) END AS responded_at) t),
       ins AS (
         INSERT INTO referrals (id, case_id, service_id, sending_agency_id, receiving_agency_id, priority, reasons, disclosed_fields, anonymous, legal_basis, consent_id,
           vital_interest_justification, mou_id, outside_mou, status, response_due_at, sent_at, sent_by, responded_at, decline_reason, completed_at, outcome, outcome_reason,
           cancelled_at, cancel_reason, updated_at)
         SELECT ${idSql('referral', 'k')}, ${idSql('case', 'c')},
                ${idSql('service', `receiver + ${A} * (r5 % ((${S} - receiver) / ${A} + 1))`)},
                ${idSql('agency', 'sender')}, ${idSql('agency', 'receiver')}, priority,
                ${pick(['Needs a safe place to stay.', 'Needs medical follow-up.', 'Asks for legal advice on documents.', 'Needs psychosocial support.', 'Wants to return home.'], 'r6')},
                ARRAY['givenName', 'familyName', 'phone', 'safeContact', 'sex', 'age', 'languages'], false,
                CASE WHEN vital THEN 'VITAL_INTEREST' ELSE 'CONSENT' END, CASE WHEN vital THEN NULL ELSE ${idSql('consent', 'c')} END,
                CASE WHEN vital THEN 'Fictional: unconscious after an accident, needs urgent care.' END,
                CASE WHEN has_mou THEN ${idSql('mou', `least(sender, receiver)::bigint * ${PAIR} + greatest(sender, receiver)`)} END, NOT has_mou,
                status, sent_at + make_interval(hours => CASE priority WHEN 'EMERGENCY' THEN 24 WHEN 'URGENT' THEN 72 ELSE 336 END),
                sent_at, 'scale-cm-' || sender, responded_at,
                CASE WHEN status = 'DECLINED' THEN ${pick(['NO_CAPACITY', 'NO_CAPACITY', 'NOT_ELIGIBLE', 'SERVICE_NOT_AVAILABLE', 'CLIENT_UNREACHABLE'], 'r6')} END,
                CASE WHEN status = 'COMPLETED' THEN least(now(), responded_at + make_interval(hours => 1 + r5 % 400)) END,
                CASE WHEN status = 'COMPLETED' THEN CASE WHEN r6 % 100 < 75 THEN 'SERVICE_PROVIDED' WHEN r6 % 100 < 90 THEN 'PARTIALLY_PROVIDED' ELSE 'NOT_PROVIDED' END END,
                CASE WHEN status = 'COMPLETED' AND r6 % 100 >= 75 THEN ${pick(['CLIENT_REFUSED', 'CLIENT_UNREACHABLE', 'NO_LONGER_NEEDED', 'LACK_OF_CAPACITY'], 'r5')} END,
                CASE WHEN status = 'CANCELLED' THEN sent_at + interval '2 hours' END, CASE WHEN status = 'CANCELLED' THEN 'Fictional: no longer needed' END,
                now()
           FROM gen
         RETURNING id, status, sending_agency_id, receiving_agency_id, sent_at, responded_at, decline_reason, completed_at, outcome, cancelled_at, cancel_reason)
       INSERT INTO referral_events (referral_id, from_status, to_status, actor_id, actor_agency_id, at, reason)
       SELECT ins.id, e.from_status, e.to_status, e.actor, e.agency, e.at, e.reason
         FROM ins CROSS JOIN LATERAL (VALUES
           (NULL, 'SENT', 'scale-cm', ins.sending_agency_id, ins.sent_at, NULL),
           ('SENT', CASE WHEN ins.status = 'DECLINED' THEN 'DECLINED' ELSE 'ACCEPTED' END, 'scale-fp', ins.receiving_agency_id, ins.responded_at, ins.decline_reason),
           ('ACCEPTED', 'COMPLETED', 'scale-fp', ins.receiving_agency_id, ins.completed_at, ins.outcome),
           ('SENT', 'CANCELLED', 'scale-cm', ins.sending_agency_id, ins.cancelled_at, ins.cancel_reason)
         ) e(from_status, to_status, actor, agency, at, reason)
        WHERE e.at IS NOT NULL`,
    );
  }, 50_000);

  // ---- five pathways; the first has exactly ten steps (the benchmark asks its coverage for 500 districts) ----
  await timed('pathways', async () => {
    const pathways: { name: string; populations: string[]; steps: [string, string, boolean, number | null, number | null][] }[] = [
      { name: 'Scale: unaccompanied or separated child (10 steps)', populations: ['UNACCOMPANIED_OR_SEPARATED_CHILDREN'], steps: [
        ['Registration and screening', 'registration', true, null, null], ['Interim care and safe shelter', 'shelter', true, null, null],
        ['Child protection case management', 'protection.child', true, 3, null], ['Health check', 'health.primary', true, null, null],
        ['Psychosocial support', 'mhpss', true, null, null], ['Family tracing', 'family_tracing', true, null, 3],
        ['Food and essential items', 'food_nfi', true, null, null], ['Legal guardianship and documents', 'legal', true, null, null],
        ['Information and counselling', 'information', false, null, null], ['Child-friendly space', 'education.child_friendly_space', false, null, null]] },
      { name: 'Scale: survivor of gender-based violence', populations: ['GBV_SURVIVORS'], steps: [
        ['Safety and safe shelter', 'shelter.safe_house', true, null, null], ['Post-violence health care', 'health', true, null, null],
        ['Psychosocial support', 'mhpss', true, null, null], ['GBV case management', 'protection.gbv', true, null, null], ['Legal aid', 'legal', false, null, null]] },
      { name: 'Scale: victim of trafficking', populations: ['VICTIMS_OF_TRAFFICKING'], steps: [
        ['Identification and registration', 'registration', true, null, null], ['Safe accommodation', 'shelter', true, null, null], ['Health care', 'health', true, null, null],
        ['Psychosocial support', 'mhpss', true, null, null], ['Legal aid', 'legal', true, null, null], ['Return and reintegration', 'avrr', false, null, null]] },
      { name: 'Scale: medical emergency', populations: ['PEOPLE_WITH_MEDICAL_NEEDS'], steps: [
        ['Primary and emergency care', 'health.primary', true, null, null], ['Temporary shelter', 'shelter', false, null, null], ['Psychosocial first aid', 'mhpss', false, null, null]] },
      { name: 'Scale: stranded migrant returning home', populations: ['STRANDED_MIGRANTS'], steps: [
        ['Information and counselling', 'information', true, null, null], ['Travel documents', 'legal.documentation', true, null, null],
        ['Transit shelter', 'shelter.transit', true, null, null], ['Assisted voluntary return', 'avrr', true, null, null], ['Reintegration support', 'reintegration', false, null, null]] },
    ];
    for (const [i, p] of pathways.entries()) {
      const id = scaleId('pathway', i + 1);
      await q(`INSERT INTO pathways (id, name, description, populations, created_by, updated_by) VALUES ($1, $2, $3, $4, 'scale-seed', 'scale-seed')`,
        [id, p.name, 'Fictional pathway generated for load testing.', p.populations]);
      for (const [n, [title, category, required, lead, sopOf]] of p.steps.entries()) {
        await q(`INSERT INTO pathway_steps (pathway_id, position, title, category_code, required, lead_agency_id, sop_series_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, n + 1, title, category, required, lead ? scaleId('agency', lead) : null, sopOf ? scaleId('sopSeries', sopOf) : null]);
      }
    }
  });

  // the derived columns were written twice: vacuum so that the benchmark sees a settled table, and fresh statistics
  await timed('VACUUM ANALYZE', async () => {
    await q('VACUUM ANALYZE');
  });
  const manifest = manifestFor(sizes);
  if (options.idsFile) {
    fs.mkdirSync(path.dirname(options.idsFile), { recursive: true });
    fs.writeFileSync(options.idsFile, `${JSON.stringify(manifest, null, 2)}\n`);
    log(`ids written to ${options.idsFile}`);
  }
  log(`seed:scale finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return manifest;
}

// ---- command line ------------------------------------------------------------------------------

export function parseSeedArgs(argv: string[]): { services: number; referrals: number; force: boolean; idsFile: string | null } {
  const out = { services: 100_000, referrals: 500_000, force: false, idsFile: path.resolve('bench', 'results', 'scale-ids.json') as string | null };
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: { services: { type: 'string' }, referrals: { type: 'string' }, force: { type: 'boolean' }, 'ids-file': { type: 'string' }, 'no-ids-file': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    throw new Error(`${(e as Error).message} (try --help)`);
  }
  if (values.help) {
    console.log('Usage: npm run seed:scale -- [--services 100000] [--referrals 500000] [--force] [--ids-file bench/results/scale-ids.json]');
    process.exit(0);
  }
  if (values.services !== undefined) out.services = Number(values.services);
  if (values.referrals !== undefined) out.referrals = Number(values.referrals);
  if (values.force) out.force = true;
  if (values['ids-file'] !== undefined) out.idsFile = path.resolve(values['ids-file']);
  if (values['no-ids-file']) out.idsFile = null;
  return out;
}

async function main() {
  // the progress lines are the output; slow-query warnings of bulk statements are expected
  logger.level = process.env.LOG_LEVEL ?? 'error';
  const args = parseSeedArgs(process.argv.slice(2));
  sizesFor(args.services, args.referrals); // validate before opening anything
  const config = loadConfig();
  const database = await openDatabase(config, entities);
  try {
    await seedScale(database.dataSource, config, args);
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof ScaleDataExistsError ? e.message : e?.stack ?? e);
    process.exit(e instanceof ScaleDataExistsError ? 2 : 1);
  });
}
