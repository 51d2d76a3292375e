// Two projects: fast suites that run real code over the in-memory emulator, and the
// browser journeys, which start the whole stack and need Chromium.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2021' } }] };
const moduleNameMapper = { '^@contract$': '<rootDir>/cloudfunctions/core/contract/index.ts' };

module.exports = {
  // Generous: the suites run real functions over the emulator, two workers on two cores.
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/cloudfunctions/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts', '<rootDir>/client/src/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/browser/'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
  ],
};
