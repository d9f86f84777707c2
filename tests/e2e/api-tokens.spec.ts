// Settings > API tokens when a token's user is disabled: listed as suspended with the reason, and an owner
// re-assigns it to themselves (the secret stays), after which it is active again.
import { test, expect, waitForHydration } from "./support/fixtures";

test("a disabled owner's token is suspended, and another owner re-assigns it", async ({
  page,
  signInAs,
  browser,
  snap,
}) => {
  // A second owner, invited through the Users screen.
  await signInAs("owner");
  await page.goto("/settings/users");
  await waitForHydration(page);
  await page.getByRole("textbox", { name: "Work email" }).fill("second.owner@contoso.test");
  await page.getByRole("combobox", { name: "Role", exact: true }).click();
  await page.getByRole("option", { name: /^Owner:/ }).click();
  await page.getByRole("button", { name: "Create invitation" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!;

  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto(link.replace("localhost", "127.0.0.1"));
  await waitForHydration(second);
  await second.getByRole("textbox", { name: "Your name" }).fill("Sam Second");
  await second.getByRole("textbox", { name: "Password", exact: true }).fill("the second owner's password");
  await second.getByRole("textbox", { name: "Repeat the password" }).fill("the second owner's password");
  await second.getByRole("button", { name: "Create my account" }).click();
  await expect(second.getByText("Account created")).toBeVisible();
  expect(
    (
      await second.request.post("/auth/sign-in", {
        data: { email: "second.owner@contoso.test", password: "the second owner's password" },
      })
    ).status(),
  ).toBe(200);
  await second.goto("/settings/tokens");
  await waitForHydration(second);
  await second.getByRole("textbox", { name: "Name" }).fill("CI: Sam's pipeline");
  await second.getByRole("checkbox", { name: /^publish/ }).check();
  await second.getByRole("button", { name: "Create token" }).click();
  const token = (await second.locator("code").filter({ hasText: /^swt_/ }).first().textContent())!;
  await other.close();

  // The pipeline works while Sam may publish ...
  const exportable = await page.request.get("/api/v1/projects/nothing-here/export", {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(exportable.status()).toBe(404);

  // ... and is refused with the reason once Sam is disabled.
  await page.goto("/settings/users");
  await waitForHydration(page);
  await page.getByRole("switch", { name: "Disable second.owner@contoso.test" }).click();
  await expect(page.getByRole("switch", { name: "Enable second.owner@contoso.test" })).toBeVisible();
  const refused = await page.request.get("/api/v1/projects/nothing-here/export", {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).detail).toContain("the user who created this token is disabled");

  await page.goto("/settings/tokens");
  await waitForHydration(page);
  const row = page.getByRole("row").filter({ hasText: "CI: Sam's pipeline" });
  await expect(row).toContainText("suspended");
  await expect(row).toContainText("the user who created this token is disabled");
  await snap("api-tokens-suspended");

  await row.getByRole("combobox", { name: "Re-assign CI: Sam's pipeline to" }).click();
  await page.getByRole("option", { name: "owner@contoso.test (owner)" }).click();
  await expect(row).toContainText("active");
  await expect(row).toContainText("owner@contoso.test");
  await snap("api-tokens-reassigned");
  const again = await page.request.get("/api/v1/projects/nothing-here/export", {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(again.status()).toBe(404);
});
