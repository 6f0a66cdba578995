import { expect, signInToDemo, test } from "./fixtures";

// The browser tests' server sets up Xero's OAuth app (XERO_CLIENT_ID/SECRET) and no other.
test("an OAuth provider without an app on this server is marked, offers no connect button, and shows admins what to set", async ({
  page,
  browser,
  baseURL,
}) => {
  await signInToDemo(page, "owner@acme.example"); // a platform admin in these tests
  await page.goto("/integrations");
  const freshbooks = page.getByRole("link", { name: /FreshBooks/ });
  await expect(freshbooks).toContainText("Not set up on this server");
  await expect(page.getByRole("link", { name: /Xero/ })).not.toContainText("Not set up on this server");

  await freshbooks.click();
  await expect(page.getByTestId("oauth-not-set-up")).toBeVisible();
  await expect(page.getByRole("button", { name: /Connect with FreshBooks/ })).toHaveCount(0);
  await expect(page.getByTestId("oauth-redirect-uri")).toHaveText(`${baseURL}/api/oauth/freshbooks/callback`);
  await expect(page.getByTestId("oauth-variable-FRESHBOOKS_CLIENT_ID")).toContainText("(not set)");
  await expect(page.getByTestId("oauth-variable-FRESHBOOKS_CLIENT_SECRET")).toContainText("(not set)");

  await page.goto("/integrations/connect/xero");
  await expect(page.getByRole("button", { name: "Connect with Xero" })).toBeVisible();

  // A member is told to ask the administrator; no operator variables.
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await signInToDemo(member, "member@acme.example");
  await member.goto("/integrations/connect/freshbooks");
  await expect(member.getByTestId("oauth-not-set-up")).toContainText("Ask them to set it up");
  await expect(member.getByText("FRESHBOOKS_CLIENT_ID")).toHaveCount(0);
  await expect(member.getByRole("button", { name: /Connect with FreshBooks/ })).toHaveCount(0);
  await memberContext.close();
});
