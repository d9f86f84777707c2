// Microsoft Entra sign-in for real: msal-node against a local OpenID Connect issuer on 127.0.0.1, with signed
// tokens, PKCE, state and nonce. Every refusal the issue lists is provoked on the wire, not simulated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import { AppError } from "@/lib/app-error";
import { createDbClient, type Db } from "@/lib/db/client";
import {
  ENTRA_COOKIE,
  finishEntraSignIn,
  startEntraSignIn,
  type EntraClientOptions,
  type EntraConfig,
} from "@/lib/auth/entra";
import { createInvite } from "@/lib/auth/invitations";
import { createSession, readSession } from "@/lib/auth/session";
import { ACCOUNT_DISABLED, ENTRA_NOT_INVITED, signInWithEntra } from "@/lib/auth/sign-in";
import { createLogger } from "@/lib/logger";
import { startOidcServer, type OidcTestServer } from "@/tests/support/oidc-server";
import { createTestSqlite, type TestSqlite } from "@/tests/support/test-database";

const secret = "entra-test-secret-".padEnd(64, "x");
const baseUrl = "http://localhost:3000";

let oidc: OidcTestServer;
let config: EntraConfig;
let options: EntraClientOptions;

beforeAll(async () => {
  oidc = await startOidcServer();
  config = oidc.entraConfig();
  options = await oidc.msalOptions();
});
afterAll(async () => {
  await oidc?.stop();
});

/** Starts a sign-in, lets the local issuer "sign the user in", and returns what the callback receives. */
async function roundTrip(returnTo?: string) {
  const start = await startEntraSignIn(config, { secret, baseUrl, returnTo, options });
  const back = await oidc.authorize(start.url);
  return { start, back };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected the sign-in to be refused");
}

describe("Entra ID sign-in against a local OpenID Connect issuer", () => {
  it("sends the browser to the tenant's authorize endpoint with PKCE, state and nonce, in a short-lived HttpOnly cookie", async () => {
    const start = await startEntraSignIn(config, { secret, baseUrl, options });
    const url = new URL(start.url);
    expect(`${url.origin}${url.pathname}`).toBe(`https://login.test/${oidc.tenantId}/v2.0/authorize`);
    expect(url.searchParams.get("client_id")).toBe(config.clientId);
    expect(url.searchParams.get("redirect_uri")).toBe(config.redirectUri);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("state")?.length).toBeGreaterThanOrEqual(16);
    expect(url.searchParams.get("nonce")?.length).toBeGreaterThanOrEqual(16);
    expect(start.transientCookie.name).toBe(ENTRA_COOKIE);
    expect(start.transientCookie.options).toEqual({
      httpOnly: true,
      sameSite: "lax",
      secure: false,
      path: "/",
      maxAge: 600,
    });
    // The verifier is inside the sealed cookie, not readable in it.
    expect(start.transientCookie.value).not.toContain(url.searchParams.get("nonce")!);
  });

  it("signs a user in: returns the verified oid, tid, email and name, and where to go back to", async () => {
    const oid = randomUUID();
    oidc.setUser({ oid, preferred_username: "Grace.Hopper@Contoso.test", name: "Grace Hopper" });
    const { start, back } = await roundTrip("/projects/42");
    expect(back.redirect.origin + back.redirect.pathname).toBe(config.redirectUri);
    const identity = await finishEntraSignIn(config, {
      code: back.code,
      state: back.state,
      transientCookie: start.transientCookie.value,
      secret,
      options,
    });
    expect(identity).toEqual({
      oid,
      tid: oidc.tenantId,
      email: "grace.hopper@contoso.test",
      name: "Grace Hopper",
      returnTo: "/projects/42",
    });
  });

  it("refuses a wrong state (a response to someone else's sign-in attempt)", async () => {
    const { start, back } = await roundTrip();
    const error = await refusal(
      finishEntraSignIn(config, {
        code: back.code,
        state: "x".repeat(43),
        transientCookie: start.transientCookie.value,
        secret,
        options,
      }),
    );
    expect(error.code).toBe("unauthorized");
    expect(error.details).toEqual({ reason: "state_mismatch" });
    expect(error.message).toBe(
      "The sign-in response does not belong to this sign-in attempt. Start the sign-in again from the sign-in page.",
    );
  });

  it("refuses a callback whose transient cookie is missing, forged or from another attempt", async () => {
    const first = await roundTrip();
    const second = await roundTrip();
    // The code and state of the first attempt with the cookie of the second.
    const swapped = await refusal(
      finishEntraSignIn(config, {
        code: first.back.code,
        state: first.back.state,
        transientCookie: second.start.transientCookie.value,
        secret,
        options,
      }),
    );
    expect(swapped.details).toEqual({ reason: "state_mismatch" });
    const missing = await refusal(
      finishEntraSignIn(config, {
        code: first.back.code,
        state: first.back.state,
        transientCookie: undefined,
        secret,
        options,
      }),
    );
    expect(missing.details).toEqual({ reason: "no_transient_cookie" });
    const otherSecret = await refusal(
      finishEntraSignIn(config, {
        code: first.back.code,
        state: first.back.state,
        transientCookie: first.start.transientCookie.value,
        secret: "y".repeat(64),
        options,
      }),
    );
    expect(otherSecret.details).toEqual({ reason: "no_transient_cookie" });
  });

  it("refuses an ID token whose nonce is not the one this attempt sent", async () => {
    const { start, back } = await roundTrip();
    oidc.tamperNextIdToken((payload) => {
      payload.nonce = "a-nonce-from-another-sign-in";
    });
    const error = await refusal(
      finishEntraSignIn(config, {
        code: back.code,
        state: back.state,
        transientCookie: start.transientCookie.value,
        secret,
        options,
      }),
    );
    expect(error.details).toEqual({ reason: "nonce_mismatch" });
  });

  it("refuses an ID token without a nonce", async () => {
    const { start, back } = await roundTrip();
    oidc.tamperNextIdToken((payload) => {
      delete payload.nonce;
    });
    const error = await refusal(
      finishEntraSignIn(config, {
        code: back.code,
        state: back.state,
        transientCookie: start.transientCookie.value,
        secret,
        options,
      }),
    );
    expect(error.details).toEqual({ reason: expect.stringMatching(/nonce|id_token/) });
  });

  it("refuses an expired ID token", async () => {
    const { start, back } = await roundTrip();
    oidc.tamperNextIdToken((payload) => {
      const now = Math.floor(Date.now() / 1000);
      payload.iat = now - 7200;
      payload.nbf = now - 7200;
      payload.exp = now - 3600;
    });
    const error = await refusal(
      finishEntraSignIn(config, {
        code: back.code,
        state: back.state,
        transientCookie: start.transientCookie.value,
        secret,
        options,
      }),
    );
    expect(error.details).toEqual({ reason: "id_token_expired" });
    expect(error.message).toContain("has expired");
  });

  it("refuses an ID token from another issuer, signed with that issuer's own key", async () => {
    const { start, back } = await roundTrip();
    const nonce = new URL(start.url).searchParams.get("nonce")!;
    const foreign = await oidc.createForeignIssuer();
    oidc.replaceNextIdToken(
      await foreign.mintIdToken({
        aud: config.clientId,
        nonce,
        claims: { oid: randomUUID(), tid: oidc.tenantId, preferred_username: "mallory@evil.test" },
      }),
    );
    const error = await refusal(
      finishEntraSignIn(config, {
        code: back.code,
        state: back.state,
        transientCookie: start.transientCookie.value,
        secret,
        options,
      }),
    );
    expect(error.code).toBe("unauthorized");
    expect(error.details).toEqual({ reason: expect.stringMatching(/^id_token/) });
  });

  it("refuses an ID token signed with the tenant's key but naming another issuer", async () => {
    const { start, back } = await roundTrip();
    oidc.tamperNextIdToken((payload) => {
      payload.iss = `https://login.test/${randomUUID()}/v2.0`;
    });
    const error = await refusal(
      finishEntraSignIn(config, {
        code: back.code,
        state: back.state,
        transientCookie: start.transientCookie.value,
        secret,
        options,
      }),
    );
    expect(error.details).toEqual({ reason: "id_token_issuer" });
  });

  it("refuses a token claiming the right issuer but signed with a key the issuer never published", async () => {
    const { start, back } = await roundTrip();
    const nonce = new URL(start.url).searchParams.get("nonce")!;
    const impostor = await oidc.createForeignIssuer({ issuer: oidc.issuer });
    oidc.replaceNextIdToken(
      await impostor.mintIdToken({ aud: config.clientId, nonce, claims: { oid: randomUUID(), tid: oidc.tenantId } }),
    );
    const error = await refusal(
      finishEntraSignIn(config, {
        code: back.code,
        state: back.state,
        transientCookie: start.transientCookie.value,
        secret,
        options,
      }),
    );
    expect(error.details).toEqual({ reason: expect.stringMatching(/^id_token:/) });
  });

  it("refuses an ID token meant for another application", async () => {
    const { start, back } = await roundTrip();
    oidc.tamperNextIdToken((payload) => {
      payload.aud = randomUUID();
    });
    const error = await refusal(
      finishEntraSignIn(config, {
        code: back.code,
        state: back.state,
        transientCookie: start.transientCookie.value,
        secret,
        options,
      }),
    );
    expect(error.details).toEqual({ reason: expect.stringMatching(/^id_token:/) });
  });

  it("refuses a user of another tenant", async () => {
    oidc.setUser({ oid: randomUUID(), tid: randomUUID(), preferred_username: "guest@fabrikam.test", name: "Guest" });
    const { start, back } = await roundTrip();
    const error = await refusal(
      finishEntraSignIn(config, {
        code: back.code,
        state: back.state,
        transientCookie: start.transientCookie.value,
        secret,
        options,
      }),
    );
    expect(error.details).toEqual({ reason: "tenant_mismatch" });
    oidc.setUser({ oid: randomUUID(), preferred_username: "ada@contoso.test", name: "Ada" });
  });

  it("reports a cancelled sign-in in words", async () => {
    const error = await refusal(
      finishEntraSignIn(config, { error: "access_denied", transientCookie: undefined, secret, options }),
    );
    expect(error.message).toBe("Microsoft sign-in was cancelled. Start the sign-in again from the sign-in page.");
  });

  it("keeps only same-site paths to return to", async () => {
    for (const returnTo of ["https://evil.test/", "//evil.test/x", "/\\evil.test"]) {
      const { start, back } = await roundTrip(returnTo);
      const identity = await finishEntraSignIn(config, {
        code: back.code,
        state: back.state,
        transientCookie: start.transientCookie.value,
        secret,
        options,
      });
      expect(identity.returnTo).toBeUndefined();
    }
  });
});

describe("the local issuer's access tokens (for the device API tests)", () => {
  it("mints access tokens that verify against its published keys, and foreign ones that do not", async () => {
    const jwks = createLocalJWKSet(await (await fetch(`${oidc.localOrigin}/jwks`)).json());
    const token = await oidc.mintAccessToken({
      aud: "api://syncwright",
      claims: { oid: "user-1", roles: ["Device"] },
      expiresIn: 600,
    });
    const { payload } = await jwtVerify(token, jwks, { issuer: oidc.issuer, audience: "api://syncwright" });
    expect(payload).toMatchObject({
      oid: "user-1",
      roles: ["Device"],
      iss: `https://login.test/${oidc.tenantId}/v2.0`,
    });
    expect(payload.exp! - payload.iat!).toBe(600);

    const expired = await oidc.mintAccessToken({ aud: "api://syncwright", expiresIn: -60 });
    await expect(jwtVerify(expired, jwks, { issuer: oidc.issuer })).rejects.toThrow(/exp/);
    const foreign = await oidc.createForeignIssuer();
    await expect(jwtVerify(await foreign.mintAccessToken({ aud: "api://syncwright" }), jwks)).rejects.toThrow();
    const sameIssuerOtherKey = await oidc.createForeignIssuer({ issuer: oidc.issuer });
    await expect(
      jwtVerify(await sameIssuerOtherKey.mintAccessToken({ aud: "api://syncwright" }), jwks),
    ).rejects.toThrow();
  });
});

describe("Entra ID sign-in to portal users (SQLite)", () => {
  const silent = createLogger({ level: "silent" });
  let database: TestSqlite;
  let db: Db;
  let owner: { id: string; name: string; email: string; role: string };

  beforeAll(async () => {
    database = await createTestSqlite();
    db = createDbClient(database.url);
    owner = await db.user.create({
      data: { email: "olivia@contoso.test", name: "Olivia", role: "owner", passwordHash: "x" },
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.cleanup();
  });

  /** The whole browser round trip for the current test user, ending in a portal user or a refusal. */
  async function signIn() {
    const { start, back } = await roundTrip();
    const identity = await finishEntraSignIn(config, {
      code: back.code,
      state: back.state,
      transientCookie: start.transientCookie.value,
      secret,
      options,
    });
    return signInWithEntra(db, identity, { logger: silent, requestId: "req-entra" });
  }

  it("refuses a Microsoft account nobody invited, in words that say what to do", async () => {
    oidc.setUser({ oid: randomUUID(), preferred_username: "stranger@contoso.test", name: "Stranger" });
    const error = await refusal(signIn());
    expect(error.code).toBe("forbidden");
    expect(error.message).toBe(ENTRA_NOT_INVITED);
    expect(await db.user.count()).toBe(1);
  });

  it("creates an invited user with the invited role on first sign-in, then finds them by object id", async () => {
    await createInvite(db, owner, { email: "grace@contoso.test", role: "editor" }, { baseUrl });
    const oid = randomUUID();
    oidc.setUser({ oid, preferred_username: "Grace@Contoso.test", name: "Grace Hopper" });
    const user = await signIn();
    expect(user).toMatchObject({ email: "grace@contoso.test", name: "Grace Hopper", role: "editor", entraOid: oid });
    expect(await db.oneTimeToken.count({ where: { purpose: "invite", usedAt: null } })).toBe(0);

    // Later her address changes in the directory: the object id still finds her.
    oidc.setUser({ oid, preferred_username: "grace.hopper@contoso.test", name: "Grace Hopper" });
    expect((await signIn()).id).toBe(user.id);

    // And the portal session works like any other.
    const cookie = await createSession(db, user, { secret, baseUrl });
    expect((await readSession(db, cookie.value, { secret }))?.user.entraOid).toBe(oid);
    const actions = (await db.auditEntry.findMany({ where: { targetId: user.id } })).map((e) => e.action);
    expect(actions.sort()).toEqual(["user.accept-invite", "user.sign-in", "user.sign-in"]);
  });

  it("links an existing portal user by email on their first Microsoft sign-in", async () => {
    const oid = randomUUID();
    oidc.setUser({ oid, preferred_username: "olivia@contoso.test", name: "Olivia" });
    const user = await signIn();
    expect(user).toMatchObject({ id: owner.id, role: "owner", entraOid: oid });
    expect(await db.auditEntry.count({ where: { action: "user.link-entra", targetId: owner.id } })).toBe(1);
  });

  it("refuses a second Microsoft account for an email already linked to another", async () => {
    oidc.setUser({ oid: randomUUID(), preferred_username: "olivia@contoso.test", name: "Impostor" });
    expect((await refusal(signIn())).message).toBe(ENTRA_NOT_INVITED);
  });

  it("refuses a disabled user", async () => {
    const oid = randomUUID();
    await db.user.create({
      data: { email: "gone@contoso.test", name: "Gone", role: "viewer", entraOid: oid, disabled: true },
    });
    oidc.setUser({ oid, preferred_username: "gone@contoso.test", name: "Gone" });
    expect((await refusal(signIn())).message).toBe(ACCOUNT_DISABLED);
  });
});
