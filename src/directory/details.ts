import type { EntityManager } from 'typeorm';
import type { Localized } from '../shared/i18n';
import { toLocalized } from '../shared/i18n';
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

export type Problem = { field: string; problem: string };

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
    if (h.closes <= h.opens) problems.push({ field: `${field}[${i}].closes`, problem: `must be after opens (${h.opens}); split hours that pass midnight in two days` });
  });
  return [...hours].sort((a, b) => ISO_WEEKDAY[a.day] - ISO_WEEKDAY[b.day] || a.opens.localeCompare(b.opens)).map((h) => ({ day: h.day, opens: h.opens, closes: h.closes }));
}

export function closuresOf(closures: ClosureInput[], field: string, problems: Problem[]): StoredClosure[] {
  closures.forEach((c, i) => {
    if (c.to < c.from) problems.push({ field: `${field}[${i}].to`, problem: `must be on or after from (${c.from})` });
    else if ((Date.parse(c.to) - Date.parse(c.from)) / DAY_MS >= MAX_CLOSURE_DAYS) {
      problems.push({ field: `${field}[${i}].to`, problem: 'a closure is at most a year; for longer, set the service TEMPORARILY_CLOSED (setServiceStatus)' });
    }
  });
  return [...closures].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)).map((c) => ({ from: c.from, to: c.to, reasons: toLocalized(c.reasons) }));
}

function contactsOf(contacts: ServiceContactInput[], problems: Problem[]): StoredContact[] {
  return contacts.map((c, i) => {
    if (!c.phone && !c.email) problems.push({ field: `input.contacts[${i}]`, problem: 'give a phone number or an e-mail address' });
    if (c.role === ContactRole.AFTER_HOURS_EMERGENCY && !c.phone) problems.push({ field: `input.contacts[${i}].phone`, problem: 'an after-hours emergency contact needs a phone number' });
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
      problems.push({ field: 'input.costFree', problem: `contradicts fees.kind ${kind}; leave costFree out` });
    }
    const options = input.fees.options ?? [];
    if (kind === FeeKind.FREE && options.length) problems.push({ field: 'input.fees.options', problem: 'a FREE service has no prices' });
    options.forEach((o, i) => {
      const hasAmount = o.amount !== undefined && o.amount !== null;
      if (hasAmount && !o.currency) problems.push({ field: `input.fees.options[${i}].currency`, problem: 'give the currency of the amount (ISO 4217, e.g. "XOF")' });
      if (!hasAmount && !o.descriptions?.length) problems.push({ field: `input.fees.options[${i}]`, problem: 'give an amount or a description' });
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
    for (const c of excluded.filter((x) => only.includes(x))) problems.push({ field: 'input.eligibility.excludedNationalities', problem: `"${c}" is also in nationalities` });
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
      if (v.closes <= v.opens) problems.push({ field: `input.outreach[${i}].closes`, problem: `must be after opens (${v.opens})` });
    });
    out.outreachData = [...input.outreach].sort((a, b) => a.date.localeCompare(b.date) || a.opens.localeCompare(b.opens))
      .map((v): StoredOutreachVisit => ({ date: v.date, opens: v.opens, closes: v.closes, areaId: v.areaId.toLowerCase(), places: toLocalized(v.places) }));
  }
  if (input.sites && input.locationIds) problems.push({ field: 'input.sites', problem: 'give sites or locationIds, not both' });
  const sitesCount = input.sites?.some((s) => s.capacity) ?? false;
  if (input.capacity && sitesCount) problems.push({ field: 'input.capacity', problem: 'places are counted per site here (sites[].capacity): give one or the other' });
  else if (input.capacity && current?.capacityPerSite && !input.sites) {
    problems.push({ field: 'input.capacity', problem: 'this service counts places per site: give them in sites[].capacity, or use updateServiceCapacity with a locationId' });
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
    if (seen.has(id)) problems.push({ field: `${field}.locationId`, problem: `location ${s.locationId} is given twice` });
    seen.add(id);
    if (s.timezone && !isTimeZone(s.timezone)) problems.push({ field: `${field}.timezone`, problem: 'must be an IANA time zone such as "Africa/Niamey"' });
    if (s.capacity && s.capacity.total !== null && s.capacity.total !== undefined && s.capacity.available > s.capacity.total) {
      problems.push({ field: `${field}.capacity.available`, problem: `cannot be more than total (${s.capacity.total})` });
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
