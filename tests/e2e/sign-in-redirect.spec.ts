// The sign-in page's `?next=` against the production server: a signed-in user is sent to a same-origin path or
// home, never elsewhere, and no hostile value makes the page fail.
import { test, expect } from "./support/fixtures";
import { HOSTILE_RETURN_PATHS } from "../support/hostile-return-paths";

test("sign-in sends every hostile ?next= home, and keeps a real return path", async ({ page, signInAs }) => {
  await signInAs("viewer");
  const request = page.request;
  const kept = await request.get(`/sign-in?next=${encodeURIComponent("/audit?page=2")}`, { maxRedirects: 0 });
  expect(kept.status()).toBe(307);
  expect(kept.headers()["location"]).toBe("/audit?page=2");

  // Each value goes into the query as a browser would send it, and also raw where the URL stays valid
  // (`/%09/evil.example` literally, as the probe sent it).
  const queries = HOSTILE_RETURN_PATHS.flatMap((value) => [
    encodeURIComponent(value),
    ...(/^[\x21-\x7e]*$/.test(value) && !value.includes("#") && !value.includes("&") ? [value] : []),
  ]);
  for (const query of queries) {
    const response = await request.get(`/sign-in?next=${query}`, { maxRedirects: 0 });
    expect(response.status(), query).toBe(307);
    expect(response.headers()["location"], query).toBe("/projects");
  }
  test.info().annotations.push({ type: "cases", description: String(queries.length) });
});

test("an anonymous sign-in page with a hostile ?next= renders, and its form returns home", async ({ page }) => {
  for (const value of ["/%0a/x", "/%09/evil.example", "//evil.example", "/\u3000/evil.example"]) {
    const response = await page.request.get(`/sign-in?next=${encodeURIComponent(value)}`, { maxRedirects: 0 });
    expect(response.status(), value).toBe(200);
    // (Next echoes the query in the page's payload; what counts is the path the form will go to.)
    expect(await response.text(), value).toMatch(/\\?"next\\?":\\?"\/projects\\?"/);
  }
});
