/**
 * GET /reports/directory?area=&categories=&lang= and GET /reports/service-slip?serviceIds=&lang=: the
 * directory of an area to print and carry, and a one-page slip to hand to a migrant (where to go, when,
 * what to bring, whom to call). Self-contained pages (no script, font, image or request elsewhere),
 * every value escaped, A4 print CSS, right to left for Arabic. Opened with a bearer token or a signed
 * link (createDirectoryReportLink, createServiceSlipLink): the scheme of the other reports
 * (src/auth/report-links.ts), bound to the area and categories, or to the services. The language may be
 * changed in a link's URL; what it shows may not.
 */
import type { Request, Response } from 'express';
import { errors as joseErrors } from 'jose';
import type { DataSource } from 'typeorm';
import { InvalidTokenError, type TokenVerifier } from '../auth/jwt';
import { signReportLinkToken, verifyReportLinkToken } from '../auth/report-links';
import type { Viewer } from '../auth/roles';
import type { Config } from '../config';
import { LANGUAGE_CODE, type Localized } from '../shared/i18n';
import { errorMessage, errorText } from '../shared/errors';
import { render, type Message } from '../shared/messages';
import { isUuid } from '../shared/ids';
import { logger } from '../shared/logger';
import type { RequestAuth } from '../shared/rate-limit';
import { ContactRole, FeeKind } from './details-enums';
import type { StoredContact, StoredHours } from './details-types';
import { feeKindOf } from './details.resolvers';
import type { Area } from './entities';
import { ISO_WEEKDAY, Weekday } from './enums';
import { printLabels, printLanguage, type PrintLabels } from './printable-labels';
import {
  isActive, printableDirectory, printableSlip, type PrintableDirectory, type PrintableSlip, type PrintClosure, type PrintService, type PrintSite,
} from './printable';

export const DIRECTORY_LINK_AUDIENCE = 'directory-report';
export const SLIP_LINK_AUDIENCE = 'service-slip';

// ---- the scope a link is bound to --------------------------------------------------------------

/** A uuid in lower case; anything else (an area code) as given. */
const normalizeId = (v: string) => (isUuid(v) ? v.toLowerCase() : v);

/** Values of a query parameter given as "a,b" or repeated. */
function listParam(value: unknown): string[] {
  const items = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  return items.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export interface DirectoryScope { area: string; categories: string[] }
export interface SlipScope { serviceIds: string[] }

/** The normalized scope of a directory page: categories deduplicated and sorted, so a link's claim compares as text. */
export function directoryScope(area: unknown, categories: unknown): DirectoryScope {
  return { area: typeof area === 'string' ? normalizeId(area.trim()) : '', categories: [...new Set(listParam(categories))].sort() };
}

/** The services of a slip, in the order given. */
export function slipScope(serviceIds: unknown): SlipScope {
  return { serviceIds: listParam(serviceIds).map(normalizeId) };
}

const directoryClaims = (s: DirectoryScope) => ({ area: s.area, categories: s.categories.join(',') });
const slipClaims = (s: SlipScope) => ({ services: s.serviceIds.join(',') });

/** A short-lived link to the directory of one area and categories, for a browser: never a user's bearer token in a URL. */
export function signDirectoryLink(config: Config, viewer: Viewer, scope: DirectoryScope) {
  return signReportLinkToken(config, viewer, DIRECTORY_LINK_AUDIENCE, directoryClaims(scope));
}

/** A short-lived link to the slip of these services; it names services only. */
export function signSlipLink(config: Config, viewer: Viewer, scope: SlipScope) {
  return signReportLinkToken(config, viewer, SLIP_LINK_AUDIENCE, slipClaims(scope));
}

export function directoryUrl(scope: DirectoryScope, lang: string | null, token: string | null): string {
  const q = new URLSearchParams({ area: scope.area });
  if (scope.categories.length) q.set('categories', scope.categories.join(','));
  if (lang) q.set('lang', lang);
  if (token) q.set('link', token);
  return `/reports/directory?${q.toString()}`;
}

export function slipUrl(scope: SlipScope, lang: string | null, token: string | null): string {
  const q = new URLSearchParams({ serviceIds: scope.serviceIds.join(',') });
  if (lang) q.set('lang', lang);
  if (token) q.set('link', token);
  return `/reports/service-slip?${q.toString()}`;
}

// ---- who is asking -----------------------------------------------------------------------------

type PageAuth = RequestAuth<{ status: number; message: Message }>;

/**
 * A bearer token, or a signed link whose claims are this very page's scope. A link's holder is checked
 * against the directory again (`checkViewer`: agency active, roles still held). Runs before the rate limit.
 */
function authenticatePage(config: Config, verifyToken: TokenVerifier, audience: string, mutation: string,
  claimsOf: (req: Request) => Record<string, string>, checkViewer: (viewer: Viewer) => Promise<void>) {
  return async (req: Request): Promise<PageAuth> => {
    const link = req.query.link;
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) return { viewer: await verifyToken(bearer), error: null };
      if (typeof link === 'string' && link) {
        const { viewer, claims } = await verifyReportLinkToken(config, link, audience);
        const wanted = claimsOf(req);
        if (Object.entries(wanted).some(([k, v]) => claims[k] !== v)) return { viewer: null, error: { status: 403, message: errorMessage('auth.linkOtherPage') } };
        await checkViewer(viewer);
        return { viewer, error: null };
      }
      return { viewer: null, error: { status: 401, message: errorMessage('auth.tokenOrLink', { mutation }) } };
    } catch (e) {
      if (!(e instanceof InvalidTokenError) && !(e instanceof joseErrors.JOSEError)) logger.warn({ err: { message: (e as Error)?.message } }, 'printable page token check failed');
      return { viewer: null, error: { status: 401, message: e instanceof InvalidTokenError ? errorMessage('auth.notAuthenticated', { reason: e.reason }) : errorMessage('auth.linkInvalid') } };
    }
  };
}

export const authenticateDirectoryPage = (config: Config, verifyToken: TokenVerifier, checkViewer: (viewer: Viewer) => Promise<void> = async () => {}) =>
  authenticatePage(config, verifyToken, DIRECTORY_LINK_AUDIENCE, 'createDirectoryReportLink',
    (req) => directoryClaims(directoryScope(req.query.area, req.query.categories)), checkViewer);

export const authenticateSlipPage = (config: Config, verifyToken: TokenVerifier, checkViewer: (viewer: Viewer) => Promise<void> = async () => {}) =>
  authenticatePage(config, verifyToken, SLIP_LINK_AUDIENCE, 'createServiceSlipLink', (req) => slipClaims(slipScope(req.query.serviceIds)), checkViewer);

// ---- the handlers ------------------------------------------------------------------------------

/** The language of the services' texts: the one asked for when it is a language code, else English. */
function textLanguage(req: Request): string {
  const lang = typeof req.query.lang === 'string' ? req.query.lang.toLowerCase() : '';
  return LANGUAGE_CODE.test(lang) ? lang : 'en';
}

function sendPage(res: Response, html: string) {
  res.setHeader('Cache-Control', 'private, no-store');
  // the URL carries the link: nothing on the page may take it elsewhere
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
  return res.type('html').send(html);
}

function pageHandler(what: string, make: (req: Request, viewer: Viewer) => Promise<string | { status: number; message: Message }>,
  charge: (viewer: Viewer, req: Request) => Promise<string | null>) {
  return async (req: Request, res: Response) => {
    const fail = (status: number, message: Message | string) => res.status(status).type('text/plain').send(typeof message === 'string' ? message : render(res.locals.lang, message));
    const auth = res.locals.auth as PageAuth | undefined;
    if (!auth?.viewer) return fail(auth?.error?.status ?? 401, auth?.error?.message ?? errorMessage('auth.notAuthenticatedShort'));
    try {
      const refused = await charge(auth.viewer, req);
      if (refused) return fail(429, refused);
      const out = await make(req, auth.viewer);
      return typeof out === 'string' ? sendPage(res, out) : fail(out.status, out.message);
    } catch (e: any) {
      const code = e?.extensions?.code;
      if (code === 'NOT_FOUND' || code === 'BAD_USER_INPUT') return fail(code === 'NOT_FOUND' ? 404 : 400, errorText(e, res.locals.lang));
      logger.error({ err: { message: e?.message } }, `${what} failed`);
      return fail(500, errorMessage('printable.failed'));
    }
  };
}

/** GET /reports/directory, after authenticateDirectoryPage and the rate limit; a directory costs as much as a costly query (`charge`). */
export function directoryPageHandler(db: DataSource, config: Config, charge: (viewer: Viewer, req: Request) => Promise<string | null> = async () => null) {
  return pageHandler('printable directory', async (req, viewer) => {
    const scope = directoryScope(req.query.area, req.query.categories);
    if (!scope.area) return { status: 400, message: errorMessage('printable.giveArea') };
    const lang = textLanguage(req);
    const directory = await printableDirectory(db, viewer, { area: scope.area, categories: scope.categories, lang, staleAfterDays: config.staleAfterDays });
    return renderDirectoryHtml(directory, lang);
  }, charge);
}

/** GET /reports/service-slip, after authenticateSlipPage and the rate limit. */
export function slipPageHandler(db: DataSource, charge: (viewer: Viewer, req: Request) => Promise<string | null> = async () => null) {
  return pageHandler('service slip', async (req, viewer) => {
    const scope = slipScope(req.query.serviceIds);
    if (!scope.serviceIds.length) return { status: 400, message: errorMessage('printable.giveServiceIds') };
    const lang = textLanguage(req);
    return renderSlipHtml(await printableSlip(db, viewer, scope.serviceIds), lang);
  }, charge);
}

// ---- rendering ---------------------------------------------------------------------------------

const escape = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** Phone numbers, e-mail addresses, times and codes: left to right inside any page. */
const ltr = (s: unknown) => `<bdi dir="ltr">${escape(s)}</bdi>`;

/** How a page writes things: its words (labels), the services' texts in the chosen language, dates and names of codes. */
class Writer {
  readonly L: PrintLabels;
  constructor(readonly textLang: string) {
    this.L = printLabels(printLanguage(textLang));
  }

  t(key: string, values?: Record<string, string | number>) {
    return escape(this.L.text(key, values));
  }

  /** A sentence whose {placeholders} are filled with HTML already escaped. */
  th(key: string, html: Record<string, string>) {
    // each placeholder is written as {name}, then replaced by its HTML once the sentence is escaped
    const marks = Object.fromEntries(Object.keys(html).map((k) => [k, `{${k}}`]));
    return escape(this.L.text(key, marks)).replace(/\{(\w+)\}/g, (m, k: string) => html[k] ?? m);
  }

  code(enumName: string, value: string) {
    return escape(this.L.code(enumName, value));
  }

  /** A service's text in the chosen language, else English, else any; marked with its language when it is not the page's. */
  text(value: Localized | null | undefined): string | null {
    if (!value) return null;
    const lang = value[this.textLang] !== undefined ? this.textLang : value.en !== undefined ? 'en' : Object.keys(value)[0];
    if (lang === undefined || !value[lang]) return null;
    return lang === this.L.lang ? escape(value[lang]) : `<span lang="${escape(lang)}" dir="auto">${escape(value[lang])}</span>`;
  }

  areaName(a: Area | null): string | null {
    return a ? this.text(a.names) ?? escape(a.code) : null;
  }

  date(iso: string): string {
    try {
      return escape(new Intl.DateTimeFormat(this.L.lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`)));
    } catch {
      return ltr(iso);
    }
  }

  /** ISO 3166 or ISO 639 codes by their names in the page's language. */
  names(type: 'region' | 'language', codes: string[]): string {
    const display = (() => {
      try {
        return new Intl.DisplayNames([this.L.lang, 'en'], { type });
      } catch {
        return null;
      }
    })();
    return codes.map((c) => {
      let name: string | undefined;
      try {
        name = display?.of(type === 'region' ? c.toUpperCase() : c);
      } catch {
        name = undefined;
      }
      return name && name !== c ? escape(name) : ltr(c);
    }).join(', ');
  }

  private weekday(day: Weekday): string {
    try {
      return new Intl.DateTimeFormat(this.L.lang, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, ISO_WEEKDAY[day])));
    } catch {
      return day.slice(0, 3);
    }
  }

  /** Weekly hours, days with the same hours together: "Mon–Fri 08:00–17:00; Sat 09:00–12:00". */
  hours(hours: StoredHours[]): string {
    const days = Object.values(Weekday);
    const byDay = new Map(days.map((d) => [d, hours.filter((h) => h.day === d).map((h) => `${h.opens}–${h.closes}`).join(', ')]));
    const runs: { from: Weekday; to: Weekday; times: string }[] = [];
    for (const d of days) {
      const times = byDay.get(d)!;
      const last = runs.at(-1);
      if (!times) continue;
      if (last && last.times === times && ISO_WEEKDAY[last.to] === ISO_WEEKDAY[d] - 1) last.to = d;
      else runs.push({ from: d, to: d, times });
    }
    return runs.map((r) => `${escape(this.weekday(r.from))}${r.to !== r.from ? `–${escape(this.weekday(r.to))}` : ''} ${ltr(r.times)}`).join('; ');
  }

  closures(list: PrintClosure[]): string {
    return list.map((c) => {
      const when = c.from === c.to ? this.th('closedDay', { date: this.date(c.from) })
        : this.th('closed', { from: this.date(c.from), to: this.date(c.to) });
      const reason = this.text(c.reasons);
      return `<li>${when}${reason ? ` (${reason})` : ''}</li>`;
    }).join('');
  }

  money(amount: number, currency: string | null): string {
    if (!currency) return escape(String(amount));
    try {
      return escape(new Intl.NumberFormat(this.L.lang, { style: 'currency', currency }).format(amount));
    } catch {
      return `${escape(String(amount))} ${ltr(currency)}`;
    }
  }
}

/** Definition list rows, leaving out those with nothing to say (values are HTML already escaped). */
const facts = (rows: [string, string | null | undefined, string?][]) =>
  rows.filter(([, v]) => v).map(([k, v, cls]) => `<dt>${k}</dt><dd${cls ? ` class="${cls}"` : ''}>${v}</dd>`).join('');

const CALL_ORDER = [ContactRole.FOCAL_POINT, ContactRole.INTAKE, ContactRole.GENERAL];

/** The number to call about the service: its focal point's, else intake's, else any general line's, else the intake contact's. */
function focalPhone(p: PrintService): string | null {
  for (const role of CALL_ORDER) {
    const c = p.service.contactsData.find((x) => x.role === role && x.phone);
    if (c) return c.phone;
  }
  return p.service.intakeContactData.phone ?? null;
}

function whom(w: Writer, p: PrintService): string | null {
  const bits: string[] = [];
  const populations = p.service.populations.filter((x) => x !== 'ALL');
  bits.push(populations.length ? populations.map((x) => w.code('Population', x)).join(', ') : w.t('everyone'));
  if (p.service.genders.length) bits.push(p.service.genders.map((g) => w.code('Gender', g)).join(', '));
  const { ageMin: min, ageMax: max } = p.service;
  if (min !== null && max !== null) bits.push(w.t('ages', { min, max }));
  else if (min !== null) bits.push(w.t('ageFrom', { min }));
  else if (max !== null) bits.push(w.t('ageTo', { max }));
  return bits.join('; ');
}

function eligibility(w: Writer, p: PrintService): string | null {
  const s = p.service;
  const lines: string[] = [];
  const text = w.text(s.eligibilityTexts);
  if (text) lines.push(text);
  if (s.documentsRequired === true) lines.push(w.t('documentsRequired'));
  if (s.documentsRequired === false) lines.push(w.t('noDocumentsRequired'));
  if (s.acceptsUndocumented === true) lines.push(w.t('acceptsWithoutDocuments'));
  if (s.acceptsUndocumented === false) lines.push(w.t('notWithoutDocuments'));
  if (s.eligibleNationalities.length) lines.push(w.th('onlyNationalities', { list: w.names('region', s.eligibleNationalities) }));
  if (s.excludedNationalities.length) lines.push(w.th('excludedNationalities', { list: w.names('region', s.excludedNationalities) }));
  return lines.length ? lines.map((l) => `<span class="line">${l}</span>`).join('') : null;
}

function documents(w: Writer, p: PrintService): string | null {
  const docs = p.service.requiredDocumentsData;
  if (!docs.length) return p.service.documentsRequired === false ? w.t('nothingToBring') : null;
  return `<ul class="docs">${docs.map((d) => `<li data-document="${escape(d.type)}">${w.text(d.labels) ?? w.code('RequiredDocumentType', d.type)}</li>`).join('')}</ul>`;
}

function fees(w: Writer, p: PrintService): string {
  const s = p.service;
  const kind = feeKindOf(s);
  const options = kind === FeeKind.FREE ? [] : s.costOptions.map((o) => {
    const amount = o.amount !== null ? w.money(o.amount, o.currency) : null;
    const text = w.text(o.descriptions);
    return [amount, text].filter(Boolean).join(' ');
  }).filter(Boolean);
  const text = w.text(s.feesTexts);
  return [`<strong>${w.code('FeeKind', kind)}</strong>${options.length ? `: ${options.join('; ')}` : ''}`, text].filter(Boolean).join('. ');
}

/** A contact; `short` (a slip): whom, the number and when, no e-mail or languages. */
function contactLine(w: Writer, c: StoredContact, timezone: string, short = false): string {
  const who = [c.name ? escape(c.name) : null, c.title && !short ? escape(c.title) : null].filter(Boolean).join(', ');
  const when = c.always ? w.t('anyTime') : c.hours.length ? `${w.th('answers', { hours: w.hours(c.hours) })}${short ? '' : ` <small>${w.th('localTime', { tz: ltr(timezone) })}</small>`}` : null;
  const parts = [who || null, c.phone ? `<span class="phone">${ltr(c.phone)}</span>` : null, c.email && !(short && c.phone) ? ltr(c.email) : null,
    c.languages.length && !short ? w.names('language', c.languages) : null, when].filter(Boolean);
  return `<li data-role="${escape(c.role)}"><strong>${w.code('ContactRole', c.role)}</strong>: ${parts.join(' &middot; ')}</li>`;
}

function contacts(w: Writer, p: PrintService): string | null {
  const list = p.service.contactsData;
  if (list.length) return `<ul class="contacts">${list.map((c) => contactLine(w, c, p.service.timezone)).join('')}</ul>`;
  const intake = p.service.intakeContactData;
  if (!intake.phone && !intake.email) return null;
  return `<ul class="contacts">${contactLine(w, { role: ContactRole.INTAKE, name: intake.name ?? null, title: null, phone: intake.phone ?? null, email: intake.email ?? null, languages: [], hours: [], always: false }, p.service.timezone)}</ul>`;
}

/** For a slip: the line to call (focal point, intake, general enquiries: the first with a number) and the emergency line. */
function callLines(w: Writer, p: PrintService): string | null {
  const s = p.service;
  const main = CALL_ORDER.map((role) => s.contactsData.find((c) => c.role === role && c.phone)).find(Boolean)
    ?? CALL_ORDER.map((role) => s.contactsData.find((c) => c.role === role)).find(Boolean);
  const emergency = s.contactsData.find((c) => c.role === ContactRole.AFTER_HOURS_EMERGENCY);
  const lines = [main, emergency].filter((c): c is StoredContact => !!c).map((c) => contactLine(w, c, s.timezone, true));
  if (lines.length) return `<ul class="contacts">${lines.join('')}</ul>`;
  return contacts(w, p);
}

function siteBlock(w: Writer, p: PrintService, site: PrintSite): string {
  const area = w.areaName(site.area);
  let place: string;
  if (site.confidential) {
    const phone = focalPhone(p);
    const words = phone ? w.th('confidentialCall', { phone: ltr(phone) }) : w.t('confidential');
    place = `<p class="place confidential"><strong>${words}</strong>${area ? ` &middot; ${area}` : ''}</p>`;
  } else {
    // the locality only when the address does not already say it
    const locality = site.locality && !site.address?.toLowerCase().includes(site.locality.toLowerCase()) ? escape(site.locality) : null;
    const where = [site.address ? escape(site.address) : null, locality, area].filter(Boolean).join(', ');
    place = `<p class="place"><strong>${w.text(site.name) ?? ''}</strong>${where ? ` &middot; ${where}` : ''}</p>`;
  }
  const hours = site.open24Hours ? w.t('open24') : site.openingHours.length
    ? `${w.hours(site.openingHours)} <small>${w.th('localTime', { tz: ltr(site.timezone) })}</small>` : w.t('noHours');
  const closures = site.closures.length ? `<ul class="closures">${w.closures(site.closures)}</ul>` : '';
  const note = site.notes ? w.text(site.notes) : null;
  return `<div class="site" data-confidential="${site.confidential}">${place}<p class="hours">${hours}</p>${closures}${note ? `<p class="note">${note}</p>` : ''}</div>`;
}

function whereAndWhen(w: Writer, p: PrintService): string {
  return p.sites.length ? p.sites.map((site) => siteBlock(w, p, site)).join('') : `<p class="place">${w.t('noSite')}</p>`;
}

function visits(w: Writer, p: PrintService, max = Infinity): string | null {
  if (!p.outreach.length) return null;
  return `<ul class="visits">${p.outreach.slice(0, max).map((v) => {
    const where = [w.text(v.places), w.areaName(v.area)].filter(Boolean).join(', ');
    return `<li>${w.date(v.date)} ${ltr(`${v.opens}–${v.closes}`)}${where ? `: ${where}` : ''}</li>`;
  }).join('')}</ul>`;
}

function interpretation(w: Writer, p: PrintService, withNote = true): string | null {
  const s = p.service;
  if (!s.interpretationLanguages.length) return null;
  const how = [s.interpretationByPhone ? w.t('byPhone') : null, s.interpretationInPerson ? w.t('inPerson') : null].filter(Boolean).join(', ');
  const note = withNote ? w.text(s.interpretationTexts) : null;
  return `${w.names('language', s.interpretationLanguages)}${how ? ` (${how})` : ''}${note ? `. ${note}` : ''}`;
}

function accessibility(w: Writer, p: PrintService): string | null {
  const s = p.service;
  const features = s.accessibilityFeatures.map((f) => w.code('AccessibilityFeature', f)).join(', ');
  const detail = w.text(s.accessibilityTexts);
  return [features || null, detail].filter(Boolean).join('. ') || null;
}

const STYLE_COMMON = `
@page{size:A4;margin:14mm 12mm}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Naskh Arabic",Arial,sans-serif;color:#111;line-height:1.35;margin:0 auto;padding:1rem;max-width:186mm}
h1{margin:0 0 .3rem} p{margin:.15rem 0} small{color:#444}
ul{margin:.1rem 0;padding-inline-start:1.1rem} li{margin:0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.12rem .8rem;margin:.3rem 0 0} dl.facts dt{font-weight:600} dl.facts dd{margin:0;overflow-wrap:anywhere}
span.line{display:block}
.site{margin:0 0 .25rem} .site .place.confidential strong{font-style:italic}
.notice{border:2px solid #333;padding:.2rem .4rem;font-weight:600}
bdi{unicode-bidi:isolate;white-space:nowrap}
@media print{body{padding:0;max-width:none}}
`;

function page(w: Writer, title: string, style: string, body: string): string {
  return `<!doctype html>
<html lang="${escape(w.L.lang)}" dir="${w.L.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${title}</title>
<style>${STYLE_COMMON}${style}</style></head><body>
${body}
</body></html>`;
}

const today = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, days: number) => today(new Date(d.getTime() + days * 86_400_000));
const SLIP_CLOSURE_DAYS = 45;
const SLIP_VISITS = 3;

export function renderDirectoryHtml(d: PrintableDirectory, textLang = 'en'): string {
  const w = new Writer(textLang);
  const areaName = w.areaName(d.area) ?? '';
  const categoryName = (c: { names: Localized; code: string } | null) => (c ? w.text(c.names) ?? escape(c.code) : w.t('otherServices'));
  const groupId = (c: { code: string } | null) => `cat-${c ? escape(c.code.replace(/[^a-z0-9_.-]/gi, '_')) : 'other'}`;

  const article = (p: PrintService) => {
    const s = p.service;
    const agency = p.agency ? `${w.text(p.agency.names) ?? ''}${p.agency.acronym ? ` (${escape(p.agency.acronym)})` : ''}` : '';
    return `<article class="service" id="svc-${escape(s.id)}" data-service-id="${escape(s.id)}">
<h3>${w.text(s.names) ?? ''}</h3>
<p class="by">${w.t('provider')} ${agency}${p.categories.length ? ` &middot; <span class="cats">${p.categories.map((c) => w.text(c.names) ?? escape(c.code)).join(', ')}</span>` : ''}</p>
${w.text(s.descriptions) ? `<p class="desc">${w.text(s.descriptions)}</p>` : ''}
<dl class="facts">${facts([
      [w.t('forWhom'), whom(w, p)],
      [w.t('eligibility'), eligibility(w, p), 'eligibility'],
      [w.t('bring'), documents(w, p), 'bring'],
      [w.t('fees'), fees(w, p), 'fees'],
      [w.t('whereAndWhen'), whereAndWhen(w, p), 'where'],
      [w.t('serviceClosures'), p.closures.length ? `<ul class="closures">${w.closures(p.closures)}</ul>` : null],
      [w.t('outreach'), visits(w, p), 'outreach'],
      [w.t('covers'), p.coverageAreas.length ? p.coverageAreas.map((a) => w.areaName(a)).join(', ') : null],
      [w.t('contacts'), contacts(w, p), 'contacts'],
      [w.t('languages'), s.languages.length ? w.names('language', s.languages) : null],
      [w.t('interpretation'), interpretation(w, p), 'interpretation'],
      [w.t('accessibility'), accessibility(w, p), 'accessibility'],
      [w.t('channels'), s.channels.length ? s.channels.map((c) => w.code('Channel', c)).join(', ') : null],
      [w.t('howToRefer'), w.text(s.howToReferText), 'refer'],
    ])}</dl>
</article>`;
  };

  const sections = d.groups.map((g) => `<section class="category" id="${groupId(g.category)}" data-category="${escape(g.category?.code ?? '')}">
<h2>${categoryName(g.category)}</h2>
${g.services.map(article).join('\n')}
${g.seeAlso.length ? `<p class="see-also"><strong>${w.t('seeAlso')}</strong>: ${g.seeAlso.map((x) =>
    `<a href="#svc-${escape(x.service.service.id)}" data-service-id="${escape(x.service.service.id)}">${w.text(x.service.service.names) ?? ''}</a> <small>(${w.th('seeAlsoIn', { category: categoryName(x.listedUnder) })})</small>`).join('; ')}</p>` : ''}
</section>`).join('\n');
  const toc = d.groups.map((g) => `<li><a href="#${groupId(g.category)}">${categoryName(g.category)}</a> <small>(${g.services.length + g.seeAlso.length})</small></li>`).join('');

  const style = `
body{font-size:9.5pt}
h1{font-size:16pt} h2{font-size:12.5pt;margin:1rem 0 .3rem;border-bottom:2px solid #333;padding-bottom:.1rem} h3{font-size:11pt;margin:0}
.meta{color:#333} nav.toc ol{columns:2;margin:.3rem 0 .6rem} nav.toc h2{border:0;margin:.6rem 0 0;font-size:11pt}
article.service{border-inline-start:3px solid #777;padding-inline-start:.55rem;margin:.55rem 0 .7rem}
p.by{color:#333;font-size:9pt} p.desc{margin:.2rem 0} p.see-also{font-size:9pt}
a{color:inherit}
.note-box{border:1px solid #999;padding:.25rem .45rem;margin:.4rem 0;font-size:9pt}
footer{margin-top:1rem;border-top:1px solid #999;padding-top:.3rem;font-size:8.5pt;color:#333}
@media print{article.service{break-inside:avoid} h2,h3{break-after:avoid} nav.toc{break-after:page} a{text-decoration:none}}
`;
  const body = `<header>
<h1>${w.t('directoryTitle')}: <span id="area-name">${areaName}</span></h1>
<p class="meta">${w.t('categories')}: <span id="categories">${d.categories.length ? d.categories.map((c) => categoryName(c)).join(', ') : w.t('allCategories')}</span>
 &middot; <span id="count">${w.t('servicesCount', { n: d.total })}</span> &middot; ${w.th('preparedOn', { date: w.date(today(d.generatedAt)) })}</p>
<p class="note-box">${w.t('directoryNote')}</p>
${d.truncated ? `<p class="notice" id="truncated">${w.t('truncated', { n: d.total })}</p>` : ''}
</header>
${d.groups.length ? `<nav class="toc"><h2>${w.t('contents')}</h2><ol>${toc}</ol></nav>\n${sections}` : `<p id="empty">${w.t('noServices')}</p>`}
<footer><p>${w.th('footer', { date: w.date(today(d.generatedAt)) })}</p></footer>`;
  return page(w, `${w.t('directoryTitle')}: ${areaName.replace(/<[^>]*>/g, '')}`, style, body);
}

export function renderSlipHtml(slip: PrintableSlip, textLang = 'en'): string {
  const w = new Writer(textLang);
  const block = (p: PrintService) => {
    const s = p.service;
    const agency = p.agency ? `${w.text(p.agency.names) ?? ''}${p.agency.acronym ? ` (${escape(p.agency.acronym)})` : ''}` : '';
    // one page: the closures of the next weeks and the next few visits
    const soon = p.closures.filter((c) => c.from <= addDays(slip.generatedAt, SLIP_CLOSURE_DAYS)).slice(0, 2);
    const next = visits(w, p, SLIP_VISITS);
    const when = [soon.length ? `<ul class="closures">${w.closures(soon)}</ul>` : null, next ? `<p><strong>${w.t('outreach')}</strong></p>${next}` : null].filter(Boolean).join('');
    return `<section class="slip-service" data-service-id="${escape(s.id)}">
<h2>${w.text(s.names) ?? ''}</h2>
<p class="by">${agency}</p>
${isActive(s) ? '' : `<p class="notice">${w.th('notActive', { status: w.code('ServiceStatus', s.status) })}</p>`}
<dl class="facts">${facts([
      [w.t('whereAndWhen'), whereAndWhen(w, p), 'where'],
      [w.t('when'), when || null, 'when'],
      [w.t('bring'), documents(w, p), 'bring'],
      [w.t('call'), callLines(w, p), 'call'],
      [w.t('fees'), fees(w, p), 'fees'],
      [w.t('languages'), [s.languages.length ? w.names('language', s.languages) : null, interpretation(w, p, false) ? `${w.t('interpretation')}: ${interpretation(w, p, false)}` : null]
        .filter(Boolean).join(' &middot; ') || null],
    ])}</dl>
</section>`;
  };
  const style = `
body{font-size:9.5pt}
h1{font-size:14pt} h2{font-size:11.5pt;margin:0}
p.intro{font-weight:600;margin-bottom:.3rem}
section.slip-service{border:1.5px solid #333;border-radius:4px;padding:.3rem .5rem;margin:.35rem 0}
p.by{color:#333;font-size:9pt}
footer{margin-top:.6rem;font-size:8.5pt;color:#333}
@media print{section.slip-service{break-inside:avoid}}
`;
  const body = `<header><h1>${w.t('slipTitle')}</h1><p class="intro">${w.t('slipIntro')} ${w.t('slipPrivacy')}</p></header>
${slip.services.map(block).join('\n')}
<footer><p>${w.th('footer', { date: w.date(today(slip.generatedAt)) })}</p></footer>`;
  return page(w, w.t('slipTitle'), style, body);
}
