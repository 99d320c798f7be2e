/**
 * Five projects; `npm test` runs them all.
 * - unit: the domain, carriers' renderers, helpdesk adapters, config: in-process, no build.
 * - tools: the emulators, the fake Zammad and Freshdesk, the flow tooling and the contract tests against
 *   Twilio's OpenAPI specs.
 * - e2e: whole calls through the built Functions (dist/) in the local runtime, and the simulator;
 *   it builds, in its own global setup.
 * - browser: the dashboard page in the system's chromium (playwright-core) against the local runtime;
 *   it builds too, with the same global setup.
 * - freshdesk-app: the FDK app's panels in jsdom with a stubbed FDK client, and its manifest,
 *   iparams and request templates against schemas written from Freshworks' docs; it builds too
 *   (the pages load the softphone bundle the build puts in the app folder).
 */
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
};
const dirs = (...names) => names.map((name) => `<rootDir>/test/${name}/**/*.test.ts`);

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 30000,
  projects: [
    {
      // The Freshdesk app is plain browser JavaScript (no build step), so its tests are too;
      // DOM tests opt into jsdom with a docblock.
      displayName: 'freshdesk-app',
      testEnvironment: 'node',
      // Only the build's global setup is TypeScript; the app's scripts and tests run untransformed.
      transform: { '^.+\\.ts$': 'ts-jest' },
      testMatch: ['<rootDir>/test/freshdesk-app/**/*.test.js'],
      // The pages load scripts/vendor/softphone.js, which the build makes.
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
    {
      ...common,
      displayName: 'unit',
      testMatch: dirs('agents', 'calls', 'carriers', 'config', 'helpdesks', 'http', 'logging', 'phone', 'repository', 'routing', 'runtime', 'softphone', 'store'),
      testPathIgnorePatterns: ['/test/runtime/twiml-response.test.ts'],
    },
    {
      ...common,
      displayName: 'tools',
      testMatch: dirs('bench', 'contract', 'fake-freshdesk', 'fake-zammad', 'flows', 'local', 'sync-emulator', 'twilio-oai', 'voice-api-emulator'),
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: [...dirs('e2e', 'simulator', 'soak'), '<rootDir>/test/runtime/twiml-response.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: dirs('browser'),
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
  ],
};
