// The Account page (change your own password, other sessions end), the sign-in form's wait after too many
// attempts, and the real production front ignoring a client's X-Forwarded-For and peer header.
import { test, expect, setColorScheme, waitForHydration } from "./support/fixtures";
import { SEEDED } from "./support/state";

test("a user changes their password on the Account page; their other session ends", async ({
  page,
  signInAs,
  browser,
  snap,
}) => {
  const { email, password } = SEEDED.editor;
  const next = "a new editor password";
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  expect((await other.request.post("/auth/sign-in", { data: { email, password } })).status()).toBe(200);

  await signInAs("editor");
  await page.goto("/projects");
  await page.getByTestId("account-menu").click();
  await page.getByRole("menuitem", { name: "Account and password" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText("1 other open session")).toBeVisible();
  await waitForHydration(page);

  await page.getByLabel(/^Current password/).fill("not my password");
  await page.getByLabel(/^New password/).fill(next);
  await page.getByLabel(/^Repeat the new password/).fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("is not correct")).toBeVisible();

  await page.getByLabel(/^Current password/).fill(password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password is changed. 1 other session was signed out.");
  await snap("account-light");
  await setColorScheme(page, "dark");
  await snap("account-dark");
  await setColorScheme(page, "light");

  // The other browser is signed out; this one is not.
  expect((await other.request.get("/api/anything-protected")).status()).toBe(401);
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();
  await elsewhere.close();

  // Back to the seeded password for the other specs.
  await waitForHydration(page);
  await page.getByLabel(/^Current password/).fill(next);
  await page.getByLabel(/^New password/).fill(password);
  await page.getByLabel(/^Repeat the new password/).fill(password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password is changed.");
});

test("the sign-in form shows the wait after too many attempts", async ({ page, snap }) => {
  await page.goto("/sign-in");
  await waitForHydration(page);
  await page.getByRole("textbox", { name: "Email" }).fill("someone.else@contoso.test");
  // Three free guesses, then growing waits (1 s, 2 s ...): within a few quick guesses the form is told to wait.
  const alert = page.getByRole("alert", { name: "Not signed in" });
  for (let i = 0; i < 8; i++) {
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(`guess number ${i}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(alert).toBeVisible();
    await expect(page.getByRole("button", { name: /^Sign in/ })).not.toHaveAttribute("data-loading", "true");
    if ((await alert.textContent())?.includes("Too many attempts")) break;
  }
  await expect(page.getByRole("alert", { name: "Not signed in" })).toContainText("Too many attempts. Try again in");
  await expect(page.getByRole("button", { name: /Sign in \(wait \d+ seconds?\)/ })).toBeDisabled();
  await snap("sign-in-throttled");
  // The wait is over: the button comes back.
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled({ timeout: 10_000 });
});

test("the production front ignores a client's X-Forwarded-For and peer header", async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const response = await request.post("/auth/sign-in", {
      data: { email: "spoofer.target@contoso.test", password: `spoofed guess ${i}` },
      headers: { "x-forwarded-for": `198.51.100.${i}`, "x-syncwright-peer": `forged 203.0.113.${i}` },
    });
    statuses.push(response.status());
    if (response.status() === 429) expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
  }
  // Five "addresses" are one (the connection's): three free guesses, then a wait.
  expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
  expect(statuses[3]).toBe(429);
});
