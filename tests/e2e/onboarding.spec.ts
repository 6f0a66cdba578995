import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

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

  const memberPage = await (await browser.newContext()).newPage();
  await signUp(memberPage, member);
  await expect(memberPage).toHaveURL(/\/onboarding/);
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
