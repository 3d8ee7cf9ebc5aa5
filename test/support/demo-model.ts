import type { DemoService } from '../../seed/types';

/**
 * What the demo data says about a service's hours and places, per site, written from the data's point of
 * view (not the server's code): the expectations of the search tests.
 */

/** Local date, weekday and HH:MM of an instant in a time zone. */
export function local(instant: Date, timezone: string): { date: string; day: string; time: string } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: timezone, weekday: 'long', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, day: String(parts.weekday).toUpperCase(), time: `${parts.hour}:${parts.minute}` };
}

const closedOn = (closures: { from: string; to: string }[], date: string) => closures.some((c) => c.from <= date && date <= c.to);

/** Each place the service is delivered, with the hours, closures and places that apply there. */
export function sitesOf(s: DemoService) {
  const perSite = s.details.sites.some((x) => x.capacity);
  const sites = s.locations.length ? s.locations : [null];
  return sites.map((location) => {
    const own = s.details.sites.find((x) => x.location === location);
    return {
      location,
      open24Hours: own?.open24Hours ?? s.open24Hours ?? false,
      openingHours: own?.openingHours ?? s.openingHours,
      closures: [...s.details.closures, ...(own?.closures ?? [])],
      // counted per site: the site's own (none: not counted); else the service's
      available: perSite ? own?.capacity?.available ?? null : s.capacity?.available ?? null,
    };
  });
}

/** The date of an outreach visit, as the demo loader computes it (UTC date of the day it loads). */
export const visitDate = (inDays: number) => new Date(Date.now() + inDays * 86_400_000).toISOString().slice(0, 10);

export function siteOpenAt(site: ReturnType<typeof sitesOf>[number], timezone: string, instant: Date): boolean {
  const l = local(instant, timezone);
  if (closedOn(site.closures, l.date)) return false;
  return site.open24Hours || site.openingHours.some((h) => h.day === l.day && h.opens <= l.time && l.time < h.closes);
}

/** Open at the instant at one of its sites, or a mobile team's visit under way; with `withPlaces`, at a site with places. */
export function openAt(s: DemoService, instant: Date, withPlaces = false): boolean {
  const atSite = sitesOf(s).some((site) => siteOpenAt(site, s.timezone, instant) && (!withPlaces || site.available === null || site.available > 0));
  const l = local(instant, s.timezone);
  const visiting = !closedOn(s.details.closures, l.date)
    && s.details.outreach.some((v) => visitDate(v.inDays) === l.date && v.opens <= l.time && l.time < v.closes)
    && (!withPlaces || hasPlaces(s));
  return atSite || visiting;
}

/** Places available, or not counted, at one of its sites. */
export const hasPlaces = (s: DemoService) => sitesOf(s).some((site) => site.available === null || site.available > 0);
