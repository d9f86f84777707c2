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
  projects: [{ name: "bench" }],
  reporter: [["line"]],
});
