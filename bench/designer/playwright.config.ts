// The designer bench runs in a browser against the production build the e2e tests use (same global setup:
// build when stale, fresh data folder, seeded accounts), on E2E_PORT.
import { defineConfig } from "@playwright/test";
import base from "../../playwright.config";

export default defineConfig({
  ...base,
  testDir: ".",
  testMatch: /designer\.pw\.ts$/,
  globalSetup: "../../tests/e2e/global-setup.ts",
  globalTeardown: "../../tests/e2e/global-teardown.ts",
  timeout: 600_000,
  // No trace or screenshots: the trace recorder snapshots the whole page around every action, in the page's own
  // thread, and the figure would time it with the designer.
  use: { ...base.use, trace: "off", screenshot: "off", video: "off" },
  projects: [{ name: "bench" }],
  reporter: [["line"]],
});
