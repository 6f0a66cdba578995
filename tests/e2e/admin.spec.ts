import { expect, test } from "./fixtures";

test("a platform admin deprecates a provider, and tenants can no longer connect it", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("owner@acme.example");
  await page.getByLabel("Password").fill("plugboard-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Platform admin" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Tenants" })).toContainText("Acme Field Services");
  await expect(page.getByText("Everything is on the current key")).toBeVisible();

  await page.getByRole("link", { name: "Provider registry →" }).click();
  await page.getByRole("navigation", { name: "Providers" }).getByRole("button", { name: /Melio/ }).click();
  await page.getByLabel("Status").selectOption("deprecated");
  await page.getByRole("button", { name: "Save provider" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();

  await page.goto("/integrations/connect/melio");
  await expect(page.getByText("Melio is deprecated and cannot be newly connected.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Test and connect" })).toHaveCount(0);
});
