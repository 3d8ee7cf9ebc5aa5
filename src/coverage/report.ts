import type { Request, Response } from 'express';
import { errors as joseErrors } from 'jose';
import { InvalidTokenError, type TokenVerifier } from '../auth/jwt';
import { hasRole, Role, type Viewer } from '../auth/roles';
import { signReportLinkToken, verifyReportLinkToken } from '../auth/report-links';
import type { Config } from '../config';
import { AreaLevel } from '../directory/enums';
import { errorMessage, errorText } from '../shared/errors';
import { pickLocalized } from '../shared/i18n';
import { direction, message, render, supportedLanguage, translator, type Message } from '../shared/messages';
import { logger } from '../shared/logger';
import type { RequestAuth } from '../shared/rate-limit';
import type { CoverageReport, CoverageService } from './coverage.service';
import { CoverageStatus } from './entities';

/** Who may see coverage: the same roles as pathwayCoverage in the permissions file. */
export const COVERAGE_ROLES = [Role.STEERING_COMMITTEE, Role.NETWORK_ADMIN, Role.AGENCY_ADMIN];

const LINK_AUDIENCE = 'coverage-report';

export interface ReportScope { pathway: string; area: string; level: string }

/** A link for a browser: short-lived, bound to one report, never a user's bearer token in a URL. */
export function signReportLink(config: Config, viewer: Viewer, scope: ReportScope) {
  return signReportLinkToken(config, viewer, LINK_AUDIENCE, { ...scope });
}

const COLORS: Record<CoverageStatus, string> = {
  COVERED: '#1a9850', NO_SOP: '#a6d96a', NO_AGREEMENT: '#fee08b', STALE: '#fdae61', NO_CAPACITY: '#f46d43', GAP: '#d73027',
};
const escape = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The report page in `lang` (en, fr or ar; Arabic right to left); names of areas in that language when they have one. */
export function renderCoverageHtml(report: CoverageReport, lang = 'en'): string {
  const lng = supportedLanguage(lang) ?? 'en';
  const t = translator(lng);
  const label = (status: CoverageStatus) => t(`coverage.status.${status}`);
  const name = (names: Record<string, string>, fallback: string) => pickLocalized(names, lng) ?? fallback;
  const optional = ` <small>${escape(t('coverage.report.optional'))}</small>`;
  const header = report.steps.map((s) => `<th scope="col">${escape(s.position)}. ${escape(s.title)}${s.required ? '' : optional}</th>`).join('');
  const rows = report.areas.map((a) => `<tr><th scope="row">${escape(name(a.areaEntity.names, a.area.code))} <small>${escape(a.area.code)}</small></th>${a.steps.map((s, i) =>
    `<td class="cell" data-status="${s.status}" style="background:${COLORS[s.status]}" title="${escape(t('coverage.report.cellTitle', { step: report.steps[i].title, status: label(s.status), count: s.serviceIds.length }))}">${escape(label(s.status))}</td>`).join('')}<td class="share">${a.requiredSteps ? Math.round((100 * a.requiredCovered) / a.requiredSteps) : 100}%</td></tr>`).join('\n');
  const legend = (Object.keys(COLORS) as CoverageStatus[]).map((s) => `<li><span class="swatch" style="background:${COLORS[s]}"></span>${escape(label(s))} <code>${s}</code></li>`).join('');
  // the status in bold, where the language puts it in the sentence (a mark no text holds stands for it until escaped)
  const gaps = report.gaps.slice(0, 200).map((g) => `<li>${escape(t('coverage.report.gapAt', {
    status: '\u0000', area: name(report.areas.find((a) => a.area.id === g.area.id)!.areaEntity.names, g.area.code), position: g.step.position, title: g.step.title,
  })).replace('\u0000', `<strong>${escape(label(g.result.status))}</strong>`)}${g.step.required ? '' : ` ${escape(t('coverage.report.optional'))}`}</li>`).join('');
  const cells = report.areas.length * report.steps.length;
  const covered = report.areas.reduce((n, a) => n + a.steps.filter((s) => s.status === CoverageStatus.COVERED).length, 0);
  const fullyCovered = report.areas.filter((a) => a.requiredSteps && a.requiredCovered === a.requiredSteps).length;
  const subtitle = t('coverage.report.subtitle', {
    area: name(report.root.names, report.root.code), level: message(`areaLevels.${report.level}`), computedAt: report.computedAt.toISOString().slice(0, 16).replace('T', ' '),
  });
  return `<!doctype html>
<html lang="${lng}" dir="${direction(lng)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t('coverage.report.title', { pathway: report.pathway.name }))}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,"Noto Sans Arabic",sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem;margin:0 0 .2rem} .sub{color:#555;margin:0 0 1rem}
.figures{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0} .figure{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.figure b{display:block;font-size:1.5rem}
table{border-collapse:collapse;margin:1rem 0} th,td{border:1px solid #fff;padding:.35rem .5rem;font-size:.85rem}
thead th{background:#f0f0f0;vertical-align:bottom;max-width:9rem} tbody th{text-align:start;background:#f7f7f7;white-space:nowrap}
td.cell{color:#111;text-align:center;min-width:6rem} td.share{font-weight:bold;text-align:end;background:#f7f7f7}
ul.legend{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap} .swatch{display:inline-block;width:1rem;height:1rem;margin-inline-end:.35rem;vertical-align:middle;border:1px solid #999}
code,td.share,.figure b{unicode-bidi:isolate}
@media print{.figure{border-color:#999}}
</style></head><body>
<h1>${escape(t('coverage.report.heading', { pathway: report.pathway.name }))}</h1>
<p class="sub">${escape(subtitle)}</p>
<div class="figures">
<div class="figure"><b id="fig-areas">${report.areas.length}</b>${escape(t('coverage.report.areas'))}</div>
<div class="figure"><b id="fig-steps">${report.steps.length}</b>${escape(t('coverage.report.steps'))}</div>
<div class="figure"><b id="fig-covered">${cells ? Math.round((100 * covered) / cells) : 0}%</b>${escape(t('coverage.report.cellsCovered'))}</div>
<div class="figure"><b id="fig-full">${fullyCovered}</b>${escape(t('coverage.report.fullyCovered'))}</div>
<div class="figure"><b id="fig-gaps">${report.gaps.length}</b>${escape(t('coverage.report.gaps'))}</div>
</div>
<ul class="legend">${legend}</ul>
<table id="matrix"><thead><tr><th scope="col">${escape(t('coverage.report.area'))}</th>${header}<th scope="col">${escape(t('coverage.report.requiredCovered'))}</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>${escape(t('coverage.report.gapsHeading'))}</h2>
<ol id="gaps">${gaps || `<li>${escape(t('coverage.report.none'))}</li>`}</ol>
</body></html>`;
}

/**
 * The report as CSV, headers in `lang`; statuses stay codes (a spreadsheet filters on them). Outside English a
 * byte-order mark goes first, so spreadsheet programs read accents and Arabic letters as UTF-8.
 */
export function renderCoverageCsv(report: CoverageReport, lang = 'en'): string {
  const lng = supportedLanguage(lang) ?? 'en';
  const t = translator(lng);
  const cell = (v: unknown) => {
    // a leading = + - @ would run as a formula in a spreadsheet
    const s = String(v ?? '').replace(/^[=+\-@\t\r]/, "'$&");
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = [t('coverage.csv.areaCode'), t('coverage.csv.areaName'), ...report.steps.map((s) => t('coverage.csv.step', { position: s.position, title: s.title })),
    t('coverage.csv.requiredCovered'), t('coverage.csv.requiredSteps')];
  const lines = report.areas.map((a) => [a.area.code, pickLocalized(a.areaEntity.names, lng) ?? '', ...a.steps.map((s) => s.status), a.requiredCovered, a.requiredSteps]);
  return (lng === 'en' ? '' : '\ufeff') + [header, ...lines].map((l) => l.map(cell).join(',')).join('\n') + '\n';
}

/**
 * Who is asking for a report: a bearer token, or the signed link from createCoverageReportLink (which always
 * expires, and is bound to one report). Runs before the rate limit, which keys on the viewer it finds.
 */
export function authenticateReport(config: Config, verifyToken: TokenVerifier) {
  return async (req: Request): Promise<RequestAuth<{ status: number; message: Message }>> => {
    const { pathway, area, link } = req.query as Record<string, string | undefined>;
    const level = String(req.query.level ?? AreaLevel.REGION).toUpperCase();
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) return { viewer: await verifyToken(bearer), error: null };
      if (typeof link === 'string' && link) {
        const { viewer, claims } = await verifyReportLinkToken(config, link, LINK_AUDIENCE);
        if (claims.pathway !== pathway || claims.area !== area || claims.level !== level) return { viewer: null, error: { status: 403, message: errorMessage('auth.linkOtherReport') } };
        return { viewer, error: null };
      }
      return { viewer: null, error: { status: 401, message: errorMessage('auth.tokenOrLink', { mutation: 'createCoverageReportLink' }) } };
    } catch (e) {
      if (!(e instanceof InvalidTokenError) && !(e instanceof joseErrors.JOSEError)) logger.warn({ err: { message: (e as Error)?.message } }, 'report token check failed');
      return { viewer: null, error: { status: 401, message: e instanceof InvalidTokenError ? errorMessage('auth.notAuthenticated', { reason: e.reason }) : errorMessage('auth.linkInvalid') } };
    }
  };
}

/**
 * GET /reports/coverage(.csv)?pathway=&area=&level=, after authenticateReport and the rate limit (res.locals.auth).
 * A report is as costly as pathwayCoverage: `charge` draws the rest of its cost from the caller's budget.
 */
export function coverageReportHandler(coverage: CoverageService, format: 'html' | 'csv', charge: (viewer: Viewer, req: Request) => Promise<string | null> = async () => null) {
  return async (req: Request, res: Response) => {
    const lang = res.locals.lang as string | undefined;
    const fail = (status: number, message: Message | string) => res.status(status).type('text/plain').send(typeof message === 'string' ? message : render(lang, message));
    const { pathway, area } = req.query as Record<string, string | undefined>;
    const level = String(req.query.level ?? AreaLevel.REGION).toUpperCase() as AreaLevel;
    const auth = res.locals.auth as RequestAuth<{ status: number; message: Message }> | undefined;
    if (!auth?.viewer) return fail(auth?.error?.status ?? 401, auth?.error?.message ?? errorMessage('auth.notAuthenticatedShort'));
    const viewer = auth.viewer;
    if (typeof pathway !== 'string' || typeof area !== 'string' || !pathway || !area) return fail(400, errorMessage('coverage.giveQuery'));
    if (!Object.values(AreaLevel).includes(level)) return fail(400, errorMessage('coverage.levelOneOf', { levels: Object.values(AreaLevel) }));
    if (!hasRole(viewer, ...COVERAGE_ROLES)) return fail(403, errorMessage('coverage.needsRole', { roles: COVERAGE_ROLES }));
    const refused = await charge(viewer, req);
    if (refused) return fail(429, refused);
    try {
      const report = await coverage.coverage(pathway, area, level);
      res.setHeader('Cache-Control', 'private, no-store');
      if (format === 'csv') {
        res.type('text/csv').setHeader('Content-Disposition', `attachment; filename="coverage-${report.root.code}-${level.toLowerCase()}.csv"`);
        return res.send(renderCoverageCsv(report, lang));
      }
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      res.setHeader('Content-Language', supportedLanguage(lang) ?? 'en');
      return res.type('html').send(renderCoverageHtml(report, lang));
    } catch (e: any) {
      const code = e?.extensions?.code;
      if (code === 'NOT_FOUND' || code === 'BAD_USER_INPUT') return fail(code === 'NOT_FOUND' ? 404 : 400, errorText(e, lang));
      logger.error({ err: { message: e?.message } }, 'coverage report failed');
      return fail(500, errorMessage('coverage.failed'));
    }
  };
}
