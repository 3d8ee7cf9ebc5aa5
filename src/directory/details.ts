import type { EntityManager } from 'typeorm';
import type { Localized } from '../shared/i18n';
import { toLocalized } from '../shared/i18n';
import { problem, type Problem } from '../shared/errors';
import { ContactRole, FeeKind } from './details-enums';
import type {
  ClosureInput, HoursInput, ServiceContactInput, ServiceSiteInput,
} from './details-inputs';
import type {
  StoredClosure, StoredContact, StoredCostOption, StoredHours, StoredOutreachVisit, StoredRequiredDocument,
} from './details-types';
import type { Service } from './entities';
import { ISO_WEEKDAY } from './enums';
import type { CreateServiceInput, UpdateServiceInput } from './inputs';

/**
 * The write side of the details that decide a referral: checks that need more than one field (dates in
 * order, a price with its currency, sites or locationIds), and the conversion to the stored shapes.
 */

export type { Problem } from '../shared/errors';

const MAX_CLOSURE_DAYS = 366;
const DAY_MS = 86_400_000;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Weekly hours, checked (closes after opens) and sorted by day and time. */
export function weeklyHours(hours: HoursInput[], field: string, problems: Problem[]): StoredHours[] {
  hours.forEach((h, i) => {
    if (h.closes <= h.opens) problems.push(problem(`${field}[${i}].closes`, 'directory.closesAfterOpensMidnight', { opens: h.opens }));
  });
  return [...hours].sort((a, b) => ISO_WEEKDAY[a.day] - ISO_WEEKDAY[b.day] || a.opens.localeCompare(b.opens)).map((h) => ({ day: h.day, opens: h.opens, closes: h.closes }));
}

export function closuresOf(closures: ClosureInput[], field: string, problems: Problem[]): StoredClosure[] {
  closures.forEach((c, i) => {
    if (c.to < c.from) problems.push(problem(`${field}[${i}].to`, 'directory.closureOrder', { from: c.from }));
    else if ((Date.parse(c.to) - Date.parse(c.from)) / DAY_MS >= MAX_CLOSURE_DAYS) {
      problems.push(problem(`${field}[${i}].to`, 'directory.closureTooLong'));
    }
  });
  return [...closures].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)).map((c) => ({ from: c.from, to: c.to, reasons: toLocalized(c.reasons) }));
}

function contactsOf(contacts: ServiceContactInput[], problems: Problem[]): StoredContact[] {
  return contacts.map((c, i) => {
    if (!c.phone && !c.email) problems.push(problem(`input.contacts[${i}]`, 'directory.phoneOrEmail'));
    if (c.role === ContactRole.AFTER_HOURS_EMERGENCY && !c.phone) problems.push(problem(`input.contacts[${i}].phone`, 'directory.afterHoursPhone'));
    return {
      role: c.role, name: c.name?.trim() || null, title: c.title?.trim() || null, phone: c.phone ?? null, email: c.email ?? null,
      languages: [...new Set(c.languages ?? [])], hours: c.always ? [] : weeklyHours(c.hours ?? [], `input.contacts[${i}].hours`, problems), always: c.always ?? false,
    };
  });
}

/** The stored fee kind and prices, from the fees input and/or the older costFree. */
function feeChanges(input: CreateServiceInput | UpdateServiceInput, current: Service | null, problems: Problem[]): Partial<Service> {
  const out: Partial<Service> = {};
  if (input.fees) {
    const { kind } = input.fees;
    if (input.costFree !== undefined && input.costFree !== null && input.costFree !== (kind === FeeKind.FREE)) {
      problems.push(problem('input.costFree', 'directory.costFreeContradicts', { kind }));
    }
    const options = input.fees.options ?? [];
    if (kind === FeeKind.FREE && options.length) problems.push(problem('input.fees.options', 'directory.freeHasNoPrices'));
    options.forEach((o, i) => {
      const hasAmount = o.amount !== undefined && o.amount !== null;
      if (hasAmount && !o.currency) problems.push(problem(`input.fees.options[${i}].currency`, 'directory.currencyOfAmount'));
      if (!hasAmount && !o.descriptions?.length) problems.push(problem(`input.fees.options[${i}]`, 'directory.amountOrDescription'));
    });
    out.feeKind = kind;
    out.costFree = kind === FeeKind.FREE;
    out.costOptions = options.map((o): StoredCostOption => ({ amount: o.amount ?? null, currency: o.currency ?? null, descriptions: toLocalized(o.descriptions) }));
    out.feesTexts = toLocalized(input.fees.descriptions);
  } else if (input.costFree !== undefined && input.costFree !== null) {
    // the older switch: keep a sliding scale as it is when the service stays not free
    out.feeKind = input.costFree ? FeeKind.FREE : current?.feeKind && current.feeKind !== FeeKind.FREE ? current.feeKind : FeeKind.FEE;
    if (input.costFree) out.costOptions = [];
  }
  return out;
}

/** Changes of the detail groups given in a create or update; a group left out stays as it is. */
export function detailChanges(input: CreateServiceInput | UpdateServiceInput, current: Service | null, problems: Problem[]): Partial<Service> {
  const out: Partial<Service> = feeChanges(input, current, problems);
  if (input.eligibility) {
    const e = input.eligibility;
    const only = [...new Set(e.nationalities ?? [])].sort();
    const excluded = [...new Set(e.excludedNationalities ?? [])].sort();
    for (const c of excluded.filter((x) => only.includes(x))) problems.push(problem('input.eligibility.excludedNationalities', 'directory.alsoInNationalities', { code: c }));
    Object.assign(out, {
      eligibilityTexts: toLocalized(e.descriptions), documentsRequired: e.documentsRequired ?? null, acceptsUndocumented: e.acceptsWithoutDocuments ?? null,
      eligibleNationalities: only, excludedNationalities: excluded,
    });
  }
  if (input.requiredDocuments) {
    out.requiredDocumentsData = input.requiredDocuments.map((d): StoredRequiredDocument => ({ type: d.type, labels: toLocalized(d.labels), url: d.url ?? null }));
  }
  if (input.accessibility) {
    out.accessibilityFeatures = [...new Set(input.accessibility.features)];
    out.accessibilityTexts = toLocalized(input.accessibility.details);
  }
  if (input.interpretation) {
    const i = input.interpretation;
    Object.assign(out, {
      interpretationLanguages: [...new Set(i.languages)], interpretationByPhone: i.byPhone ?? false, interpretationInPerson: i.inPerson ?? false,
      interpretationTexts: toLocalized(i.notes),
    });
  }
  if (input.standards) out.standardCodes = [...new Set(input.standards)];
  if (input.contacts) out.contactsData = contactsOf(input.contacts, problems);
  if (input.closures) out.closuresData = closuresOf(input.closures, 'input.closures', problems);
  if (input.outreach) {
    input.outreach.forEach((v, i) => {
      if (v.closes <= v.opens) problems.push(problem(`input.outreach[${i}].closes`, 'directory.closesAfterOpens', { opens: v.opens }));
    });
    out.outreachData = [...input.outreach].sort((a, b) => a.date.localeCompare(b.date) || a.opens.localeCompare(b.opens))
      .map((v): StoredOutreachVisit => ({ date: v.date, opens: v.opens, closes: v.closes, areaId: v.areaId.toLowerCase(), places: toLocalized(v.places) }));
  }
  if (input.sites && input.locationIds) problems.push(problem('input.sites', 'directory.sitesOrLocations'));
  const sitesCount = input.sites?.some((s) => s.capacity) ?? false;
  if (input.capacity && sitesCount) problems.push(problem('input.capacity', 'directory.capacityOrSites'));
  else if (input.capacity && current?.capacityPerSite && !input.sites) {
    problems.push(problem('input.capacity', 'directory.capacityPerSite'));
  } else if (input.capacity !== undefined) {
    // places for the whole service again: refreshDerived must not take them for the sum of sites that stopped counting
    out.capacityPerSite = false;
  }
  return out;
}

/** A site as stored in its service_locations row. */
export interface SiteRecord {
  location_id: string;
  opening_hours: StoredHours[] | null;
  open_24_hours: boolean | null;
  timezone: string | null;
  capacity_available: number | null;
  capacity_total: number | null;
  closures: StoredClosure[];
  notes: Localized;
}

export function siteRecords(sites: ServiceSiteInput[], problems: Problem[]): SiteRecord[] {
  const seen = new Set<string>();
  return sites.map((s, i) => {
    const field = `input.sites[${i}]`;
    const id = s.locationId.toLowerCase();
    if (seen.has(id)) problems.push(problem(`${field}.locationId`, 'directory.locationTwice', { id: s.locationId }));
    seen.add(id);
    if (s.timezone && !isTimeZone(s.timezone)) problems.push(problem(`${field}.timezone`, 'directory.timeZone'));
    if (s.capacity && s.capacity.total !== null && s.capacity.total !== undefined && s.capacity.available > s.capacity.total) {
      problems.push(problem(`${field}.capacity.available`, 'directory.availableOverTotal', { total: s.capacity.total }));
    }
    return {
      location_id: id,
      opening_hours: s.openingHours ? weeklyHours(s.openingHours, `${field}.openingHours`, problems) : null,
      open_24_hours: s.open24Hours ?? null,
      timezone: s.timezone ?? null,
      capacity_available: s.capacity?.available ?? null,
      capacity_total: s.capacity ? s.capacity.total ?? null : null,
      closures: closuresOf(s.closures ?? [], `${field}.closures`, problems),
      notes: toLocalized(s.notes),
    };
  });
}

/** Replaces the sites of a service with `records`, keeping nothing of the sites left out. */
export async function replaceSites(m: Pick<EntityManager, 'query'>, serviceId: string, records: SiteRecord[]): Promise<void> {
  await m.query(`DELETE FROM service_locations WHERE service_id = $1 AND location_id <> ALL($2::uuid[])`, [serviceId, records.map((r) => r.location_id)]);
  if (!records.length) return;
  await m.query(
    `INSERT INTO service_locations (service_id, location_id, opening_hours, open_24_hours, timezone, capacity_available, capacity_total, capacity_updated_at, closures, notes)
     SELECT $1, x.location_id, x.opening_hours, x.open_24_hours, x.timezone, x.capacity_available, x.capacity_total,
            CASE WHEN x.capacity_available IS NOT NULL THEN now() END, coalesce(x.closures, '[]'), coalesce(x.notes, '{}')
       FROM jsonb_to_recordset($2::jsonb) AS x(location_id uuid, opening_hours jsonb, open_24_hours boolean, timezone text,
            capacity_available int, capacity_total int, closures jsonb, notes jsonb)
     ON CONFLICT (service_id, location_id) DO UPDATE SET opening_hours = EXCLUDED.opening_hours, open_24_hours = EXCLUDED.open_24_hours,
       timezone = EXCLUDED.timezone, capacity_available = EXCLUDED.capacity_available, capacity_total = EXCLUDED.capacity_total,
       capacity_updated_at = EXCLUDED.capacity_updated_at, closures = EXCLUDED.closures, notes = EXCLUDED.notes`,
    [serviceId, JSON.stringify(records)],
  );
}

/**
 * SQL assignments for refreshDerived (UPDATE services s SET ...): whether some site has anything of its
 * own, and when sites count places, the service's capacity as their sum (a service that stops counting
 * per site goes back to "not tracked"). In an UPDATE, s.capacity_per_site is the value before it.
 */
export const SITE_DERIVED_SQL = `
        site_details = EXISTS (SELECT 1 FROM service_locations sl WHERE sl.service_id = s.id AND (sl.opening_hours IS NOT NULL
          OR sl.open_24_hours IS NOT NULL OR sl.timezone IS NOT NULL OR sl.capacity_available IS NOT NULL OR sl.closures <> '[]'::jsonb)),
        capacity_per_site = EXISTS (SELECT 1 FROM service_locations sl WHERE sl.service_id = s.id AND sl.capacity_available IS NOT NULL),
        capacity_available = CASE
          WHEN EXISTS (SELECT 1 FROM service_locations sl WHERE sl.service_id = s.id AND sl.capacity_available IS NOT NULL)
            THEN (SELECT sum(sl.capacity_available)::int FROM service_locations sl WHERE sl.service_id = s.id)
          WHEN s.capacity_per_site THEN NULL ELSE s.capacity_available END,
        capacity_total = CASE
          WHEN EXISTS (SELECT 1 FROM service_locations sl WHERE sl.service_id = s.id AND sl.capacity_available IS NOT NULL)
            THEN (SELECT CASE WHEN bool_and(sl.capacity_total IS NOT NULL) THEN sum(sl.capacity_total)::int END
                    FROM service_locations sl WHERE sl.service_id = s.id AND sl.capacity_available IS NOT NULL)
          WHEN s.capacity_per_site THEN NULL ELSE s.capacity_total END,
        capacity_updated_at = CASE
          WHEN EXISTS (SELECT 1 FROM service_locations sl WHERE sl.service_id = s.id AND sl.capacity_available IS NOT NULL)
            THEN (SELECT max(sl.capacity_updated_at) FROM service_locations sl WHERE sl.service_id = s.id)
          WHEN s.capacity_per_site THEN NULL ELSE s.capacity_updated_at END`;
