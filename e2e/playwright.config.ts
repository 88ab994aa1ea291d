import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Chromium against the running demo app (`./scripts/e2e.sh` starts it and runs
 * them). Debian's Chromium is used: no browser is downloaded.
 */
export default defineConfig({
  testDir: '.',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: process.env.E2E_APP_URL ?? 'http://localhost:3000',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    },
    screenshot: 'only-on-failure',
  },
  outputDir: '../.data/e2e-results',
});
