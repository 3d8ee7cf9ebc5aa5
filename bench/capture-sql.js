'use strict';
/**
 * Preloaded (node --require) into one short-lived server of the benchmark, never into a measured one:
 * records the SQL statements, with their parameters, of each HTTP request that carries the header
 * `x-bench-capture: <label>`, as JSON lines in the file named by BENCH_SQL_CAPTURE_FILE. The benchmark
 * replays exactly these statements with `pg` to measure the database floor of each workload.
 */
const fs = require('node:fs');
const http = require('node:http');
const { AsyncLocalStorage } = require('node:async_hooks');

const file = process.env.BENCH_SQL_CAPTURE_FILE;
if (file) {
  const capturing = new AsyncLocalStorage();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, ...rest) {
    const label = event === 'request' ? req.headers['x-bench-capture'] : undefined;
    if (label) return capturing.run({ label: String(label) }, () => emit.call(this, event, req, ...rest));
    return emit.call(this, event, req, ...rest);
  };
  const pg = require('pg');
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    const store = capturing.getStore();
    if (store) {
      const text = typeof config === 'string' ? config : config && config.text;
      const params = typeof config === 'string' ? (Array.isArray(values) ? values : []) : (config && config.values) || (Array.isArray(values) ? values : []);
      if (text) fs.appendFileSync(file, `${JSON.stringify({ label: store.label, text, values: params })}\n`);
    }
    return query.apply(this, arguments);
  };
}
