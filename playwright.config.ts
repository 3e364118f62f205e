/**
 * Browser journeys (e2e/) in Debian's Chromium against a real Daifuku server started on a
 * fresh temporary PGlite data directory, so every run begins with an empty database.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defineConfig } from '@playwright/test'
import { E2E_ADMIN, E2E_BASE_URL, E2E_PORT, E2E_TENANT } from './e2e/fixtures/env.ts'

// The config is evaluated by the runner and again by each worker; the workers inherit the
// runner's environment, so the data directory is made once and shared.
process.env.DAIFUKU_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'daifuku-e2e-'))
const dataDir = process.env.DAIFUKU_E2E_DATA_DIR

// The server serves the built UI from web/dist; build it when a fresh clone has none.
const webBuilt = fs.existsSync(path.join(import.meta.dirname, 'web', 'dist', 'index.html'))
// A tenant and its administrator are made with the CLI before the server starts (the data
// directory is fresh, so the server itself would only print "the database is empty").
const cli = 'node bin/daifuku.mjs'
const start = [
  `${cli} tenant create --name '${E2E_TENANT.name}' --slug ${E2E_TENANT.slug}`,
  `${cli} user create --tenant ${E2E_TENANT.slug} --role admin --email ${E2E_ADMIN.email} --password '${E2E_ADMIN.password}' --name '${E2E_ADMIN.name}'`,
  `${cli} start`,
].join(' && ')

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Long journeys take ~15 s on a quiet 2-core machine and over a minute on a busy one (the quote →
  // invoice journey ran out at 60 s with other work going); the margin keeps CI from failing on load alone.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: E2E_BASE_URL,
    headless: true,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // The network is closed: background services would only fail and slow start-up.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: webBuilt ? start : `npm run build:web && ${start}`,
    url: `${E2E_BASE_URL}/ready`,
    reuseExistingServer: false,
    // A fresh clone builds the UI first; on a busy machine that alone has taken three minutes.
    timeout: 360_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      // A production server, but every answer the journeys see is checked against its schema (decision 0036).
      DAIFUKU_CHECK_RESPONSES: 'true',
      HOST: '127.0.0.1',
      PORT: String(E2E_PORT),
      DAIFUKU_PUBLIC_URL: E2E_BASE_URL,
      DAIFUKU_DATA_DIR: dataDir,
      DATABASE_URL: '',
      // Every journey signs in from 127.0.0.1; the default (20 a minute) is for real clients.
      DAIFUKU_LOGIN_MAX_PER_IP_PER_MINUTE: '200',
      LOG_LEVEL: 'warn',
    },
  },
})
