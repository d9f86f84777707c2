// The first run as an admin lives it: the printed setup link, the owner account, sign-in, the shell, sign-out.
import { test, expect } from "./support/fixtures";
import { readState, SEEDED } from "./support/state";

test("setup link -> create owner -> sign in -> shell -> sign out", async ({ page, snap }) => {
  const { setupLink } = readState();
  const owner = SEEDED.owner;
  // The console prints localhost; the test server listens on 127.0.0.1.
  await page.goto(setupLink.replace("localhost", "127.0.0.1"));
  await expect(page.getByRole("heading", { name: "Set up Syncwright" })).toBeVisible();
  await snap("setup");

  await page.getByRole("textbox", { name: "Your name" }).fill(owner.name);
  await page.getByRole("textbox", { name: "Email" }).fill(owner.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill("short");
  await page.getByRole("textbox", { name: "Repeat the password" }).fill("short");
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByText("must be at least 12 characters")).toBeVisible();
  await snap("setup-error");

  await page.getByRole("textbox", { name: "Password", exact: true }).fill(owner.password);
  await page.getByRole("textbox", { name: "Repeat the password" }).fill(owner.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByText("Account created")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await snap("sign-in");

  // A wrong password: one clear message that does not say whether the account exists.
  await page.getByRole("textbox", { name: "Email" }).fill(owner.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert", { name: "Not signed in" })).toContainText(
    "The email or password is not correct.",
  );
  await snap("sign-in-error");

  await page.getByRole("textbox", { name: "Password", exact: true }).fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  for (const item of ["Environments", "Projects", "Devices", "Audit log", "Settings"]) {
    await expect(nav.getByRole("link", { name: item })).toBeVisible();
  }
  await snap("shell-projects");

  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("table", { name: "Audit log" })).toContainText(
    "set up the portal and became its first owner",
  );
  await snap("audit-log");

  // The setup link works once.
  await page.goto(setupLink.replace("localhost", "127.0.0.1"));
  await expect(page.getByText("This setup link cannot be used")).toBeVisible();

  // Sign out, and the session is over: the portal sends us back to sign-in.
  await page.goto("/projects");
  const cookieBefore = (await page.context().cookies()).find((c) => c.name === "sw_session");
  expect(cookieBefore?.httpOnly).toBe(true);
  expect(cookieBefore?.sameSite).toBe("Lax");
  await page.getByTestId("account-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1/);
  await expect(page.getByText("You are signed out.")).toBeVisible();

  // A copy of the old cookie is refused too: sign-out ended the session on the server.
  await page.context().addCookies([{ ...cookieBefore!, expires: -1 }]);
  const response = await page.request.get("/api/anything-protected");
  expect(response.status()).toBe(401);
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprojects/);
});
