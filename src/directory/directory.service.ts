import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import { writeTelling, type Changes } from '../db/change-feed';
import { replicaReader } from '../db/replicas';
import { AGENCY_ROLES, type Viewer } from '../auth/roles';
import type { Config } from '../config';
import { hydrate, selectColumns } from '../db/hydrate';
import { badInput, badInputs, conflict, notFound, problem, type Problem, type RecordKind } from '../shared/errors';
import { message } from '../shared/messages';
import { isUuid } from '../shared/ids';
import { sqlParams } from '../shared/sql';
import { isCatalogueField } from '../policy/data-catalogue';
import { toLocalized } from '../shared/i18n';
import { decodeCursor, pageQuery, toPage, type Page } from '../shared/pagination';
import { HIDDEN_COLUMN } from '../policy/confidential-locations';
import { confidentialHiddenSql, publicAreaPathSql } from './confidential-sql';
import { detailChanges, isTimeZone, replaceSites, siteRecords, SITE_DERIVED_SQL, type SiteRecord } from './details';
import { Agency, Area, Location, Partnership, Service } from './entities';
import { AreaLevel, ISO_WEEKDAY, ServiceStatus } from './enums';
import type {
  AgencyFilter, AreaFilter, CreateAgencyInput, CreateAreaInput, CreateLocationInput, CreateServiceInput,
  LocationFilter, UpdateAgencyInput, UpdateLocationInput, UpdateServiceInput,
} from './inputs';
import { searchServices, searchWords, type SearchOptions } from './search';
import type { SearchIndex } from './search-index';
import { DirectoryChangeAction, DirectorySubject, recordDirectoryChange } from './history';
import { resolveOpenIssues, ServiceIssueKind, ServiceIssueResolution } from './issues';

const PARENT_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  COUNTRY: null, REGION: AreaLevel.COUNTRY, DISTRICT: AreaLevel.REGION, LOCALITY: AreaLevel.DISTRICT,
};

/** Names of the fields an input gives (for the change history: names, never values). */
function givenFields(input: object): string[] {
  return Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k);
}

/** Only the fields actually given: undefined means "leave as it is", null means "clear". */
function given<T extends object>(input: T, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (input[k] !== undefined) out[k] = input[k];
  return out;
}

export class DirectoryService {
  /**
   * `index`: the in-process search index (search-index.ts), when the server keeps one. `referenceChanges`: the
   * changes of a write to agencies or areas, which also empties their copies in memory (reference-data.ts).
   */
  constructor(private readonly db: DataSource, private readonly config: Config, private readonly changes?: Changes, private readonly index?: SearchIndex | null,
    private readonly referenceChanges: Changes | undefined = changes) {}

  /** Every directory write: one transaction that tells the other instances on commit; this instance's cached searches are dropped at once (src/db/change-feed.ts). */
  private write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return writeTelling(this.db, this.changes, work);
  }

  /** A write of agencies or areas: as write(), and the copies of them in memory are dropped too. */
  private writeReference<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return writeTelling(this.db, this.referenceChanges, work);
  }

  /** Searches read a replica when DATABASE_READ_URLS names some: they tolerate its lag (README, "Several instances"). */
  private readonly searchReads = replicaReader(this.db);

  search(viewer: Viewer, options: Omit<SearchOptions, 'staleAfterDays'>) {
    return searchServices(this.searchReads, viewer, { ...options, staleAfterDays: this.config.staleAfterDays }, this.index, this.db);
  }

  // ---- agencies ----------------------------------------------------------------------------

  async listAgencies(filter: AgencyFilter = {}, first: number, after?: string | null): Promise<Page<Agency>> {
    const { values: params, p } = sqlParams();
    const where = ['true'];
    if (filter.types?.length) where.push(`a.type = ANY(${p(filter.types)}::text[])`);
    if (filter.countryCode) where.push(`a.country_code = ${p(filter.countryCode)}`);
    if (filter.text) {
      const words = searchWords(filter.text);
      if (!words.length) throw badInput('filter.text', 'directory.oneWord');
      for (const w of words) where.push(`(a.names::text || ' ' || coalesce(a.acronym, '')) ILIKE ${p(`%${w}%`)}`);
    }
    return pageQuery(this.db, { select: `SELECT ${selectColumns(this.db, Agency, 'a')}`, from: `FROM agencies a WHERE ${where.join(' AND ')}`, values: params,
      order: `lower(a.names->>'en'), a.id`, first, after }, (r) => hydrate(this.db, Agency, r));
  }

  async createAgency(viewer: Viewer, input: CreateAgencyInput): Promise<Agency> {
    return this.writeReference(async (m) => {
      const agency = m.create(Agency, {
        names: toLocalized(input.names),
        acronym: input.acronym ?? null,
        type: input.type,
        countryCode: input.countryCode,
        descriptions: toLocalized(input.descriptions),
        email: input.email ?? null,
        phone: input.phone ?? null,
        website: input.website ?? null,
        languages: input.languages ?? [],
        fictional: input.fictional ?? false,
        ...(input.grantableRoles ? { grantableRoles: [...new Set([...AGENCY_ROLES, ...input.grantableRoles])].sort() } : {}),
        createdBy: viewer.userId,
        updatedBy: viewer.userId,
      });
      await m.save(agency);
      await recordDirectoryChange(m, viewer, DirectorySubject.AGENCY, agency.id, DirectoryChangeAction.CREATED, givenFields(input));
      await recordAudit(m, viewer, 'agency.created', 'agency', agency.id);
      return agency;
    });
  }

  async updateAgency(viewer: Viewer, input: UpdateAgencyInput): Promise<Agency> {
    return this.writeReference(async (m) => {
      const agency = await this.lockOne(m, Agency, 'agencies', input.id, 'Agency');
      const changes: Partial<Agency> = {
        ...given(input, ['acronym', 'type', 'countryCode', 'email', 'phone', 'website', 'languages']),
        ...(input.names ? { names: toLocalized(input.names) } : {}),
        ...(input.descriptions ? { descriptions: toLocalized(input.descriptions) } : {}),
      } as Partial<Agency>;
      Object.assign(agency, changes, { updatedBy: viewer.userId, updatedAt: new Date() });
      await m.save(agency);
      if (changes.names || changes.descriptions || 'acronym' in changes) {
        await this.refreshDerived(m, { agencyId: agency.id });
      }
      await recordDirectoryChange(m, viewer, DirectorySubject.AGENCY, agency.id, DirectoryChangeAction.UPDATED, givenFields(input).filter((k) => k !== 'id'));
      await recordAudit(m, viewer, 'agency.updated', 'agency', agency.id, { fields: Object.keys(changes) });
      return agency;
    });
  }

  // ---- areas -------------------------------------------------------------------------------

  async listAreas(filter: AreaFilter = {}, first: number, after?: string | null): Promise<Page<Area>> {
    const { values: params, p } = sqlParams();
    const where = ['true'];
    if (filter.countryCode) where.push(`a.country_code = ${p(filter.countryCode)}`);
    if (filter.level) where.push(`a.level = ${p(filter.level)}`);
    if (filter.parentId) where.push(`a.parent_id = ${p(filter.parentId)}::uuid`);
    if (filter.text) where.push(`a.names::text ILIKE ${p(`%${filter.text.replace(/[%_\\]/g, '\\$&')}%`)}`);
    return pageQuery(this.db, { select: `SELECT ${selectColumns(this.db, Area, 'a')}`, from: `FROM areas a WHERE ${where.join(' AND ')}`, values: params,
      order: 'a.path', first, after }, (r) => hydrate(this.db, Area, r));
  }

  async createArea(viewer: Viewer, input: CreateAreaInput): Promise<Area> {
    return this.writeReference(async (m) => {
      const expectedParent = PARENT_LEVEL[input.level];
      let parent: Area | null = null;
      if (expectedParent === null) {
        if (input.parentId) throw badInput('input.parentId', 'directory.countryNoParent');
        if (!/^[A-Z]{2}$/.test(input.code)) throw badInput('input.code', 'directory.countryCode');
      } else {
        if (!input.parentId) throw badInput('input.parentId', 'directory.needsParent', { level: message(`areaLevels.${input.level}`), parent: message(`areaLevels.${expectedParent}`) });
        parent = await m.findOneBy(Area, { id: input.parentId });
        if (!parent) throw notFound('Area', input.parentId);
        if (parent.level !== expectedParent) throw badInput('input.parentId', 'directory.wrongParent', { level: message(`areaLevels.${input.level}`), parent: message(`areaLevels.${expectedParent}`), actual: message(`areaLevels.${parent.level}`) });
      }
      if (await m.existsBy(Area, { code: input.code })) throw conflict('directory.areaCodeExists', { code: input.code });
      const area = m.create(Area, {
        code: input.code,
        names: toLocalized(input.names),
        level: input.level,
        parentId: parent?.id ?? null,
        countryCode: parent?.countryCode ?? input.code,
        path: parent ? `${parent.path}/${input.code}` : input.code,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
      });
      await m.save(area);
      await recordAudit(m, viewer, 'area.created', 'area', area.id);
      return area;
    });
  }

  // ---- locations ---------------------------------------------------------------------------

  async listLocations(viewer: Viewer, filter: LocationFilter = {}, first: number, after?: string | null): Promise<Page<Location>> {
    const offset = decodeCursor(after);
    const { values: params, p } = sqlParams();
    const where = ['true'];
    if (filter.agencyIds?.length) where.push(`l.agency_id = ANY(${p(filter.agencyIds)}::uuid[])`);
    if (filter.facilityTypes?.length) where.push(`l.facility_type = ANY(${p(filter.facilityTypes)}::text[])`);
    if (filter.areaIds?.length) {
      // a hidden confidential location is in its public area only (never found by its locality)
      const hidden = confidentialHiddenSql('l', p(viewer.agencyId));
      where.push(`EXISTS (SELECT 1 FROM areas la CROSS JOIN LATERAL (SELECT CASE WHEN ${hidden} THEN ${publicAreaPathSql('l', 'la')} ELSE la.path END AS path) shown
        JOIN areas f ON f.id = ANY(${p(filter.areaIds)}::uuid[]) AND (shown.path = f.path OR shown.path LIKE f.path || '/%')
        WHERE la.id = l.area_id)`);
    }
    const from = `FROM locations l WHERE ${where.join(' AND ')}`;
    const countParams = [...params];
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ${selectColumns(this.db, Location, 'l')}, ${confidentialHiddenSql('l', p(viewer.agencyId))} AS ${HIDDEN_COLUMN} ${from}
       ORDER BY l.created_at, l.id LIMIT ${p(first + 1)} OFFSET ${p(offset)}`,
      params,
    );
    return toPage(rows, offset, first, async () => (await this.db.query(`SELECT count(*)::int AS n ${from}`, countParams))[0].n, (r) => hydrateLocation(this.db, r));
  }

  async createLocation(viewer: Viewer, input: CreateLocationInput): Promise<Location> {
    return this.write(async (m) => {
      const problems = this.coordinateProblems(input.latitude, input.longitude);
      if (problems.length) throw badInputs(problems);
      await this.requireExists(m, Agency, input.agencyId, 'Agency');
      await this.requireExists(m, Area, input.areaId, 'Area');
      const location = m.create(Location, {
        agencyId: input.agencyId,
        names: toLocalized(input.names),
        facilityType: input.facilityType,
        areaId: input.areaId,
        locality: input.locality ?? null,
        address: input.address ?? null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        confidential: input.confidential ?? false,
        createdBy: viewer.userId,
        updatedBy: viewer.userId,
      });
      await m.insert(Location, location);
      await recordDirectoryChange(m, viewer, DirectorySubject.LOCATION, location.id, DirectoryChangeAction.CREATED, givenFields(input));
      await recordAudit(m, viewer, 'location.created', 'location', location.id, { confidential: location.confidential });
      return Object.assign(location, { hiddenForViewer: false });
    });
  }

  async updateLocation(viewer: Viewer, input: UpdateLocationInput): Promise<Location> {
    return this.write(async (m) => {
      const location = await this.lockOne(m, Location, 'locations', input.id, 'Location');
      const changes = {
        ...given(input, ['facilityType', 'areaId', 'locality', 'address', 'latitude', 'longitude', 'confidential']),
        ...(input.names ? { names: toLocalized(input.names) } : {}),
      } as Partial<Location>;
      const lat = 'latitude' in changes ? changes.latitude : location.latitude;
      const lon = 'longitude' in changes ? changes.longitude : location.longitude;
      const problems = this.coordinateProblems(lat, lon);
      if (problems.length) throw badInputs(problems);
      if (changes.areaId) await this.requireExists(m, Area, changes.areaId, 'Area');
      // generated columns (geo, geo_public) must not be written: update only what changed
      await m.update(Location, { id: location.id }, { ...changes, updatedBy: viewer.userId, updatedAt: new Date() });
      const services: string[] = (await m.query(`SELECT service_id FROM service_locations WHERE location_id = $1`, [location.id])).map((s: { service_id: string }) => s.service_id);
      if (changes.areaId || 'confidential' in changes) await this.refreshDerived(m, { serviceIds: services });
      // a new place answers the reports that the services delivered there moved
      if (['areaId', 'locality', 'address', 'latitude', 'longitude'].some((k) => k in changes)) {
        await resolveOpenIssues(m, viewer, services, ServiceIssueResolution.LOCATION_UPDATED, [ServiceIssueKind.MOVED]);
      }
      await recordDirectoryChange(m, viewer, DirectorySubject.LOCATION, location.id, DirectoryChangeAction.UPDATED, givenFields(input).filter((k) => k !== 'id'));
      await recordAudit(m, viewer, 'location.updated', 'location', location.id, { fields: Object.keys(changes) });
      const [row] = await m.query(`SELECT ${selectColumns(this.db, Location, 'l')} FROM locations l WHERE l.id = $1`, [location.id]);
      return Object.assign(hydrate(this.db, Location, row), { hiddenForViewer: false });
    });
  }

  // ---- services ----------------------------------------------------------------------------

  async createService(viewer: Viewer, input: CreateServiceInput): Promise<Service> {
    return this.write(async (m) => {
      await this.requireExists(m, Agency, input.agencyId, 'Agency');
      const { fields, sites } = this.serviceFields(input, null);
      await this.checkServiceReferences(m, input.agencyId, input.categoryCodes, sites ? sites.map((r) => r.location_id) : input.locationIds, input.coverageAreaIds,
        fields.outreachData?.map((v) => v.areaId), null);
      const service = m.create(Service, {
        ...fields,
        agencyId: input.agencyId,
        names: toLocalized(input.names),
        populations: input.populations,
        status: input.status ?? ServiceStatus.ACTIVE,
        createdBy: viewer.userId,
        updatedBy: viewer.userId,
      } as Partial<Service>);
      await m.insert(Service, service);
      await this.replaceLinks(m, service.id, input.categoryCodes, sites ? undefined : input.locationIds ?? [], input.coverageAreaIds ?? []);
      if (sites) await replaceSites(m, service.id, sites);
      await this.refreshDerived(m, { serviceIds: [service.id] });
      await recordDirectoryChange(m, viewer, DirectorySubject.SERVICE, service.id, DirectoryChangeAction.CREATED, givenFields(input));
      await recordAudit(m, viewer, 'service.created', 'service', service.id, { agencyId: input.agencyId });
      return this.reload(m, service.id);
    });
  }

  async updateService(viewer: Viewer, input: UpdateServiceInput): Promise<Service> {
    return this.write(async (m) => {
      const service = await this.lockOne(m, Service, 'services', input.id, 'Service');
      const { fields, sites } = this.serviceFields(input, service);
      await this.checkServiceReferences(m, service.agencyId, input.categoryCodes, sites ? sites.map((r) => r.location_id) : input.locationIds, input.coverageAreaIds,
        fields.outreachData?.map((v) => v.areaId), service.id);
      const changes: Partial<Service> = {
        ...fields,
        ...(input.names ? { names: toLocalized(input.names) } : {}),
        ...(input.populations ? { populations: input.populations } : {}),
      };
      await m.update(Service, { id: service.id }, { ...changes, updatedBy: viewer.userId, updatedAt: new Date() } as any);
      if (input.categoryCodes || input.locationIds || input.coverageAreaIds) {
        await this.replaceLinks(m, service.id, input.categoryCodes, input.locationIds, input.coverageAreaIds);
      }
      if (sites) await replaceSites(m, service.id, sites);
      await this.refreshDerived(m, { serviceIds: [service.id] });
      const changed = [...Object.keys(changes), ...['categoryCodes', 'locationIds', 'coverageAreaIds', 'sites'].filter((k) => (input as any)[k])];
      // as the input names them (capacity, intakeContact...), as clients know them
      await recordDirectoryChange(m, viewer, DirectorySubject.SERVICE, service.id, DirectoryChangeAction.UPDATED, givenFields(input).filter((k) => k !== 'id'));
      // the owner reviewed and edited the entry: every open report is answered
      await resolveOpenIssues(m, viewer, [service.id], ServiceIssueResolution.SERVICE_UPDATED);
      await recordAudit(m, viewer, 'service.updated', 'service', service.id, { fields: changed });
      return this.reload(m, service.id);
    });
  }

  async verifyService(viewer: Viewer, id: string, note?: string | null): Promise<Service> {
    return this.write(async (m) => {
      await this.lockOne(m, Service, 'services', id, 'Service');
      await m.update(Service, { id }, {
        lastVerifiedAt: new Date(), lastVerifiedBy: viewer.userId, lastVerifiedNote: note ?? null, verificationRequestedAt: null, verificationRequestedBy: null,
      });
      await recordDirectoryChange(m, viewer, DirectorySubject.SERVICE, id, DirectoryChangeAction.VERIFIED, note ? ['note'] : []);
      await resolveOpenIssues(m, viewer, [id], ServiceIssueResolution.VERIFIED);
      await recordAudit(m, viewer, 'service.verified', 'service', id);
      return this.reload(m, id);
    });
  }

  async setServiceStatus(viewer: Viewer, id: string, status: ServiceStatus, reason?: string | null): Promise<Service> {
    return this.write(async (m) => {
      await this.lockOne(m, Service, 'services', id, 'Service');
      if (status !== ServiceStatus.ACTIVE && !reason?.trim()) throw badInput('reason', status === ServiceStatus.TEMPORARILY_CLOSED ? 'directory.whyTemporarilyClosed' : 'directory.whyInactive');
      await m.update(Service, { id }, { status, statusReason: reason?.trim() || null, updatedBy: viewer.userId, updatedAt: new Date() });
      await recordDirectoryChange(m, viewer, DirectorySubject.SERVICE, id, DirectoryChangeAction.STATUS_CHANGED, ['status', 'statusReason']);
      // the status answers reports that it closed; a withdrawn entry answers them all
      await resolveOpenIssues(m, viewer, [id], ServiceIssueResolution.STATUS_CHANGED, status === ServiceStatus.INACTIVE ? undefined : [ServiceIssueKind.CLOSED]);
      await recordAudit(m, viewer, 'service.status_changed', 'service', id, { status });
      return this.reload(m, id);
    });
  }

  async updateServiceCapacity(viewer: Viewer, id: string, available: number, total?: number | null, locationId?: string | null): Promise<Service> {
    return this.write(async (m) => {
      if (available < 0) throw badInput('available', 'directory.zeroOrMore');
      if (total !== undefined && total !== null && total < 0) throw badInput('total', 'directory.zeroOrMore');
      const service = await this.lockOne(m, Service, 'services', id, 'Service');
      if (locationId) return this.updateSiteCapacity(m, viewer, service, locationId, available, total);
      if (service.capacityPerSite) throw badInput('locationId', 'directory.perSiteCapacity');
      const newTotal = total === undefined ? service.capacityTotal : total;
      if (newTotal !== null && available > newTotal) throw badInput('available', 'directory.moreThanTotal', { total: newTotal });
      await m.update(Service, { id }, { capacityAvailable: available, capacityTotal: newTotal, capacityUpdatedAt: new Date(), updatedBy: viewer.userId, updatedAt: new Date() });
      await recordDirectoryChange(m, viewer, DirectorySubject.SERVICE, id, DirectoryChangeAction.CAPACITY_UPDATED, ['capacity']);
      // focal points update capacity many times a day: it answers reports that the service is full, nothing else
      await resolveOpenIssues(m, viewer, [id], ServiceIssueResolution.CAPACITY_UPDATED, [ServiceIssueKind.FULL]);
      await recordAudit(m, viewer, 'service.capacity_updated', 'service', id, { available, total: newTotal });
      return this.reload(m, id);
    });
  }

  /** Places at one site: the service then counts places per site, and its own capacity is their sum. */
  private async updateSiteCapacity(m: EntityManager, viewer: Viewer, service: Service, locationId: string, available: number, total?: number | null): Promise<Service> {
    const [site] = isUuid(locationId)
      ? await m.query(`SELECT capacity_total FROM service_locations WHERE service_id = $1 AND location_id = $2 FOR UPDATE`, [service.id, locationId])
      : [];
    if (!site) throw badInput('locationId', 'directory.notASite', { id: locationId });
    const newTotal = total === undefined ? site.capacity_total : total;
    if (newTotal !== null && available > newTotal) throw badInput('available', 'directory.moreThanSiteTotal', { total: newTotal });
    await m.query(`UPDATE service_locations SET capacity_available = $3, capacity_total = $4, capacity_updated_at = now() WHERE service_id = $1 AND location_id = $2`,
      [service.id, locationId, available, newTotal]);
    await m.update(Service, { id: service.id }, { updatedBy: viewer.userId, updatedAt: new Date() });
    await this.refreshDerived(m, { serviceIds: [service.id] });
    await recordAudit(m, viewer, 'service.capacity_updated', 'service', service.id, { locationId: locationId.toLowerCase(), available, total: newTotal });
    return this.reload(m, service.id);
  }

  // ---- partnerships ------------------------------------------------------------------------

  async listPartnerships(viewer: Viewer, agencyId: string, includeEnded: boolean): Promise<Partnership[]> {
    if (!isUuid(agencyId)) throw notFound('Agency', agencyId);
    return this.db.getRepository(Partnership).find({
      where: [
        // TypeORM refuses a plain null in a where clause: IsNull() says "ended_at IS NULL"
        { providerAgencyId: agencyId, ...(includeEnded ? {} : { endedAt: IsNull() }) },
        { partnerAgencyId: agencyId, ...(includeEnded ? {} : { endedAt: IsNull() }) },
      ],
      order: { startedAt: 'DESC' },
      take: 500,
    });
  }

  async recordPartnership(viewer: Viewer, providerAgencyId: string, partnerAgencyId: string, note?: string | null): Promise<Partnership> {
    if (providerAgencyId === partnerAgencyId) throw badInput('partnerAgencyId', 'directory.partnerIsProvider');
    return this.write(async (m) => {
      await this.requireExists(m, Agency, providerAgencyId, 'Agency');
      await this.requireExists(m, Agency, partnerAgencyId, 'Agency');
      const existing = await m.query(`SELECT 1 FROM partnerships WHERE provider_agency_id = $1 AND partner_agency_id = $2 AND ended_at IS NULL FOR UPDATE`, [providerAgencyId, partnerAgencyId]);
      if (existing.length) throw conflict('directory.partnershipExists');
      const partnership = m.create(Partnership, { providerAgencyId, partnerAgencyId, note: note ?? null, recordedBy: viewer.userId });
      await m.save(partnership);
      await recordAudit(m, viewer, 'partnership.recorded', 'partnership', partnership.id, { providerAgencyId, partnerAgencyId });
      return partnership;
    });
  }

  async endPartnership(viewer: Viewer, id: string, reason: string): Promise<Partnership> {
    if (!reason.trim()) throw badInput('reason', 'directory.whyPartnershipEnds');
    return this.write(async (m) => {
      const partnership = await this.lockOne(m, Partnership, 'partnerships', id, 'Partnership');
      if (partnership.endedAt) throw conflict('directory.partnershipEnded', { date: partnership.endedAt.toISOString() });
      Object.assign(partnership, { endedAt: new Date(), endReason: reason.trim() });
      await m.save(partnership);
      await recordAudit(m, viewer, 'partnership.ended', 'partnership', id);
      return partnership;
    });
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Loads a row FOR UPDATE so concurrent writes to one record queue up instead of overwriting each other. */
  private async lockOne<T extends object>(m: EntityManager, target: new () => T, table: string, id: string, kind: RecordKind): Promise<T> {
    if (!isUuid(id)) throw notFound(kind, id);
    const [row] = await m.query(`SELECT ${selectColumns(this.db, target, 't')} FROM ${table} t WHERE t.id = $1 FOR UPDATE`, [id]);
    if (!row) throw notFound(kind, id);
    return hydrate(this.db, target, row);
  }

  private async requireExists(m: EntityManager, target: new () => object, id: string, kind: RecordKind): Promise<void> {
    if (!isUuid(id) || !(await m.existsBy(target, { id } as any))) throw notFound(kind, id);
  }

  private async reload(m: EntityManager, id: string): Promise<Service> {
    const [row] = await m.query(`SELECT ${selectColumns(this.db, Service, 's')} FROM services s WHERE s.id = $1`, [id]);
    return hydrate(this.db, Service, row);
  }

  private coordinateProblems(lat: number | null | undefined, lon: number | null | undefined): Problem[] {
    const hasLat = lat !== null && lat !== undefined;
    const hasLon = lon !== null && lon !== undefined;
    if (hasLat === hasLon) return [];
    return [problem(hasLat ? 'input.longitude' : 'input.latitude', 'directory.bothCoordinates')];
  }

  /** Checks and converts the optional service fields (and sites); `current` is the stored service when updating. */
  private serviceFields(input: CreateServiceInput | UpdateServiceInput, current: Service | null): { fields: Partial<Service>; sites: SiteRecord[] | null } {
    const problems: Problem[] = [];
    const details = detailChanges(input, current, problems);
    const sites = input.sites ? siteRecords(input.sites, problems) : null;
    const ageMin = input.ageMin !== undefined ? input.ageMin : current?.ageMin ?? null;
    const ageMax = input.ageMax !== undefined ? input.ageMax : current?.ageMax ?? null;
    if (ageMin !== null && ageMax !== null && ageMin > ageMax) problems.push(problem('input.ageMax', 'directory.ageMaxBelowMin', { min: ageMin }));
    const timezone = input.timezone ?? current?.timezone ?? 'UTC';
    if (input.timezone !== undefined && !isTimeZone(input.timezone)) problems.push(problem('input.timezone', 'directory.timeZone'));
    const hours = input.openingHours;
    if (hours) {
      hours.forEach((h, i) => {
        if (h.closes <= h.opens) problems.push(problem(`input.openingHours[${i}].closes`, 'directory.closesAfterOpensMidnight', { opens: h.opens }));
      });
      if (hours.length && input.timezone === undefined && !current) problems.push(problem('input.timezone', 'directory.hoursNeedTimeZone'));
    }
    if (input.capacity && input.capacity.total !== null && input.capacity.total !== undefined && input.capacity.available > input.capacity.total) {
      problems.push(problem('input.capacity.available', 'directory.availableOverTotal', { total: input.capacity.total }));
    }
    for (const f of input.referralFields ?? []) if (!isCatalogueField(f)) problems.push(problem('input.referralFields', 'directory.notCatalogueField', { field: f }));
    if (problems.length) throw badInputs(problems);

    const out: Partial<Service> = {};
    if (input.descriptions !== undefined) out.descriptions = toLocalized(input.descriptions);
    if (input.ageMin !== undefined) out.ageMin = input.ageMin;
    if (input.ageMax !== undefined) out.ageMax = input.ageMax;
    if (input.genders !== undefined) out.genders = [...new Set(input.genders)];
    if (input.languages !== undefined) out.languages = [...new Set(input.languages)];
    if (input.channels !== undefined) out.channels = [...new Set(input.channels)];
    if (input.open24Hours !== undefined) out.open24Hours = input.open24Hours;
    if (input.timezone !== undefined) out.timezone = timezone;
    if (hours) out.openingHours = [...hours].sort((a, b) => ISO_WEEKDAY[a.day] - ISO_WEEKDAY[b.day] || a.opens.localeCompare(b.opens)).map((h) => ({ day: h.day, opens: h.opens, closes: h.closes }));
    if (input.capacity !== undefined) {
      out.capacityAvailable = input.capacity?.available ?? null;
      out.capacityTotal = input.capacity?.total ?? null;
      out.capacityUpdatedAt = input.capacity ? new Date() : null;
    }
    if (input.intakeContact !== undefined) out.intakeContactData = { name: input.intakeContact.name ?? null, phone: input.intakeContact.phone ?? null, email: input.intakeContact.email ?? null };
    if (input.howToRefer !== undefined) out.howToReferText = toLocalized(input.howToRefer);
    if (input.costFree !== undefined) out.costFree = input.costFree;
    if (input.costNote !== undefined) out.costNote = input.costNote;
    if (input.referralFields !== undefined) out.referralFields = [...new Set(input.referralFields)];
    return { fields: { ...out, ...details }, sites };
  }

  /**
   * Categories must exist, and a retired one may stay on a service that has it but is not added (see
   * categories.ts); locations must exist and belong to the providing agency; areas (coverage, outreach) must exist.
   */
  private async checkServiceReferences(m: EntityManager, agencyId: string, categoryCodes: string[] | undefined, locationIds: string[] | undefined, areaIds: string[] | undefined,
    outreachAreaIds: string[] | undefined, serviceId: string | null): Promise<void> {
    const [found] = await m.query(
      `SELECT ARRAY(SELECT code FROM service_categories WHERE code = ANY($1::text[])) AS categories,
              ARRAY(SELECT c.code FROM service_categories c WHERE c.code = ANY($1::text[]) AND c.retired_at IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM service_category_links l WHERE l.service_id = $5::uuid AND l.category_code = c.code)) AS newly_retired,
              ARRAY(SELECT id::text FROM locations WHERE id = ANY($2::uuid[])) AS locations,
              ARRAY(SELECT id::text FROM locations WHERE id = ANY($2::uuid[]) AND agency_id = $4) AS own_locations,
              ARRAY(SELECT id::text FROM areas WHERE id = ANY($3::uuid[]) OR id = ANY($6::uuid[])) AS areas`,
      [categoryCodes ?? [], locationIds ?? [], areaIds ?? [], agencyId, serviceId, outreachAreaIds ?? []],
    );
    const problems: Problem[] = [];
    for (const c of categoryCodes ?? []) if (!found.categories.includes(c)) problems.push(problem('input.categoryCodes', 'directory.unknownCategory', { code: c }));
    for (const c of found.newly_retired) problems.push(problem('input.categoryCodes', 'directory.retiredCategory', { code: c }));
    for (const l of locationIds ?? []) {
      if (!found.locations.includes(l.toLowerCase())) problems.push(problem('input.locationIds', 'directory.unknownLocation', { id: l }));
      else if (!found.own_locations.includes(l.toLowerCase())) problems.push(problem('input.locationIds', 'directory.otherAgencysLocation', { id: l }));
    }
    for (const a of areaIds ?? []) if (!found.areas.includes(a.toLowerCase())) problems.push(problem('input.coverageAreaIds', 'directory.unknownArea', { id: a }));
    (outreachAreaIds ?? []).forEach((a, i) => {
      if (!found.areas.includes(a)) problems.push(problem(`input.outreach[${i}].areaId`, 'directory.unknownArea', { id: a }));
    });
    if (problems.length) throw badInputs(problems);
  }

  private async replaceLinks(m: EntityManager, serviceId: string, categoryCodes?: string[], locationIds?: string[], areaIds?: string[]): Promise<void> {
    if (categoryCodes) {
      await m.query(`DELETE FROM service_category_links WHERE service_id = $1`, [serviceId]);
      await m.query(`INSERT INTO service_category_links (service_id, category_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [serviceId, categoryCodes]);
    }
    if (locationIds) {
      // sites kept keep their own hours, capacity and closures
      await m.query(`DELETE FROM service_locations WHERE service_id = $1 AND location_id <> ALL($2::uuid[])`, [serviceId, locationIds]);
      await m.query(`INSERT INTO service_locations (service_id, location_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [serviceId, locationIds]);
    }
    if (areaIds) {
      await m.query(`DELETE FROM service_areas WHERE service_id = $1`, [serviceId]);
      await m.query(`INSERT INTO service_areas (service_id, area_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [serviceId, areaIds]);
    }
  }

  /**
   * Recomputes the columns that make search fast: category codes with their ancestors, the codes of every
   * area a service touches (with ancestors), the codes it explicitly covers, and the text searched.
   */
  async refreshDerived(m: EntityManager, scope: { serviceIds: string[] } | { agencyId: string } | { all: true }): Promise<void> {
    const [condition, params] =
      'serviceIds' in scope ? ['s.id = ANY($1::uuid[])', [scope.serviceIds]] : 'agencyId' in scope ? ['s.agency_id = $1', [scope.agencyId]] : ['true', []];
    await m.query(
      `UPDATE services s SET
        category_codes = coalesce((
          SELECT array_agg(DISTINCT array_to_string((string_to_array(l.category_code, '.'))[1:n], '.'))
          FROM service_category_links l, generate_series(1, cardinality(string_to_array(l.category_code, '.'))) n
          WHERE l.service_id = s.id), '{}'),
        coverage_codes = coalesce((SELECT array_agg(a.code) FROM service_areas sa JOIN areas a ON a.id = sa.area_id WHERE sa.service_id = s.id), '{}'),
        area_closure = coalesce((
          SELECT array_agg(DISTINCT x) FROM (
            SELECT a.path FROM service_areas sa JOIN areas a ON a.id = sa.area_id WHERE sa.service_id = s.id
            UNION ALL
            -- a confidential location counts in the area above its locality (policy/confidential-locations.ts)
            SELECT ${publicAreaPathSql('l', 'a')} FROM service_locations sl JOIN locations l ON l.id = sl.location_id JOIN areas a ON a.id = l.area_id WHERE sl.service_id = s.id
          ) paths, unnest(string_to_array(paths.path, '/')) x), '{}'),
        search_document = concat_ws(' ',
          (SELECT string_agg(value, ' ') FROM jsonb_each_text(s.names)),
          (SELECT string_agg(value, ' ') FROM jsonb_each_text(s.descriptions)),
          (SELECT concat_ws(' ', a.acronym,
              (SELECT string_agg(value, ' ') FROM jsonb_each_text(a.names)),
              (SELECT string_agg(value, ' ') FROM jsonb_each_text(a.descriptions)))
           FROM agencies a WHERE a.id = s.agency_id),
          (SELECT string_agg(value, ' ') FROM service_category_links l JOIN service_categories c ON c.code = l.category_code,
              jsonb_each_text(c.names) WHERE l.service_id = s.id)),${SITE_DERIVED_SQL}
      WHERE ${condition}`,
      params,
    );
  }
}

export function hydrateLocation(db: DataSource, row: Record<string, unknown>): Location {
  return Object.assign(hydrate(db, Location, row), { hiddenForViewer: row[HIDDEN_COLUMN] === true });
}
