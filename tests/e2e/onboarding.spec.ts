import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { emailedLink } from "./mail";

const stamp = Date.now().toString(36);
const owner = { name: "Olivia Owner", email: `olivia-${stamp}@e2e.example`, password: "olivia-password-1" };
const member = { name: "Max Member", email: `max-${stamp}@e2e.example`, password: "max-password-123" };
const tenantName = `Olivia Repairs ${stamp}`;

async function signUp(page: Page, person: typeof owner) {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Work email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

test("sign up, create a tenant, invite a member who cannot open admin settings, sign out", async ({
  browser,
}) => {
  const ownerPage = await (await browser.newContext()).newPage();
  await signUp(ownerPage, owner);
  await expect(ownerPage).toHaveURL(/\/onboarding/);
  await ownerPage.getByLabel("Business name").fill(tenantName);
  await expect(ownerPage.getByLabel("Tenant URL")).toHaveValue(`olivia-repairs-${stamp}`);
  await ownerPage.getByRole("button", { name: "Create tenant" }).click();
  await expect(ownerPage.getByRole("heading", { name: tenantName })).toBeVisible();

  await ownerPage.goto("/settings/members");
  await ownerPage.getByLabel("Email").fill("not-an-email");
  await ownerPage.getByRole("button", { name: "Send invitation" }).click();
  await expect(ownerPage.getByText("Enter a valid email address")).toBeVisible();
  await ownerPage.getByLabel("Email").fill(member.email);
  await ownerPage.getByRole("button", { name: "Send invitation" }).click();
  await expect(ownerPage.getByRole("list", { name: "Pending invitations" })).toContainText(member.email);

  // The new member follows the invitation link, signs up, proves the address by the mailed link and joins.
  const memberPage = await (await browser.newContext()).newPage();
  await memberPage.goto(await emailedLink(member.email, "/accept-invitation/"));
  await memberPage.getByRole("link", { name: "Create an account" }).click();
  await memberPage.getByLabel("Your name").fill(member.name);
  await memberPage.getByLabel("Work email").fill(member.email);
  await memberPage.getByLabel("Password").fill(member.password);
  await memberPage.getByRole("button", { name: "Create account" }).click();
  await expect(memberPage).toHaveURL(/\/accept-invitation\//);
  await expect(memberPage.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(memberPage.getByText(`Join ${tenantName} as member`)).toHaveCount(0);
  await memberPage.getByRole("button", { name: "Send the link again" }).click();
  await expect(memberPage.getByRole("status")).toContainText("Sent");
  await memberPage.goto(await emailedLink(member.email, "/api/auth/verify-email"));
  await expect(memberPage).toHaveURL(/\/accept-invitation\//);
  await expect(memberPage.getByText(`Join ${tenantName} as member`)).toBeVisible();
  await memberPage.getByRole("button", { name: "Accept" }).click();
  await expect(memberPage.getByRole("heading", { name: tenantName })).toBeVisible();
  await expect(memberPage.getByText("Role: member")).toBeVisible();

  await memberPage.goto("/settings/api-keys");
  await expect(
    memberPage.getByRole("alert").filter({ hasText: "Only owners and admins can manage API keys" }),
  ).toBeVisible();
  await memberPage.goto("/settings/members");
  await expect(memberPage.getByRole("table", { name: "Members" })).toContainText(owner.email);
  await expect(memberPage.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  await memberPage.goto("/admin");
  await expect(memberPage.getByRole("heading", { name: "Page not found" })).toBeVisible();

  await memberPage.goto("/");
  await memberPage.getByRole("button", { name: "Sign out" }).click();
  await expect(memberPage).toHaveURL(/\/sign-in/);
  await memberPage.goto("/settings/members");
  await expect(memberPage).toHaveURL(/\/sign-in/);

  // The owner sees the member joined.
  await ownerPage.reload();
  await expect(ownerPage.getByRole("table", { name: "Members" })).toContainText(member.email);
});

test("an owner creates an API key, sees it once, and it works on the REST API", async ({ page, request }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("owner@acme.example");
  await page.getByLabel("Password").fill("plugboard-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Acme Field Services" })).toBeVisible();
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill("Accounting sync");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
  expect(key).toMatch(/^pb_/);
  await expect(page.getByRole("table", { name: "API keys" })).toContainText("Accounting sync");

  const response = await request.get("/api/v1/tenant", { headers: { authorization: `Bearer ${key}` } });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ name: "Acme Field Services" });

  await page.getByRole("table", { name: "API keys" }).getByRole("button", { name: "Revoke" }).first().click();
  await expect(page.getByText("API key revoked", { exact: true })).toBeVisible();
  await expect(page.getByRole("table", { name: "API keys" })).toHaveCount(0);
  const revoked = await request.get("/api/v1/tenant", { headers: { authorization: `Bearer ${key}` } });
  expect(revoked.status()).toBe(401);
});

test("a forgotten password is reset by the mailed link, and the old one stops working", async ({ page }) => {
  const person = { name: "Fay Forgetful", email: `fay-${stamp}@e2e.example`, password: "fay-password-123" };
  await signUp(page, person);
  await expect(page).toHaveURL(/\/onboarding/);
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await page.context().clearCookies();

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.waitForURL("**/forgot-password");
  // Typed before the form hydrates, a value never reaches the form's state: wait for the page to settle.
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox");
  await page.goto(await emailedLink(person.email, "/api/auth/reset-password/"));
  await expect(page).toHaveURL(/\/reset-password\?token=/);
  await page.getByLabel("New password", { exact: true }).fill("fay-new-password-1");
  await page.getByLabel("Repeat the new password").fill("fay-new-password-1");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reason=reset/);

  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await page.getByLabel("Password").fill("fay-new-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  // The reset proved the address: invitations could now be shown.
  await expect(page).not.toHaveURL(/\/sign-in/);
  await page.goto("/onboarding");
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toHaveCount(0);
});
