import { expect, signInToDemo, test } from "./fixtures";

test("connect Xero: consent at the authorization server, callback, organisation picker, active", async ({
  page,
}) => {
  await signInToDemo(page, "owner@acme.example");
  await page.goto("/integrations/connect/xero");
  await page.getByRole("button", { name: "Connect with Xero" }).click();
  await expect(page).toHaveURL(/\/integrations\/[0-9a-f-]{36}\?step=organisation/);
  await expect(page.getByTestId("integration-status")).toHaveText("Needs setup");
  const organisations = page.getByRole("list", { name: "Organisations" });
  await organisations
    .getByRole("listitem")
    .filter({ hasText: "Acme Demo Company (UK)" })
    .getByRole("button", { name: "Use this one" })
    .click();
  await expect(page.getByTestId("integration-status")).toHaveText("Active");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Xero");
  await expect(page.getByTestId("token-expiry")).not.toHaveText("—");
});

test("denied consent and a tampered state each end on the wizard with a clear message", async ({ page }) => {
  await signInToDemo(page, "owner@acme.example");
  await page.goto("/integrations/connect/xero");
  // prompt=none without a session at the authorization server: it answers the callback with an
  // OAuth error (login_required), exactly as a refused consent comes back.
  await page.route("**/auth?**", (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set("prompt", "none");
    return route.continue({ url: url.toString() });
  });
  await page.getByRole("button", { name: "Connect with Xero" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Xero did not grant access" })).toBeVisible();
  await page.unroute("**/auth?**");

  await page.goto("/api/oauth/xero/callback?code=forged&state=tampered-state-value");
  await expect(
    page.getByRole("alert").filter({ hasText: "The authorization request is unknown" }),
  ).toBeVisible();
});
