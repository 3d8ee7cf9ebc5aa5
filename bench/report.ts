import type { RunResult } from './load';
import type { BenchReport } from './run';

const n = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? 'n/a' : x < 10 ? n(x, 1) : n(x));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${Math.round(x * 100)}%`);
const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : '**MISSED**');
const issues = (r: RunResult | undefined) => {
  if (!r) return '';
  const bad = r.non2xx + r.graphqlErrors + r.errors;
  return bad ? ` (${bad} bad)` : '';
};

/** The Markdown report: machine, one table of workloads with their database floor, the other floors, the targets. */
export function renderMarkdown(r: BenchReport): string {
  const hi = Math.max(...r.settings.connections);
  const lines: string[] = [];
  lines.push(`# Benchmark ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`, '');
  lines.push(`Machine: **${r.machine.cores} cores** (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, ${r.machine.platform}; Node ${r.machine.node}; PostgreSQL ${r.machine.postgres}.`);
  lines.push(`Data: ${n(r.data.services)} services, ${n(r.data.referrals)} referrals, ${n(r.data.agencies)} agencies, ${n(r.data.locations)} locations, ${n(r.data.cases)} cases ` +
    `(audit log ${n(r.data.auditEventsBefore)} -> ${n(r.data.auditEventsAfter)} events during the run).`);
  lines.push(`Runs: ${r.settings.duration} s each after ${r.settings.warmup} s of warm-up, at ${r.settings.connections.join(' and ')} concurrent clients (autocannon, HTTP/1.1 keep-alive, no pipelining); ` +
    `server and database floor pools of ${r.settings.pool} connections; server LOG_LEVEL=${r.settings.logLevel}. Latencies in ms, computed from every response.`, '');

  lines.push('| Workload | Clients | req/s | p50 | p95 | p99 | SQL stmts/req | DB floor req/s | DB floor p50 | ours / floor |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const w of r.workloads) {
    w.runs.forEach((run, i) => {
      const floor = w.floor[i];
      lines.push(`| ${i === 0 ? `**${w.id}**: ${w.title}` : ''} | ${run.clients} | ${n(run.reqPerSec)}${issues(run)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ${i === 0 ? w.statements : ''} | ` +
        `${n(floor?.reqPerSec)}${issues(floor)} | ${ms(floor?.p50)} | ${pct(w.floorRatio[run.clients])} |`);
    });
  }
  if (r.enforcementOff) {
    const on = r.workloads.find((w) => w.id === 'inbox')?.runs ?? [];
    r.enforcementOff.runs.forEach((run, i) => {
      lines.push(`| ${i === 0 ? `**inbox, check off**: ${r.enforcementOff!.title}` : ''} | ${run.clients} | ${n(run.reqPerSec)}${issues(run)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ` +
        `${i === 0 ? r.enforcementOff!.statements : ''} | | | on/off ${r.enforcementOff!.onOffRatio[run.clients]?.toFixed(2) ?? 'n/a'} (on: ${n(on[i]?.reqPerSec)}) |`);
    });
  }
  for (const x of r.cacheOff?.workloads ?? []) {
    x.runs.forEach((run, i) => {
      const floor = r.workloads.find((w) => w.id === x.id)?.floor[i];
      lines.push(`| ${i === 0 ? `**${x.id}, cache off**: ${r.cacheOff!.title}` : ''} | ${run.clients} | ${n(run.reqPerSec)}${issues(run)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ` +
        `${i === 0 ? x.statements : ''} | ${n(floor?.reqPerSec)} | ${ms(floor?.p50)} | ${pct(x.floorRatio[run.clients])} |`);
    });
  }
  r.frameworkFloor.runs.forEach((run, i) => {
    lines.push(`| ${i === 0 ? `**framework floor**: ${r.frameworkFloor.title}` : ''} | ${run.clients} | ${n(run.reqPerSec)}${issues(run)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | 0 | | | |`);
  });
  lines.push('');

  lines.push('Answers checked before the load (and every answer during it for GraphQL errors):', '');
  for (const w of r.workloads) lines.push(`- ${w.id}: ${w.answer}${w.auditEventsWritten ? `; the server wrote ${n(w.auditEventsWritten)} audit events during its runs` : ''}`);
  lines.push('');

  lines.push(`## Targets (${r.machine.cores} cores, PostgreSQL)`, '');
  lines.push('| Target | Measured | Verdict | Measured cause when missed |', '| --- | --- | --- | --- |');
  for (const t of r.targets) lines.push(`| ${t.target} | ${t.measured} | ${verdict(t.met)} | ${t.met === false ? t.note ?? '' : ''} |`);
  lines.push('');
  const missed = r.targets.filter((t) => t.met === false);
  lines.push(missed.length ? `**${missed.length} of ${r.targets.length} targets missed:** ${missed.map((t) => t.id).join(', ')}.` : `All ${r.targets.length} targets met.`, '');

  lines.push('## Where the time goes', '');
  const bare = r.frameworkFloor.runs.find((x) => x.clients === hi);
  for (const w of r.workloads) {
    const ours = w.runs.find((x) => x.clients === hi);
    const floor = w.floor.find((x) => x.clients === hi);
    if (!ours || !floor) continue;
    const dbShare = ours.reqPerSec && floor.reqPerSec ? ours.reqPerSec / floor.reqPerSec : null;
    lines.push(`- **${w.id}** at ${hi} clients: ${n(ours.reqPerSec)} req/s; its ${w.capturedStatements} statements alone, straight from pg, ${n(floor.reqPerSec)} req/s` +
      (dbShare !== null ? ` (ours ${pct(dbShare)} of that: ${dbShare >= 0.8 ? 'the database sets the pace' : `the server's own work (GraphQL, resolvers, hydration, JSON) costs the other ${pct(1 - dbShare)}`})` : '') +
      `; p50 ${ms(ours.p50)} ms vs ${ms(floor.p50)} ms.`);
  }
  lines.push('', 'Each statement of one request run alone on one idle connection (median of three, ms), slowest first:', '');
  for (const w of r.workloads) {
    if (!w.statementMs?.length) continue;
    const total = w.statementMs.reduce((t, x) => t + x.ms, 0);
    const top = [...w.statementMs].sort((a, b) => b.ms - a.ms).slice(0, 2);
    lines.push(`- **${w.id}**: ${n(total, 1)} ms in ${w.statementMs.length} statements; ${top.map((x) => `${n(x.ms, 1)} ms \`${x.sql.slice(0, 140).replace(/\|/g, '\\|')}...\``).join('; ')}`);
  }
  lines.push('');
  if (bare) lines.push(`- A bare Apollo Server answers ${n(bare.reqPerSec)} req/s at ${hi} clients (p50 ${ms(bare.p50)} ms): the ceiling of any GraphQL request on this machine with this load generator.`);
  lines.push('- The database floor replays the statements one request of the server issued (captured at the pg driver), back to back on one pooled connection, with the same parameters: ' +
    'the same work for PostgreSQL, none of the work in Node. Both share the machine\'s cores with the load generator.');
  if (r.problems.length) {
    lines.push('', '## Problems seen', '');
    for (const p of r.problems) lines.push(`- ${p}`);
  }
  lines.push('');
  return lines.join('\n');
}
