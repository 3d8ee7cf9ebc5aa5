import type { RunResult } from './load';
import type { BenchReport } from './run';

const n = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? 'n/a' : x < 10 ? n(x, 1) : n(x));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${Math.round(x * 100)}%`);
const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : '**MISSED**');
const hitRate = (r: RunResult | undefined) =>
  r?.cacheHits === undefined ? 'n/a' : `${pct(r.cacheHits / Math.max(1, r.cacheHits + (r.cacheMisses ?? 0)))} (${n(r.cacheHits)}/${n(r.cacheHits + (r.cacheMisses ?? 0))})`;
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
  lines.push(`Machine: **${r.machine.cores} cores** (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, ${r.machine.platform}; Node ${r.machine.node}; PostgreSQL ${r.machine.postgres}${r.machine.connection ? `, reached by ${r.machine.connection}` : ''}.`);
  lines.push(`Data: ${n(r.data.services)} services, ${n(r.data.referrals)} referrals, ${n(r.data.agencies)} agencies, ${n(r.data.locations)} locations, ${n(r.data.cases)} cases ` +
    `(audit log ${n(r.data.auditEventsBefore)} -> ${n(r.data.auditEventsAfter)} events during the run).`);
  lines.push(`Runs: ${r.settings.duration} s each after ${r.settings.warmup} s of warm-up, at ${r.settings.connections.join(' and ')} concurrent clients (autocannon, HTTP/1.1 keep-alive, no pipelining); ` +
    `server and database floor pools of ${r.settings.pool} connections; server LOG_LEVEL=${r.settings.logLevel}. Latencies in ms, computed from every response.`, '');

  const onlySoak = !r.workloads.length && !r.searchMix && !r.frameworkFloor.runs.length;
  if (!onlySoak) lines.push('| Workload | Clients | req/s | p50 | p95 | p99 | max | SQL stmts/req | DB floor req/s | DB floor p50 | ours / floor |');
  if (!onlySoak) lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const mix = r.searchMix;
  if (mix) {
    const stmts = `${mix.sample.statements.min}-${mix.sample.statements.max}`;
    mix.runs.forEach((run, i) => {
      const floor = mix.floor[i];
      lines.push(`| ${i === 0 ? `**search mix**, cache on (as configured by default): ${mix.title}` : ''} | ${run.clients} | ${n(run.reqPerSec)}${issues(run)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ${ms(run.max)} | ` +
        `${i === 0 ? stmts : ''} | ${n(floor?.reqPerSec)}${issues(floor)} | ${ms(floor?.p50)} | hits ${hitRate(run)} |`);
    });
    mix.cacheOffRuns.forEach((run, i) => {
      const floor = mix.floor[i];
      lines.push(`| ${i === 0 ? '**search mix, cache off** (DIRECTORY_CACHE_TTL_SECONDS=0)' : ''} | ${run.clients} | ${n(run.reqPerSec)}${issues(run)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ${ms(run.max)} | ` +
        `${i === 0 ? stmts : ''} | ${n(floor?.reqPerSec)} | ${ms(floor?.p50)} | ${pct(mix.floorRatio[run.clients])} |`);
    });
  }
  for (const w of r.workloads) {
    w.runs.forEach((run, i) => {
      const floor = w.floor[i];
      lines.push(`| ${i === 0 ? `**${w.id}**: ${w.title}` : ''} | ${run.clients} | ${n(run.reqPerSec)}${issues(run)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ${ms(run.max)} | ${i === 0 ? w.statements : ''} | ` +
        `${n(floor?.reqPerSec)}${issues(floor)} | ${ms(floor?.p50)} | ${pct(w.floorRatio[run.clients])} |`);
    });
  }
  if (r.enforcementOff) {
    const on = r.workloads.find((w) => w.id === 'inbox')?.runs ?? [];
    r.enforcementOff.runs.forEach((run, i) => {
      lines.push(`| ${i === 0 ? `**inbox, check off**: ${r.enforcementOff!.title}` : ''} | ${run.clients} | ${n(run.reqPerSec)}${issues(run)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ${ms(run.max)} | ` +
        `${i === 0 ? r.enforcementOff!.statements : ''} | | | on/off ${r.enforcementOff!.onOffRatio[run.clients]?.toFixed(2) ?? 'n/a'} (on: ${n(on[i]?.reqPerSec)}) |`);
    });
  }
  for (const x of r.cacheOff?.workloads ?? []) {
    x.runs.forEach((run, i) => {
      const floor = r.workloads.find((w) => w.id === x.id)?.floor[i];
      lines.push(`| ${i === 0 ? `**${x.id}, cache off**: ${r.cacheOff!.title}` : ''} | ${run.clients} | ${n(run.reqPerSec)}${issues(run)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ${ms(run.max)} | ` +
        `${i === 0 ? x.statements : ''} | ${n(floor?.reqPerSec)} | ${ms(floor?.p50)} | ${pct(x.floorRatio[run.clients])} |`);
    });
  }
  r.frameworkFloor.runs.forEach((run, i) => {
    lines.push(`| ${i === 0 ? `**framework floor**: ${r.frameworkFloor.title}` : ''} | ${run.clients} | ${n(run.reqPerSec)}${issues(run)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ${ms(run.max)} | 0 | | | |`);
  });
  lines.push('');

  if (mix) {
    const shape = Object.entries(mix.shape).map(([k, v]) => `${k} ${pct(v)}`).join(', ');
    lines.push('### The search mix', '');
    lines.push(`Distinct searches generated from the data (bench/search-mix.ts, seed ${mix.seed}), page size ${mix.pageSize}, sent round-robin from one sequence per server: no request repeats on a server. ` +
      `Shares of the requests sent (cache-on server; intended: text 70%, typo 10.5% (15% of the texts), category 50%, near 25%, area 45%, population 30%, age 15%; ` +
      `drawing without repeats favours the richer combinations a little): ${shape}.`);
    lines.push(`Sample whose SQL is the database floor: ${mix.sample.requests} requests, ${mix.sample.statements.min}-${mix.sample.statements.max} statements each (median ${mix.sample.statements.median}), ` +
      `totalCount median ${n(mix.sample.totalCount.median)}, max ${n(mix.sample.totalCount.max)}; the floor replays them round-robin (the same ${mix.sample.requests} requests again and again: PostgreSQL's buffers are warmer than under distinct requests, so the floor is if anything optimistic).`, '');
    for (const [label, runs] of [['cache on', mix.runs], ['cache off', mix.cacheOffRuns]] as const) {
      for (const run of runs) {
        lines.push(`- ${label}, ${run.clients} client${run.clients > 1 ? 's' : ''}: ${n(run.bodiesSent ?? run.requests)} distinct requests sent, cache hits ${hitRate(run)}; ` +
          `slowest ${ms(run.slowest?.ms)} ms: \`${JSON.stringify(run.slowest?.label ?? null)}\``);
      }
    }
    if (mix.statementsByPageSize.length) {
      lines.push(`- Statements at first 10 / first ${mix.pageSize}: ${mix.statementsByPageSize.map((x) => `${Object.values(x.byPageSize).join(' / ')}`).join('; ')}`);
    }
    lines.push('');
  }

  const several = (heading: string, x: NonNullable<BenchReport['instances']>, label: string) => {
    lines.push(heading, '', `${x.title}.`, '');
    lines.push(`| Workload | Clients | 1 process req/s | p50 | p99 | max | ${label} req/s | p50 | p99 | max | ${label} / one |`);
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of x.rows) {
      const one = row.one;
      const q = one && one.reqPerSec ? row.two.reqPerSec / one.reqPerSec : null;
      lines.push(`| ${row.title} | ${row.clients} | ${n(one?.reqPerSec)}${issues(one ?? undefined)} | ${ms(one?.p50)} | ${ms(one?.p99)} | ${ms(one?.max)} | ` +
        `${n(row.two.reqPerSec)}${issues(row.two)} | ${ms(row.two.p50)} | ${ms(row.two.p99)} | ${ms(row.two.max)} | ${q === null ? 'n/a' : q.toFixed(2)} |`);
    }
    lines.push('');
  };
  const count = r.settings.instances ?? 2;
  if (r.instances?.rows.length) several(`### One and ${count} API instances`, r.instances, `${count} instances`);
  if (r.processes?.rows.length) several(`### One instance with API_PROCESSES=${count}`, r.processes, `${count} processes`);
  if (r.instances?.rows.length || r.processes?.rows.length) {
    lines.push('All instances and processes, the load generator and PostgreSQL share the same cores: a second process can only help where one leaves cores idle.', '');
  }

  if (r.soak) {
    const s = r.soak;
    lines.push('### Memory over a mixed run', '');
    lines.push(`${n(s.seconds)} s of every persona at once against one server: ${s.personas.map((p) => `${p.id} (${p.clients} client${p.clients > 1 ? 's' : ''}${p.rate ? `, at most ${p.rate}/s` : ''}): ${n(p.run.reqPerSec)} req/s, p99 ${ms(p.run.p99)} ms${issues(p.run)}`).join('; ')}.`, '');
    lines.push(`| Series | start MB | end MB | max MB | slope (MB/min) through the lowest sample of each ${n(s.fitWindowSeconds)} s after the first ${n(s.fitFromSeconds)} s | bound | flat |`);
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
    const gc = s.heapAfterFullGc ?? null;
    const rows = [
      [`heap after each full GC (--trace-gc, ${gc?.collections ?? 0} collections; slope through all after the first ${n(s.fitFromSeconds)} s)`, gc, true],
      ['heap used (nodejs_heap_size_used_bytes, lowest of each window)', s.heapUsed, !gc || gc.flat === null],
      ['outside the heap (nodejs_external_memory_bytes)', s.external ?? null, true],
      ['resident (RSS), not judged', s.rss, false],
    ] as const;
    for (const [label, m, judged] of rows) {
      const flat = m?.flat === null || m?.flat === undefined ? 'n/a' : m.flat ? 'yes' : judged ? '**no**' : 'no';
      if (m) lines.push(`| ${label} | ${n(m.startMB, 1)} | ${n(m.endMB, 1)} | ${n(m.maxMB, 1)} | ${n(m.slopeMBPerMin, 2)} | < ${m.boundMBPerMin} | ${flat} |`);
    }
    lines.push('', `Memory read every second; one sample per ${n(s.sampleSeconds)} s window, the heap's lowest reading in it (what survives garbage collection) and the last RSS. ` +
      `Heap used, MB: ${s.samples.map((x) => x.heapUsedMB ?? 'n/a').join(', ')}. RSS, MB: ${s.samples.map((x) => x.rssMB ?? 'n/a').join(', ')}. ` +
      `V8 heap committed, MB: ${s.samples.map((x) => x.heapTotalMB ?? 'n/a').join(', ')}. Outside the heap (Buffers), MB: ${s.samples.map((x) => x.externalMB ?? 'n/a').join(', ')}.` +
      (gc ? ` Heap after each full GC (s: MB): ${gc.points.slice(0, 200).map((p) => `${Math.round(p.t)}: ${Math.round(p.mb)}`).join(', ')}${gc.points.length > 200 ? ', ...' : ''}.` : ''), '');
  }

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
  if (mix) {
    const off = mix.cacheOffRuns.find((x) => x.clients === hi);
    const floor = mix.floor.find((x) => x.clients === hi);
    if (off && floor) {
      lines.push(`- **search mix** (cache off) at ${hi} clients: ${n(off.reqPerSec)} req/s; the SQL of its ${mix.sample.requests} sampled requests alone, straight from pg, ${n(floor.reqPerSec)} req/s ` +
        `(ours ${pct(mix.floorRatio[hi])} of that); p50 ${ms(off.p50)} ms vs ${ms(floor.p50)} ms, p99 ${ms(off.p99)} ms vs ${ms(floor.p99)} ms.`);
    }
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
