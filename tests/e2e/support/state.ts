// What global setup hands to the specs: the server it started, its data folder, the printed setup link.
import { readFileSync } from "node:fs";
import path from "node:path";

export const E2E_OUTPUT_DIR = path.resolve(
  import.meta.dirname,
  "../../..",
  process.env.E2E_OUTPUT_DIR ?? "test-results",
);
export const E2E_STATE_FILE = path.join(E2E_OUTPUT_DIR, "e2e-state.json");

/** The HTTPS test tenant and org (tests/e2e/support/fake-tenant.ts) the portal's device API and Web API calls use. */
export interface E2ETenant {
  pid: number;
  origin: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  issuer: string;
  tokenEndpoint: string;
  jwksUri: string;
  caFile: string;
  /** The Entra object id of the device user (Alex, a Salesperson in the org). */
  userObjectId: string;
}

export interface E2EState {
  pid: number;
  dataDir: string;
  setupLink: string;
  baseUrl: string;
  tenant: E2ETenant;
}

/** The audience of device access tokens in the end-to-end run (DEVICE_TOKEN_AUDIENCE of the portal). */
export const E2E_DEVICE_AUDIENCE = "api://syncwright-devices";

export function readState(): E2EState {
  return JSON.parse(readFileSync(E2E_STATE_FILE, "utf8")) as E2EState;
}

/** Accounts the specs use. The owner is created by the onboarding spec through the setup link. */
export const SEEDED = {
  owner: { email: "owner@contoso.test", name: "Olivia Owner", password: "correct horse battery staple", role: "owner" },
  editor: { email: "editor@contoso.test", name: "Evan Editor", password: "editor password 123", role: "editor" },
  viewer: { email: "viewer@contoso.test", name: "Vera Viewer", password: "viewer password 123", role: "viewer" },
} as const;
