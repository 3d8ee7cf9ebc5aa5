/**
 * HSDS 3.0 → our directory, value by value (the reverse of the export's src/hsds/mapping.ts): the pure part of
 * the import, with no database. Each function reads one part of a record and pushes what is wrong with it
 * (`problems`, with JSON pointers: the record is INVALID) or what it leaves out (`notes`).
 */
import { CATEGORY_CODE } from '../directory/categories';
import { ContactRole, DOCUMENT_NAMES, FeeKind, RequiredDocumentType } from '../directory/details-enums';
import { isTimeZone } from '../directory/details';
import type { StoredClosure, StoredContact, StoredCostOption, StoredHours, StoredRequiredDocument } from '../directory/details-types';
import { ISO_WEEKDAY, ServiceStatus, Weekday } from '../directory/enums';
import { isCountryCode } from '../shared/codes';
import type { Localized } from '../shared/i18n';
import type { HsdsObject } from './import-package';
import { check, type Problem } from './import-validate';
import { CATEGORY_TAXONOMY, KNOWN_UNREAD_TAXONOMIES, VOCABULARIES, type VocabularyTarget } from './import-vocabulary';
import { termKey, type TermMappings } from './import-terms';
import { parseContactHours } from './mapping';
import { Property, ScheduleKind, TAXONOMY } from './taxonomy';

export const isObject = (v: unknown): v is HsdsObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const list = (v: unknown): HsdsObject[] => (Array.isArray(v) ? v.filter(isObject) : []);
export const MAX_TEXT = 2000;

/** A text field: trimmed, null when empty; longer than our inputs take is a problem. */
export function text(problems: Problem[], pointer: string, value: unknown, max = MAX_TEXT): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  if (!t) return null;
  if (t.length > max) {
    problems.push({ pointer, message: `is ${t.length} characters long: at most ${max}` });
    return null;
  }
  return t;
}

/** The stored texts without this language's. */
export function withoutLanguage(current: Localized | null | undefined, lang: string): Localized {
  const { [lang]: _dropped, ...rest } = current ?? {};
  return rest;
}

/** The stored texts with this language's text set (null: as they are). */
export function withLanguage(current: Localized | null | undefined, lang: string, value: string | null): Localized | undefined {
  if (value === null) return undefined;
  return { ...(current ?? {}), [lang]: value };
}

/** JSON with sorted keys, to compare stored and imported values. */
export function stable(v: unknown): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}
export const same = (a: unknown, b: unknown) => stable(a) === stable(b);

/** The keys of `desired` whose values differ from `current`'s. */
export function differing<T extends object>(current: T | null, desired: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(desired) as [keyof T, any][]) {
    if (v === undefined) continue;
    if (!current || !same(current[k], v)) out[k] = v;
  }
  return out;
}

// ---- taxonomy terms ---------------------------------------------------------------------------

export interface Term { taxonomy: string; code: string; name: string | null; pointer: string }

export type TermMeaning =
  | { kind: 'category'; code: string }
  | { kind: 'vocabulary'; target: VocabularyTarget; value: string }
  | { kind: 'ignored' }
  | { kind: 'unknown' };

/** The terms of a record's attributes (nested, or by taxonomy_term_id among the package's terms). */
export function termsOf(data: HsdsObject, terms: Map<string, HsdsObject>, base = ''): Term[] {
  const out: Term[] = [];
  list(data.attributes).forEach((a, i) => {
    const t = isObject(a.taxonomy_term) ? a.taxonomy_term : terms.get(String(a.taxonomy_term_id ?? '').toLowerCase());
    if (!t) return;
    const taxonomy = String(t.taxonomy ?? (isObject(t.taxonomy_detail) ? t.taxonomy_detail.name : null) ?? t.taxonomy_id ?? '').trim();
    const code = String(t.code ?? t.name ?? t.id ?? '').trim();
    if (taxonomy && code) out.push({ taxonomy, code, name: typeof t.name === 'string' ? t.name : null, pointer: `${base}/attributes/${i}/taxonomy_term` });
  });
  return out;
}

/** A value of one of our mrn-service-properties attributes, with where it is. */
export interface PropertyValue { value: string; pointer: string }

/** The values of a record's mrn-service-properties attributes (the term says which, the attribute's value how much), by property. */
export function propertiesOf(data: HsdsObject, terms: Map<string, HsdsObject>): Map<string, PropertyValue[]> {
  const out = new Map<string, PropertyValue[]>();
  list(data.attributes).forEach((a, i) => {
    const t = isObject(a.taxonomy_term) ? a.taxonomy_term : terms.get(String(a.taxonomy_term_id ?? '').toLowerCase());
    if (!t || (t.taxonomy ?? (isObject(t.taxonomy_detail) ? t.taxonomy_detail.name : null)) !== TAXONOMY.PROPERTIES) return;
    const code = typeof t.code === 'string' ? t.code.trim() : '';
    if (!code || a.value === undefined || a.value === null) return;
    out.set(code, [...(out.get(code) ?? []), { value: String(a.value).trim(), pointer: `/attributes/${i}/value` }]);
  });
  return out;
}

/** The kind of one of our schedules (mrn-schedule-kinds); null for a schedule that says none. */
export function scheduleKindOf(data: HsdsObject, terms: Map<string, HsdsObject>): string | null {
  return termsOf(data, terms).find((t) => t.taxonomy === TAXONOMY.SCHEDULE_KINDS)?.code ?? null;
}

/** Reads typed values of mrn-service-properties; a value that is not of its type is a problem (with its pointer). */
export class PropertyReader {
  constructor(private readonly props: Map<string, PropertyValue[]>, private readonly problems: Problem[], private readonly base = '') {}
  has(p: Property): boolean { return this.props.has(p); }
  all(p: Property): PropertyValue[] { return this.props.get(p) ?? []; }
  bool(p: Property): boolean | undefined {
    const v = this.all(p)[0];
    if (!v) return undefined;
    if (v.value === 'true' || v.value === 'false') return v.value === 'true';
    this.problems.push({ pointer: `${this.base}${v.pointer}`, message: `${p} must be "true" or "false"` });
    return undefined;
  }
  count(p: Property): number | null | undefined {
    const v = this.all(p)[0];
    if (!v) return undefined;
    const n = Number(v.value);
    if (/^\d{1,9}$/.test(v.value) && Number.isSafeInteger(n)) return n;
    this.problems.push({ pointer: `${this.base}${v.pointer}`, message: `${p} must be a whole number of places, 0 or more` });
    return undefined;
  }
  instant(p: Property): Date | undefined {
    const v = this.all(p)[0];
    if (!v) return undefined;
    const t = Date.parse(v.value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(v.value) && !Number.isNaN(t)) return new Date(t);
    this.problems.push({ pointer: `${this.base}${v.pointer}`, message: `${p} must be a date and time (ISO 8601)` });
    return undefined;
  }
  timezone(): string | undefined {
    const v = this.all(Property.TIMEZONE)[0];
    if (!v) return undefined;
    if (v.value.length <= 64 && isTimeZone(v.value)) return v.value;
    this.problems.push({ pointer: `${this.base}${v.pointer}`, message: 'TIMEZONE must be an IANA time zone, e.g. "Africa/Niamey"' });
    return undefined;
  }
  /** Places available and in all, and when counted; undefined when the record carries none. */
  capacity(): { available: number; total: number | null; updatedAt: Date | null } | undefined {
    const available = this.count(Property.CAPACITY_AVAILABLE);
    if (available === undefined || available === null) return undefined;
    const total = this.count(Property.CAPACITY_TOTAL) ?? null;
    if (total !== null && available > total) {
      this.problems.push({ pointer: `${this.base}${this.all(Property.CAPACITY_TOTAL)[0].pointer}`, message: `CAPACITY_TOTAL must not be below CAPACITY_AVAILABLE (${available})` });
    }
    return { available, total, updatedAt: this.instant(Property.CAPACITY_UPDATED_AT) ?? null };
  }
}

export function meaningOf(term: Term, mappings: TermMappings, categories: Map<string, { retired: boolean }>): TermMeaning {
  if (term.taxonomy === CATEGORY_TAXONOMY) return categories.has(term.code) ? { kind: 'category', code: term.code } : { kind: 'unknown' };
  if (KNOWN_UNREAD_TAXONOMIES.has(term.taxonomy)) return { kind: 'ignored' };
  const vocabulary = VOCABULARIES[term.taxonomy];
  if (vocabulary) {
    const value = term.code.toUpperCase();
    if (vocabulary.codes ? vocabulary.codes.includes(value) : isCountryCode(value)) return { kind: 'vocabulary', target: vocabulary.target, value };
    return { kind: 'unknown' };
  }
  const key = termKey(term.taxonomy, term.code);
  if (mappings.has(key)) {
    const category = mappings.get(key)!;
    return category === null ? { kind: 'ignored' } : { kind: 'category', code: category };
  }
  return { kind: 'unknown' };
}

/** The values of one of our vocabularies among the meanings (null: the record carries none of that taxonomy). */
export function vocabulary(meanings: TermMeaning[], target: VocabularyTarget): string[] | null {
  const values = meanings.filter((m): m is Extract<TermMeaning, { kind: 'vocabulary' }> => m.kind === 'vocabulary' && m.target === target).map((m) => m.value);
  return values.length ? [...new Set(values)].sort() : null;
}

/** Codes of the package's own category taxonomy that can be categories (well formed). */
export const isCategoryCode = (code: string) => code.length <= 100 && CATEGORY_CODE.test(code);

// ---- services ---------------------------------------------------------------------------------

export const STATUS: Record<string, ServiceStatus> = {
  active: ServiceStatus.ACTIVE, inactive: ServiceStatus.INACTIVE, defunct: ServiceStatus.INACTIVE, 'temporarily closed': ServiceStatus.TEMPORARILY_CLOSED,
};

export function age(problems: Problem[], pointer: string, value: unknown): number | null | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 130) {
    problems.push({ pointer, message: 'must be a whole number of years from 0 to 130' });
    return undefined;
  }
  return value;
}

const BYDAY: Record<string, Weekday> = {
  MO: Weekday.MONDAY, TU: Weekday.TUESDAY, WE: Weekday.WEDNESDAY, TH: Weekday.THURSDAY, FR: Weekday.FRIDAY, SA: Weekday.SATURDAY, SU: Weekday.SUNDAY,
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function time(problems: Problem[], pointer: string, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) {
    problems.push({ pointer, message: 'must be a time, e.g. "09:00" or "09:00:00"' });
    return null;
  }
  return `${m[1]}:${m[2]}`;
}

/** An outreach visit as a schedule carries it; the area is resolved by the caller (from its AREA_CODE). */
export interface ScheduledVisit { date: string; opens: string; closes: string; areaCode: string | null; place: string | null; pointer: string }

const EVERY_DAY = Object.keys(BYDAY).join(',');

/**
 * Weekly hours, round-the-clock opening, holiday closures and outreach visits of a list of HSDS schedules (by
 * our mrn-schedule-kinds term, else by their shape); what is none of them is noted and left out.
 */
export function schedules(problems: Problem[], notes: string[], base: string, value: unknown, lang: string, terms: Map<string, HsdsObject> = new Map()):
  { hours: StoredHours[]; closures: StoredClosure[]; open24Hours: boolean; outreach: ScheduledVisit[] } {
  const hours: StoredHours[] = [];
  const closures: StoredClosure[] = [];
  const outreach: ScheduledVisit[] = [];
  let open24Hours = false;
  list(value).forEach((s, i) => {
    const at = `${base}/${i}`;
    const kind = scheduleKindOf(s, terms);
    const opens = time(problems, `${at}/opens_at`, s.opens_at);
    const closes = time(problems, `${at}/closes_at`, s.closes_at);
    const days = typeof s.byday === 'string' ? s.byday.split(',').map((x: string) => x.trim().toUpperCase()) : [];
    const oneDate = typeof s.valid_from === 'string' && s.valid_from === s.valid_to && (typeof s.dtstart !== 'string' || s.dtstart === s.valid_from);
    if (kind === ScheduleKind.OPEN_24_HOURS
      || (kind === null && opens === '00:00' && closes === '23:59' && [...days].sort().join(',') === EVERY_DAY.split(',').sort().join(',') && (!s.freq || s.freq === 'WEEKLY'))) {
      open24Hours = true;
    } else if (kind === ScheduleKind.OUTREACH_VISIT || (kind === null && opens && closes && !days.length && oneDate)) {
      const date = typeof s.dtstart === 'string' ? s.dtstart : s.valid_from;
      if (typeof date !== 'string' || !DATE.test(date) || Number.isNaN(Date.parse(date))) problems.push({ pointer: `${at}/dtstart`, message: 'must be a date YYYY-MM-DD' });
      else if (!opens || !closes) problems.push({ pointer: `${at}/opens_at`, message: 'an outreach visit needs opens_at and closes_at' });
      else if (closes <= opens) problems.push({ pointer: `${at}/closes_at`, message: `must be after opens_at (${opens})` });
      else {
        const areaCode = propertiesOf(s, terms).get(Property.AREA_CODE)?.[0]?.value ?? null;
        outreach.push({ date, opens, closes, areaCode, place: text(problems, `${at}/notes`, s.notes), pointer: at });
      }
    } else if (opens && closes && days.length && (!s.freq || s.freq === 'WEEKLY')) {
      if (closes <= opens) {
        problems.push({ pointer: `${at}/closes_at`, message: `must be after opens_at (${opens}); split hours that pass midnight in two schedules` });
        return;
      }
      for (const d of days) {
        if (BYDAY[d]) hours.push({ day: BYDAY[d], opens, closes });
        else problems.push({ pointer: `${at}/byday`, message: `"${d}" is not a day: MO, TU, WE, TH, FR, SA or SU` });
      }
    } else if (!s.opens_at && !s.closes_at && typeof s.valid_from === 'string' && typeof s.valid_to === 'string') {
      if (!DATE.test(s.valid_from) || Number.isNaN(Date.parse(s.valid_from))) problems.push({ pointer: `${at}/valid_from`, message: 'must be a date YYYY-MM-DD' });
      else if (!DATE.test(s.valid_to) || Number.isNaN(Date.parse(s.valid_to))) problems.push({ pointer: `${at}/valid_to`, message: 'must be a date YYYY-MM-DD' });
      else if (s.valid_to < s.valid_from) problems.push({ pointer: `${at}/valid_to`, message: `must be on or after valid_from (${s.valid_from})` });
      else if ((Date.parse(s.valid_to) - Date.parse(s.valid_from)) / 86_400_000 >= 366) notes.push(`${at}: a closure of a year or more is left out (set the service's status instead)`);
      else {
        // the export writes the reason alone in notes (its description says "Closed from ... : reason")
        const reason = kind === ScheduleKind.CLOSURE ? text(problems, `${at}/notes`, s.notes) : text(problems, `${at}/notes`, s.notes) ?? text(problems, `${at}/description`, s.description);
        closures.push({ from: s.valid_from, to: s.valid_to, reasons: reason ? { [lang]: reason } : {} });
      }
    } else if (opens || closes || s.byday || s.valid_from || s.dtstart) {
      notes.push(`${at}: neither weekly opening hours (freq WEEKLY, byday, opens_at, closes_at) nor a closure (valid_from, valid_to) nor an outreach visit (dtstart, opens_at, closes_at): left out`);
    }
  });
  hours.sort((a, b) => ISO_WEEKDAY[a.day] - ISO_WEEKDAY[b.day] || a.opens.localeCompare(b.opens));
  const unique = hours.filter((h, i) => i === 0 || !same(h, hours[i - 1]));
  closures.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { hours: open24Hours ? [] : unique, closures, open24Hours, outreach };
}

const DOCUMENT_BY_LABEL = new Map<string, RequiredDocumentType>(Object.entries(DOCUMENT_NAMES).flatMap(([type, n]) =>
  [[type.toLowerCase(), type], [n.en.toLowerCase(), type], [n.fr.toLowerCase(), type]] as [string, RequiredDocumentType][]));

/** Required documents; `current` keeps the labels of other languages of a document of the same type at the same place. */
export function requiredDocuments(problems: Problem[], notes: string[], value: unknown, lang: string, current: StoredRequiredDocument[] | null,
  terms: Map<string, HsdsObject> = new Map()): StoredRequiredDocument[] {
  const out: StoredRequiredDocument[] = [];
  list(value).forEach((d, i) => {
    const label = text(problems, `/required_documents/${i}/document`, d.document);
    const url = check.url(problems, `/required_documents/${i}/uri`, d.uri);
    if (!label) {
      notes.push(`/required_documents/${i}: no document named: left out`);
      return;
    }
    // the type our export gives it (mrn-required-document-types), else the one its label names
    const typed = termsOf(d, terms).find((t) => t.taxonomy === TAXONOMY.DOCUMENT_TYPES)?.code;
    const type = (typed && typed in DOCUMENT_NAMES ? typed as RequiredDocumentType : undefined) ?? DOCUMENT_BY_LABEL.get(label.toLowerCase()) ?? RequiredDocumentType.OTHER;
    const before = current?.[out.length];
    out.push({ type, labels: { ...(before && before.type === type ? before.labels : {}), [lang]: label }, url });
  });
  return out;
}

/** Prices and the fee kind (mrn-fees when given; else a price makes a FEE, "sliding" a SLIDING_SCALE, none FREE). */
export function fees(problems: Problem[], value: unknown, lang: string, declared: string | null, current: StoredCostOption[] | null): { kind: FeeKind; options: StoredCostOption[] } {
  const options: StoredCostOption[] = [];
  let sliding = false;
  list(value).forEach((o, i) => {
    const at = `/cost_options/${i}`;
    const amount = typeof o.amount === 'number' ? o.amount : null;
    if (amount !== null && (amount < 0 || amount > 1e12)) problems.push({ pointer: `${at}/amount`, message: 'must be 0 or more' });
    const currency = check.currency(problems, `${at}/currency`, o.currency);
    if (amount !== null && !currency) problems.push({ pointer: `${at}/currency`, message: 'give the currency of the amount (ISO 4217, e.g. "XOF")' });
    const option = text(problems, `${at}/option`, o.option);
    const detail = text(problems, `${at}/amount_description`, o.amount_description);
    // our export writes the description in both
    const description = (option === detail ? [option] : [option, detail]).filter(Boolean).join(' — ');
    if (/sliding|income|what .* can pay/i.test(description)) sliding = true;
    if (amount === null && !description) {
      problems.push({ pointer: at, message: 'give an amount or a description (option)' });
      return;
    }
    const before = current?.[options.length];
    options.push({ amount, currency, descriptions: description ? { ...(before?.descriptions ?? {}), [lang]: description } : (before?.descriptions ?? {}) });
  });
  const kind = (declared as FeeKind | null) ?? (options.length ? (sliding ? FeeKind.SLIDING_SCALE : FeeKind.FEE) : FeeKind.FREE);
  if (kind === FeeKind.FREE && options.length) problems.push({ pointer: '/cost_options', message: 'the service is FREE (mrn-fees): a free service has no prices' });
  return { kind, options: kind === FeeKind.FREE ? [] : options };
}

/** Contacts with a phone or an e-mail; the role comes from mrn-contact-roles (default GENERAL). */
export function contacts(problems: Problem[], notes: string[], value: unknown, roleOf: (contact: HsdsObject, index: number) => string | null,
  terms: Map<string, HsdsObject> = new Map()): StoredContact[] {
  const out: StoredContact[] = [];
  list(value).forEach((c, i) => {
    const at = `/contacts/${i}`;
    const phones = list(c.phones);
    const phone = phones.length ? check.phone(problems, `${at}/phones/0/number`, phones[0].number) : null;
    const props = propertiesOf(c, terms);
    const languages = [...new Set([
      ...phones.flatMap((p, j) => list(p.languages).map((l, k) => check.language(problems, `${at}/phones/${j}/languages/${k}/code`, l.code))),
      ...(props.get(Property.CONTACT_LANGUAGE) ?? []).map((v) => check.language(problems, `${at}${v.pointer}`, v.value)),
    ].filter((l): l is string => !!l))].sort();
    const email = typeof c.email === 'string' && c.email.trim() ? c.email.trim() : null;
    const role = (roleOf(c, i) as ContactRole | null) ?? ContactRole.GENERAL;
    if (!phone && !email) {
      notes.push(`${at}: no phone number or e-mail address: left out`);
      return;
    }
    if (role === ContactRole.AFTER_HOURS_EMERGENCY && !phone) {
      notes.push(`${at}: an after-hours emergency contact needs a phone number: left out`);
      return;
    }
    // the hours a line answers: the export writes them as the phone's description (contactHoursText)
    const answers = parseContactHours(typeof phones[0]?.description === 'string' ? phones[0].description : undefined)
      ?? parseContactHours(props.get(Property.CONTACT_HOURS)?.[0]?.value) ?? { always: false, hours: [] };
    out.push({
      role, name: text(problems, `${at}/name`, c.name, 200), title: text(problems, `${at}/title`, c.title, 200), phone, email, languages, hours: answers.hours, always: answers.always,
    });
  });
  return out;
}
