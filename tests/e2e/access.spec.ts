// Every route is protected: anonymous requests are redirected or get 401; roles below a page's minimum get 403.
import { test, expect, setColorScheme } from "./support/fixtures";
import { appRoutes } from "./support/routes";
import { accessFor } from "@/lib/auth/access-policy";

const PUBLIC = new Set([
  "/sign-in",
  "/setup",
  "/invite",
  "/api/health",
  "/.well-known/syncwright-signing-key",
  "/auth/sign-in",
  "/auth/sign-out",
  "/auth/setup",
  "/auth/invite",
  "/auth/entra/start",
  "/auth/entra/callback",
]);

test("an anonymous request to every route is redirected to sign-in or refused with 401", async ({ request }) => {
  const routes = appRoutes();
  expect(routes.length).toBeGreaterThan(10);
  for (const route of routes) {
    if (PUBLIC.has(route.path) || accessFor(route.path).kind === "public") continue;
    expect(route.methods.length, route.path).toBeGreaterThan(0);
    for (const method of route.methods) {
      const response = await request.fetch(route.path, {
        method,
        maxRedirects: 0,
        headers: { accept: route.kind === "page" ? "text/html" : "application/json" },
      });
      if (route.kind === "page") {
        expect(response.status(), `${method} ${route.path}`).toBe(307);
        expect(response.headers()["location"], route.path).toMatch(/^\/sign-in/);
      } else {
        expect(response.status(), `${method} ${route.path}`).toBe(401);
        expect(response.headers()["content-type"]).toContain("application/problem+json");
      }
    }
  }
});

test("public routes carry the security headers", async ({ request }) => {
  const response = await request.get("/sign-in");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("the production server answers the device API in front of Next, as its route files would", async ({ request }) => {
  // A wrong method: 405 naming the allowed ones; an unknown device path: a problem, never a Next page.
  const post = await request.post("/api/client/v1/customization", { headers: { authorization: "Bearer x" } });
  expect(post.status()).toBe(405);
  expect(post.headers()["allow"]).toBe("GET, HEAD");
  expect(post.headers()["content-type"]).toContain("application/problem+json");
  const unknown = await request.get("/api/client/v1/no-such-thing?x=1");
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).detail).toContain("/api/client/v1/no-such-thing");
  // A forged token: 401 with the request id it was sent with, and no content sniffing, like every response.
  const forged = await request.head("/api/client/v1/bundles/" + "0".repeat(64), {
    headers: { authorization: "Bearer a.b.c", "x-request-id": "e2e-head-1" },
  });
  expect(forged.status()).toBe(401);
  expect(forged.headers()["www-authenticate"]).toContain("invalid_token");
  expect(forged.headers()["x-request-id"]).toBe("e2e-head-1");
  expect(forged.headers()["x-content-type-options"]).toBe("nosniff");
  expect(await forged.body()).toHaveLength(0);
});

test("a cross-site POST is refused even with a valid session", async ({ page, signInAs }) => {
  await signInAs("viewer");
  const response = await page.request.post("/auth/sign-out", {
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/projects$/);
});

test("a page for something that does not exist says so, with the way back", async ({ page, signInAs, snap }) => {
  await signInAs("viewer");
  for (const path of [
    "/projects/no-such-project",
    "/projects/no-such-project/tables/contact/forms",
    "/projects/no-such-project/versions/1",
    "/environments/no-such-environment",
    "/devices/no-such-device",
  ]) {
    const response = await page.goto(path);
    // A page that streams (it has a loading state) has sent 200 before its loader found nothing; Next then marks
    // the page noindex. The others answer 404.
    expect([200, 404], path).toContain(response?.status());
    await expect(page.getByRole("heading", { name: "Nothing here" }), path).toBeVisible();
  }
  await snap("not-found-light");
  await page.getByRole("link", { name: "Back to projects" }).click();
  await expect(page).toHaveURL(/\/projects$/);

  // An address no page answers is denied to all but owners (the access table's default); an owner sees it is not there.
  await page.context().clearCookies();
  await signInAs("owner");
  const unknown = await page.goto("/no-such-page");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  await snap("not-found-unknown-address-light");
});

test("a viewer cannot reach an owner-only page, and an owner can", async ({ page, signInAs, snap }) => {
  await signInAs("viewer");
  const response = await page.goto("/settings/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You cannot open this page" })).toBeVisible();
  await snap("forbidden-viewer");
  await page.goto("/settings");
  await expect(page.getByText("Manage users")).toHaveCount(0);

  await page.context().clearCookies();
  await signInAs("owner");
  await page.goto("/settings/users");
  await expect(page.getByRole("heading", { name: "Users", level: 2 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Users" })).toContainText("viewer@contoso.test");
  await snap("settings-users");
});

test("an owner invites a user who then signs in with the role given", async ({ page, signInAs, browser }) => {
  await signInAs("owner");
  await page.goto("/settings/users");
  await page.getByRole("textbox", { name: "Work email" }).fill("new.editor@contoso.test");
  await page.getByRole("button", { name: "Create invitation" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!;
  expect(link).toMatch(/\/invite\?token=/);

  const other = await browser.newContext();
  const invited = await other.newPage();
  await invited.goto(link.replace("localhost", "127.0.0.1"));
  await invited.getByRole("textbox", { name: "Your name" }).fill("Nina New");
  await invited.getByRole("textbox", { name: "Password", exact: true }).fill("a long enough password");
  await invited.getByRole("textbox", { name: "Repeat the password" }).fill("a long enough password");
  await invited.getByRole("button", { name: "Create my account" }).click();
  await expect(invited.getByText("Account created")).toBeVisible();
  await invited.getByRole("textbox", { name: "Password", exact: true }).fill("a long enough password");
  await invited.getByRole("button", { name: "Sign in" }).click();
  await expect(invited).toHaveURL(/\/projects$/);
  await invited.getByTestId("account-menu").click();
  await expect(invited.getByText("editor", { exact: true })).toBeVisible();
  await other.close();
});

test("each screen in light and dark", async ({ page, signInAs, snap }) => {
  await signInAs("owner");
  for (const scheme of ["light", "dark"] as const) {
    for (const screen of ["environments", "projects", "devices", "audit", "settings"]) {
      await page.goto(`/${screen}`);
      await setColorScheme(page, scheme);
      await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
      await snap(`${screen}-${scheme}`);
    }
  }
});
