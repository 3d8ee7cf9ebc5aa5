import type { Request, Response } from 'express';
import { errors as joseErrors } from 'jose';
import { InvalidTokenError, type TokenVerifier } from '../auth/jwt';
import { hasRole, Role, type Viewer } from '../auth/roles';
import { signReportLinkToken, verifyReportLinkToken } from '../auth/report-links';
import type { Config } from '../config';
import { AreaLevel } from '../directory/enums';
import { pickLocalized } from '../shared/i18n';
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
const LABELS: Record<CoverageStatus, string> = {
  COVERED: 'Covered', NO_SOP: 'No SOP in force', NO_AGREEMENT: 'No active MoU', STALE: 'Not verified recently', NO_CAPACITY: 'No capacity', GAP: 'No service',
};

const escape = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderCoverageHtml(report: CoverageReport, lang = 'en'): string {
  const name = (names: Record<string, string>, fallback: string) => pickLocalized(names, lang) ?? fallback;
  const header = report.steps.map((s) => `<th scope="col">${escape(s.position)}. ${escape(s.title)}${s.required ? '' : ' <small>(optional)</small>'}</th>`).join('');
  const rows = report.areas.map((a) => `<tr><th scope="row">${escape(name(a.areaEntity.names, a.area.code))} <small>${escape(a.area.code)}</small></th>${a.steps.map((s, i) =>
    `<td class="cell" data-status="${s.status}" style="background:${COLORS[s.status]}" title="${escape(`${report.steps[i].title}: ${LABELS[s.status]} (${s.serviceIds.length} service(s))`)}">${escape(LABELS[s.status])}</td>`).join('')}<td class="share">${a.requiredSteps ? Math.round((100 * a.requiredCovered) / a.requiredSteps) : 100}%</td></tr>`).join('\n');
  const legend = (Object.keys(COLORS) as CoverageStatus[]).map((s) => `<li><span class="swatch" style="background:${COLORS[s]}"></span>${escape(LABELS[s])} <code>${s}</code></li>`).join('');
  const gaps = report.gaps.slice(0, 200).map((g) => `<li><strong>${escape(LABELS[g.result.status])}</strong>: ${escape(name(report.areas.find((a) => a.area.id === g.area.id)!.areaEntity.names, g.area.code))}, step ${g.step.position} ${escape(g.step.title)}${g.step.required ? '' : ' (optional)'}</li>`).join('');
  const cells = report.areas.length * report.steps.length;
  const covered = report.areas.reduce((n, a) => n + a.steps.filter((s) => s.status === CoverageStatus.COVERED).length, 0);
  const fullyCovered = report.areas.filter((a) => a.requiredSteps && a.requiredCovered === a.requiredSteps).length;
  return `<!doctype html>
<html lang="${escape(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Coverage: ${escape(report.pathway.name)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem;margin:0 0 .2rem} .sub{color:#555;margin:0 0 1rem}
.figures{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0} .figure{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.figure b{display:block;font-size:1.5rem}
table{border-collapse:collapse;margin:1rem 0} th,td{border:1px solid #fff;padding:.35rem .5rem;font-size:.85rem}
thead th{background:#f0f0f0;vertical-align:bottom;max-width:9rem} tbody th{text-align:left;background:#f7f7f7;white-space:nowrap}
td.cell{color:#111;text-align:center;min-width:6rem} td.share{font-weight:bold;text-align:right;background:#f7f7f7}
ul.legend{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap} .swatch{display:inline-block;width:1rem;height:1rem;margin-right:.35rem;vertical-align:middle;border:1px solid #999}
@media print{.figure{border-color:#999}}
</style></head><body>
<h1>Referral pathway coverage: ${escape(report.pathway.name)}</h1>
<p class="sub">${escape(name(report.root.names, report.root.code))}, by ${escape(report.level.toLowerCase())} &middot; computed ${escape(report.computedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC</p>
<div class="figures">
<div class="figure"><b id="fig-areas">${report.areas.length}</b>areas</div>
<div class="figure"><b id="fig-steps">${report.steps.length}</b>steps</div>
<div class="figure"><b id="fig-covered">${cells ? Math.round((100 * covered) / cells) : 0}%</b>cells covered</div>
<div class="figure"><b id="fig-full">${fullyCovered}</b>areas with every required step covered</div>
<div class="figure"><b id="fig-gaps">${report.gaps.length}</b>gaps</div>
</div>
<ul class="legend">${legend}</ul>
<table id="matrix"><thead><tr><th scope="col">Area</th>${header}<th scope="col">Required steps covered</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Gaps, worst first</h2>
<ol id="gaps">${gaps || '<li>None</li>'}</ol>
</body></html>`;
}

export function renderCoverageCsv(report: CoverageReport): string {
  const cell = (v: unknown) => {
    // a leading = + - @ would run as a formula in a spreadsheet
    const s = String(v ?? '').replace(/^[=+\-@\t\r]/, "'$&");
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = ['area_code', 'area_name', ...report.steps.map((s) => `step_${s.position}_${s.title}`), 'required_covered', 'required_steps'];
  const lines = report.areas.map((a) => [a.area.code, pickLocalized(a.areaEntity.names, 'en') ?? '', ...a.steps.map((s) => s.status), a.requiredCovered, a.requiredSteps]);
  return [header, ...lines].map((l) => l.map(cell).join(',')).join('\n') + '\n';
}

/**
 * Who is asking for a report: a bearer token, or the signed link from createCoverageReportLink (which always
 * expires, and is bound to one report). Runs before the rate limit, which keys on the viewer it finds.
 */
export function authenticateReport(config: Config, verifyToken: TokenVerifier) {
  return async (req: Request): Promise<RequestAuth<{ status: number; message: string }>> => {
    const { pathway, area, link } = req.query as Record<string, string | undefined>;
    const level = String(req.query.level ?? AreaLevel.REGION).toUpperCase();
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) return { viewer: await verifyToken(bearer), error: null };
      if (typeof link === 'string' && link) {
        const { viewer, claims } = await verifyReportLinkToken(config, link, LINK_AUDIENCE);
        if (claims.pathway !== pathway || claims.area !== area || claims.level !== level) return { viewer: null, error: { status: 403, message: 'This link is for another report' } };
        return { viewer, error: null };
      }
      return { viewer: null, error: { status: 401, message: 'Send a bearer token, or open a link made by the createCoverageReportLink mutation' } };
    } catch (e) {
      if (!(e instanceof InvalidTokenError) && !(e instanceof joseErrors.JOSEError)) logger.warn({ err: { message: (e as Error)?.message } }, 'report token check failed');
      return { viewer: null, error: { status: 401, message: e instanceof InvalidTokenError ? `Not authenticated: ${e.message}` : 'The token or link is invalid or has expired: make a new link' } };
    }
  };
}

/**
 * GET /reports/coverage(.csv)?pathway=&area=&level=, after authenticateReport and the rate limit (res.locals.auth).
 * A report is as costly as pathwayCoverage: `charge` draws the rest of its cost from the caller's budget.
 */
export function coverageReportHandler(coverage: CoverageService, format: 'html' | 'csv', charge: (viewer: Viewer, req: Request) => Promise<string | null> = async () => null) {
  return async (req: Request, res: Response) => {
    const fail = (status: number, message: string) => res.status(status).type('text/plain').send(message);
    const { pathway, area } = req.query as Record<string, string | undefined>;
    const level = String(req.query.level ?? AreaLevel.REGION).toUpperCase() as AreaLevel;
    const auth = res.locals.auth as RequestAuth<{ status: number; message: string }> | undefined;
    if (!auth?.viewer) return fail(auth?.error?.status ?? 401, auth?.error?.message ?? 'Not authenticated');
    const viewer = auth.viewer;
    if (typeof pathway !== 'string' || typeof area !== 'string' || !pathway || !area) return fail(400, 'Give pathway and area (ids) in the query string');
    if (!Object.values(AreaLevel).includes(level)) return fail(400, `level must be one of ${Object.values(AreaLevel).join(', ')}`);
    if (!hasRole(viewer, ...COVERAGE_ROLES)) return fail(403, `This report needs the role ${COVERAGE_ROLES.join(' or ')}`);
    const refused = await charge(viewer, req);
    if (refused) return fail(429, refused);
    try {
      const report = await coverage.coverage(pathway, area, level);
      res.setHeader('Cache-Control', 'private, no-store');
      if (format === 'csv') {
        res.type('text/csv').setHeader('Content-Disposition', `attachment; filename="coverage-${report.root.code}-${level.toLowerCase()}.csv"`);
        return res.send(renderCoverageCsv(report));
      }
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      return res.type('html').send(renderCoverageHtml(report));
    } catch (e: any) {
      const code = e?.extensions?.code;
      if (code === 'NOT_FOUND' || code === 'BAD_USER_INPUT') return fail(code === 'NOT_FOUND' ? 404 : 400, e.message);
      logger.error({ err: { message: e?.message } }, 'coverage report failed');
      return fail(500, 'The report could not be made; the failure was logged');
    }
  };
}
