import type { StoredClosure, StoredHours, StoredOutreachVisit } from './details-types';

/**
 * "Is it open at this instant?" for one site (or contact line), in JavaScript for the fields of a page
 * already loaded (ServiceSite.openNow, openAt). The search filter asks the same question in SQL
 * (search.ts, openAtSql): closures first, then around the clock, then the weekly hours; closing time
 * excluded; days and times are local to the time zone.
 */
export interface Schedule {
  open24Hours: boolean;
  openingHours: StoredHours[];
  timezone: string;
  closures: Pick<StoredClosure, 'from' | 'to'>[];
}

export interface LocalTime { date: string; day: string; time: string }

const formats = new Map<string, Intl.DateTimeFormat>();

/** The local date (YYYY-MM-DD), weekday (MONDAY...) and time (HH:MM) of an instant in a time zone. */
export function localTime(instant: Date, timezone: string): LocalTime {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, weekday: 'long', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formats.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, day: String(parts.weekday).toUpperCase(), time: `${parts.hour}:${parts.minute}` };
}

export function isClosedOn(closures: Pick<StoredClosure, 'from' | 'to'>[], date: string): boolean {
  return closures.some((c) => c.from <= date && date <= c.to);
}

export function isOpenAt(schedule: Schedule, instant: Date): boolean {
  const local = localTime(instant, schedule.timezone);
  if (isClosedOn(schedule.closures, local.date)) return false;
  return schedule.open24Hours || schedule.openingHours.some((h) => h.day === local.day && h.opens <= local.time && local.time < h.closes);
}

/** A mobile team's visit under way at the instant (in the service's time zone), unless the service is closed that day. */
export function visitUnderWay(visits: StoredOutreachVisit[], closures: Pick<StoredClosure, 'from' | 'to'>[], timezone: string, instant: Date): boolean {
  const local = localTime(instant, timezone);
  if (isClosedOn(closures, local.date)) return false;
  return visits.some((v) => v.date === local.date && v.opens <= local.time && local.time < v.closes);
}
