/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // integrations/ imports the package by name and the platform's own module next to it.
  moduleNameMapper: {
    '^@activepieces/piece-hashicorp-vault$': '<rootDir>/src/index.ts',
    '^\\./secret-manager-providers$': '<rootDir>/test/platform/secret-manager-providers.ts',
  },
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' }, keepClassNames: true } }],
  },
  testTimeout: 30000,
  maxWorkers: 2,
  // Workers grow large heaps; recycled above this and given time to exit, they exit cleanly (no forced exit).
  workerIdleMemoryLimit: '512MB',
  workerGracefulExitTimeout: 5000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
