/** Browser tests: the same server set-up as the integration tests, pages driven in headless Chromium. */
const base = require('./jest.config.js');
module.exports = { ...base, roots: ['<rootDir>/test/e2e'], testMatch: ['**/*.e2e.ts'], maxWorkers: 1 };
