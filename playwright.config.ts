import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { baseURL } from "./e2e/support/server";

// A system Chromium when the environment names one (Playwright cannot download browsers here).
const chromiumPath =
  process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
const launchOptions = chromiumPath
  ? {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    }
  : {};

const SELF_SIGNING = /(sign-in|enrolment|health|outage)\.spec\.ts$/;

/**
 * End-to-end tests against the production server (`scripts/server.mjs`) on a fresh embedded database,
 * started by e2e/global-setup.ts. The embedded database answers one query at a time: two workers.
 */
export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: true,
  forbidOnly: true,
  // Each one-time code works once per user: a retried sign-in would be refused, so failures are real.
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: baseURL(),
    ...devices["Desktop Chrome"],
    launchOptions,
    // A trace records a snapshot of the page at every action (a tenth of the renderer's time on a
    // long page); CI keeps only its log, so it records none there.
    trace: process.env.CI ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    // Tests that sign in by themselves (or not at all) start while the setup prepares sessions.
    { name: "signed-out", testMatch: SELF_SIGNING },
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    // The home's figures are the seed's: read before any other signed-in spec changes a control.
    { name: "home", testMatch: /home\.spec\.ts$/, dependencies: ["setup"] },
    { name: "signed-in", testMatch: /\.spec\.ts$/, testIgnore: [SELF_SIGNING, /home\.spec\.ts$/], dependencies: ["setup", "home"] },
  ],
});
