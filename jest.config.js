/** Integration tests: one server per run (test/support/global-setup.ts), talked to over HTTP. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // pure rules run first, without a server: jest.unit.config.js
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
  transform: {
    // transpile only (isolatedModules): the build (tsc) is what type-checks
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
