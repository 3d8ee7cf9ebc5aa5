/** Fault tests (kills, restarts of the database): run one at a time, after the main suites, by .ci/run. */
const base = require('./jest.config.js');
module.exports = { ...base, roots: ['<rootDir>/test/faults'], testMatch: ['**/*.faults.ts'], maxWorkers: 1, globalSetup: undefined, globalTeardown: undefined };
