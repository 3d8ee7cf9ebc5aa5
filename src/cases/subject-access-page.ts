/**
 * GET /reports/subject-access/:caseId: the person's own copy as a page to print on A4 or read out, in the
 * person's language where a translation exists. Self-contained (no script, font or request elsewhere),
 * every value escaped. Opened with a bearer token or a signed link (createSubjectAccessReportLink), the
 * same scheme as the coverage report.
 */
import type { Request, Response } from 'express';
import { errors as joseErrors } from 'jose';
import type { DataSource } from 'typeorm';
import { InvalidTokenError, type TokenVerifier } from '../auth/jwt';
import { signReportLinkToken, verifyReportLinkToken } from '../auth/report-links';
import type { Viewer } from '../auth/roles';
import type { AuditTrail } from '../audit/audit-trail';
import type { Config } from '../config';
import { DATA_CATALOGUE } from '../policy/data-catalogue';
import { errorMessage, errorText } from '../shared/errors';
import { logger } from '../shared/logger';
import { render, type Message } from '../shared/messages';
import type { RequestAuth } from '../shared/rate-limit';
import type { Consent } from './entities';
import { exportSubjectAccessPackage, type SubjectAccessPackage, type SubjectAccessField } from './subject-access';
import { labels, type Labels } from './subject-access-labels';

const LINK_AUDIENCE = 'subject-access-report';

/** A short-lived link to one case's page, for a browser: never a user's bearer token in a URL. */
export function signSubjectAccessLink(config: Config, viewer: Viewer, caseId: string) {
  return signReportLinkToken(config, viewer, LINK_AUDIENCE, { case: caseId.toLowerCase() });
}

export type ReportAuth = RequestAuth<{ status: number; message: Message }> & { via?: 'token' | 'link' };

/**
 * Who is asking for the page: a bearer token, or a signed link for this very case. A link's holder is
 * checked against the directory again (`checkViewer`: agency active, user still holding the roles),
 * since a link outlives nothing but it may outlive a role. Runs before the rate limit.
 */
export function authenticateSubjectAccessReport(config: Config, verifyToken: TokenVerifier, checkViewer: (viewer: Viewer) => Promise<void> = async () => {}) {
  return async (req: Request): Promise<ReportAuth> => {
    const link = req.query.link;
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) return { viewer: await verifyToken(bearer), error: null, via: 'token' };
      if (typeof link === 'string' && link) {
        const { viewer, claims } = await verifyReportLinkToken(config, link, LINK_AUDIENCE);
        if (claims.case !== String(req.params.caseId ?? '').toLowerCase()) return { viewer: null, error: { status: 403, message: errorMessage('auth.linkOtherCase') } };
        await checkViewer(viewer);
        return { viewer, error: null, via: 'link' };
      }
      return { viewer: null, error: { status: 401, message: errorMessage('auth.tokenOrLink', { mutation: 'createSubjectAccessReportLink' }) } };
    } catch (e) {
      if (!(e instanceof InvalidTokenError) && !(e instanceof joseErrors.JOSEError)) logger.warn({ err: { message: (e as Error)?.message } }, 'subject access page token check failed');
      return { viewer: null, error: { status: 401, message: e instanceof InvalidTokenError ? errorMessage('auth.notAuthenticated', { reason: e.reason }) : errorMessage('auth.linkInvalid') } };
    }
  };
}

/** GET /reports/subject-access/:caseId[?lang=fr], after authenticateSubjectAccessReport and the rate limit (res.locals.auth). */
export function subjectAccessReportHandler(db: DataSource, audit: AuditTrail) {
  return async (req: Request, res: Response) => {
    const fail = (status: number, message: Message | string) => res.status(status).type('text/plain').send(typeof message === 'string' ? message : render(res.locals.lang, message));
    const auth = res.locals.auth as ReportAuth | undefined;
    if (!auth?.viewer) return fail(auth?.error?.status ?? 401, auth?.error?.message ?? errorMessage('auth.notAuthenticatedShort'));
    const lang = typeof req.query.lang === 'string' ? req.query.lang : null;
    try {
      const pkg = await exportSubjectAccessPackage(db, audit, auth.viewer, String(req.params.caseId), { format: 'html', via: auth.via ?? 'token', lang });
      res.setHeader('Cache-Control', 'private, no-store');
      // the URL carries the link: nothing on the page may take it elsewhere
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
      return res.type('html').send(renderSubjectAccessHtml(pkg));
    } catch (e: any) {
      const code = e?.extensions?.code;
      if (code === 'NOT_FOUND') return fail(404, errorText(e, res.locals.lang));
      if (code === 'FORBIDDEN') return fail(403, errorText(e, res.locals.lang));
      logger.error({ err: { message: e?.message } }, 'subject access page failed');
      return fail(500, errorMessage('subjectAccess.failed'));
    }
  };
}

const escape = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function dateText(lang: string, value: Date | string | null | undefined, withTime = true): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}), timeZone: 'UTC' }).format(d) + (withTime ? ' UTC' : '');
  } catch {
    return withTime ? d.toISOString() : d.toISOString().slice(0, 10);
  }
}

function displayName(lang: string, type: 'language' | 'region', code: string): string {
  try {
    const name = new Intl.DisplayNames([lang, 'en'], { type }).of(type === 'region' ? code.toUpperCase() : code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** How the page says a field's value, in the page's language; escaped by the caller. */
function valueText(L: Labels, f: SubjectAccessField): string {
  const v = f.value;
  const list = (items: unknown[], each: (s: string) => string) => items.map((x) => each(String(x))).join(', ');
  switch (f.name) {
    case 'dateOfBirth': return dateText(L.lang, String(v), false);
    case 'sex': return L.code('Sex', String(v));
    case 'migrationPhase': return L.code('MigrationPhase', String(v));
    case 'nationality': return displayName(L.lang, 'region', String(v));
    case 'languages': return list(v as unknown[], (c) => displayName(L.lang, 'language', c));
    case 'vulnerabilities': return list(v as unknown[], (c) => L.code('Population', c));
    default:
      if (Array.isArray(v)) return v.map(String).join(', ');
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

/** Definition list rows, leaving out what is empty. */
const rows = (items: [string, string | null | undefined][]) =>
  items.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('');

export function renderSubjectAccessHtml(pkg: SubjectAccessPackage): string {
  const L = labels(pkg.language as Parameters<typeof labels>[0]);
  const t = L.text;
  const when = (d: Date | string | null | undefined) => dateText(L.lang, d);
  const agencyName = (id: string) => pkg.agencies.find((a) => a.id === id)?.name ?? id;
  const owner = pkg.case.ownerAgency.name ?? pkg.case.ownerAgency.id;
  const fieldList = (names: string[]) => (names.length ? names.map((n) => L.field(n)).join(', ') : t('none'));

  const fieldSections = Object.entries(DATA_CATALOGUE).map(([category, entry]) => {
    const fields = pkg.fields.filter((f) => f.category === category);
    if (!fields.length) return '';
    const body = fields.map((f) => `<tr data-field="${escape(f.name)}"${f.erased ? ' data-erased="true"' : ''}><th scope="row">${escape(L.field(f.name, f.description))}</th>${f.erased
      ? `<td class="value empty">${escape(t('erased'))}</td>` : f.value === null
        ? `<td class="value empty">${escape(t('notRecorded'))}</td>` : `<td class="value">${escape(valueText(L, f))}</td>`}</tr>`).join('');
    const sensitive = entry.dataClass === 'PERSONAL_SENSITIVE' ? ` <span class="tag">${escape(t('sensitive'))}</span>` : '';
    return `<h3>${escape(L.code('DataCategory', category))}${sensitive}</h3>\n<table class="fields"><tbody>${body}</tbody></table>`;
  }).join('\n');

  const consent = (k: Consent) => `<article class="consent" data-consent-id="${escape(k.id)}">
<h3>${escape(L.code('ConsentDecision', k.decision))} &middot; ${escape(dateText(L.lang, k.recordedAt, false))} <span class="tag">${escape(L.code('ConsentState', k.state))}</span></h3>
<dl class="grid">${rows([
    [t('purposes'), k.purposes.map((p) => L.code('ConsentPurpose', p)).join(', ')],
    [t('recipients'), k.recipientAgencyIds.map(agencyName).join(', ') || t('none')],
    [t('categories'), k.categories.length ? k.categories.map((c) => L.code('DataCategory', c)).join(', ') : t('allCategories')],
    [t('method'), L.code('ConsentMethod', k.method)],
    [t('givenBy'), L.code('ConsentGivenBy', k.givenBy)],
    [t('guardian'), k.guardianName],
    [t('language'), displayName(L.lang, 'language', k.language)],
    [t('interpreter'), k.interpreterUsed ? t('yes') : t('no')],
    [t('recordedOn'), when(k.recordedAt)],
    [t('validUntil'), k.validUntil ? dateText(L.lang, k.validUntil, false) : null],
    [t('withdrawnOn'), k.withdrawnAt ? when(k.withdrawnAt) : null],
    [t('withdrawalReason'), k.withdrawalReason],
    [t('replacedOn'), k.supersededAt ? when(k.supersededAt) : null],
    [t('evidence'), k.evidenceReference],
  ])}</dl>
</article>`;

  const referrals = pkg.referrals.map((r) => `<article class="referral" data-referral-id="${escape(r.id)}">
<h3>${escape(r.serviceName ?? r.serviceId)} &middot; ${escape(r.receivingAgency.name ?? r.receivingAgency.id)} <span class="tag">${escape(L.code('ReferralStatus', r.status))}</span></h3>
<dl class="grid">${rows([
    [t('sentOn'), when(r.sentAt)],
    [t('from'), r.sendingAgency.name ?? r.sendingAgency.id],
    [t('to'), r.receivingAgency.name ?? r.receivingAgency.id],
    [t('priority'), L.code('ReferralPriority', r.priority)],
    [t('basis'), L.code('LegalBasis', r.legalBasis)],
    [t('emergency'), r.vitalInterestJustification],
    [t('shared'), r.anonymous ? t('onlyReference') : fieldList(r.fieldsMadeAvailable.length ? r.fieldsMadeAvailable : r.disclosedFields)],
    [t('why'), r.reasons],
    [t('answeredOn'), r.respondedAt ? when(r.respondedAt) : null],
    [t('declineReason'), r.declineReason ? L.code('DeclineReason', r.declineReason) : null],
    [t('completedOn'), r.completedAt ? when(r.completedAt) : null],
    [t('outcome'), r.outcome ? L.code('ReferralOutcome', r.outcome) + (r.outcomeReason ? ` (${L.code('OutcomeReason', r.outcomeReason)})` : '') : null],
    [t('cancelledOn'), r.cancelledAt ? when(r.cancelledAt) : null],
    [t('cancelReason'), r.cancelReason],
    [t('expiredOn'), r.expiredAt ? when(r.expiredAt) : null],
  ])}</dl>
</article>`).join('\n');

  const log = pkg.disclosureLog.map((e) => `<tr class="disclosure" data-kind="${escape(e.kind)}"><td>${escape(when(e.at))}</td><td>${escape(e.agency.name ?? e.agency.id)}</td>
<td>${escape(e.kind === 'SENT' ? t('sentToThem') : t('seenByThem'))}</td><td>${escape(e.fields.length ? fieldList(e.fields) : '')}${e.messagesRead ? `${e.fields.length ? '; ' : ''}${escape(t('messagesRead', { n: e.messagesRead }))}` : ''}</td>
<td>${escape(L.code('LegalBasis', e.basis))}</td></tr>`).join('\n');
  const summary = pkg.disclosures.map((d) => `<li><strong>${escape(agencyName(d.agencyId))}</strong>: ${escape(t('sentToThem'))}: ${escape(fieldList(d.fieldsSent))}; ${escape(t('seenByThem'))}: ${escape(fieldList(d.fieldsRead))} (${escape(t('reads', { n: d.reads }))}; ${escape(t('firstLast', { first: when(d.firstAt), last: when(d.lastAt) }))})</li>`).join('');

  return `<!doctype html>
<html lang="${escape(L.lang)}" dir="${L.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escape(t('title'))}: ${escape(pkg.case.caseCode)}</title>
<style>
@page{size:A4;margin:16mm 14mm}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Naskh Arabic",Arial,sans-serif;font-size:11pt;line-height:1.45;color:#111;max-width:182mm;margin:0 auto;padding:1rem}
h1{font-size:17pt;margin:0 0 .4rem} h2{font-size:13.5pt;margin:1.4rem 0 .4rem;border-bottom:2px solid #333;padding-bottom:.15rem} h3{font-size:11.5pt;margin:.9rem 0 .3rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.4rem 0 1rem} dl.meta dt,dl.grid dt{font-weight:600} dl.meta dd,dl.grid dd{margin:0}
dl.grid{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.2rem 0 .6rem} dl.grid dd{white-space:pre-wrap;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse;margin:.2rem 0 .6rem} th,td{border-bottom:1px solid #bbb;padding:.28rem .4rem;text-align:start;vertical-align:top}
table.fields th{width:38%;font-weight:600} td.value{white-space:pre-wrap;overflow-wrap:anywhere} td.empty{color:#555;font-style:italic}
thead th{background:#eee} .tag{font-size:8.5pt;font-weight:normal;border:1px solid #777;border-radius:3px;padding:0 .3rem;margin-inline-start:.35rem;white-space:nowrap}
article{border-inline-start:3px solid #999;padding-inline-start:.7rem;margin:.6rem 0} p.intro,p.rights{margin:.4rem 0} p.rights{font-weight:600} p.erased{border:2px solid #333;padding:.4rem .6rem;font-weight:600}
footer{margin-top:1.5rem;border-top:1px solid #999;padding-top:.4rem;font-size:9.5pt;color:#333}
@media print{body{padding:0;max-width:none} tr,article,dl.grid{break-inside:avoid} h2,h3{break-after:avoid} thead{display:table-header-group}}
</style></head><body>
<header>
<h1>${escape(t('title'))}</h1>
<dl class="meta">
<dt>${escape(t('reference'))}</dt><dd id="case-code">${escape(pkg.case.caseCode)}</dd>
<dt>${escape(t('heldBy'))}</dt><dd id="owner">${escape(owner)}</dd>
<dt>${escape(t('caseStatus'))}</dt><dd>${escape(L.code('CaseStatus', pkg.case.status))}</dd>
<dt>${escape(t('openedOn'))}</dt><dd>${escape(dateText(L.lang, pkg.case.registeredAt, false))}</dd>
<dt>${escape(t('lastChanged'))}</dt><dd>${escape(dateText(L.lang, pkg.case.updatedAt, false))}</dd>
<dt>${escape(t('preparedOn'))}</dt><dd id="prepared">${escape(when(pkg.generatedAt))}</dd>
</dl>
</header>
<p class="intro">${escape(t('intro', { agency: owner, code: pkg.case.caseCode }))}</p>
${pkg.case.erasedAt ? `<p class="erased" id="erased">${escape(t('erasedNotice', { date: dateText(L.lang, pkg.case.erasedAt, false), reason: L.code('CaseErasureReason', pkg.case.erasureReason ?? '') }))}</p>` : ''}
<p class="rights">${escape(t('rights', { agency: owner }))}</p>
<section id="fields"><h2>${escape(t('sectionFields'))}</h2>
${fieldSections}
</section>
<section id="consents"><h2>${escape(t('sectionConsents'))}</h2>
${pkg.consents.map(consent).join('\n') || `<p>${escape(t('noConsents'))}</p>`}
</section>
<section id="referrals"><h2>${escape(t('sectionReferrals'))}</h2>
${referrals || `<p>${escape(t('noReferrals'))}</p>`}
</section>
<section id="disclosures"><h2>${escape(t('sectionDisclosures'))}</h2>
${log ? `<table id="disclosure-log"><thead><tr><th scope="col">${escape(t('when'))}</th><th scope="col">${escape(t('organisation'))}</th><th scope="col">${escape(t('whatHappened'))}</th><th scope="col">${escape(t('information'))}</th><th scope="col">${escape(t('basis'))}</th></tr></thead>
<tbody>
${log}
</tbody></table>
<h3>${escape(t('inTotal'))}</h3><ul id="disclosure-summary">${summary}</ul>` : `<p>${escape(t('noDisclosures'))}</p>`}
</section>
<footer><p>${escape(t('footer', { agency: owner }))} ${escape(t('reference'))}: ${escape(pkg.case.caseCode)} &middot; ${escape(when(pkg.generatedAt))}</p></footer>
</body></html>`;
}
