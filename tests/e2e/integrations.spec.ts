import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { billComUser, stripeTestKey } from "../helpers/fixtures";
import { expect, signInToDemo, test } from "./fixtures";

test("an owner connects Stripe: a wrong key is refused, a valid one is active with a masked hint, then disconnects", async ({
  page,
}) => {
  await signInToDemo(page, "owner@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integrations" }).click();
  await page.getByLabel("Search integrations").fill("stri");
  await page.getByRole("link", { name: /Stripe/ }).click();
  await expect(page.getByRole("heading", { name: "Connect Stripe" })).toBeVisible();

  await page.getByLabel("Secret key").fill("sk_test_wrongWrongWrong000000001111");
  await page.getByRole("button", { name: "Test and connect" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Invalid API Key provided" })).toBeVisible();

  await page.getByLabel("Secret key").fill(stripeTestKey);
  await page.getByRole("button", { name: "Test and connect" }).click();
  await expect(page.getByRole("heading", { name: "Stripe is connected" })).toBeVisible();
  await expect(page.getByTestId("webhook-url")).toContainText("/api/webhooks/stripe/");
  await expect(page.getByText("copy the signing secret Stripe shows")).toBeVisible();

  await page.getByRole("link", { name: "Open the integration" }).click();
  await expect(page.getByTestId("integration-status")).toHaveText("Active");
  await expect(page.getByTestId("hint-secretKey")).toHaveText("sk_test_…4242");
  await expect(page.locator("body")).not.toContainText(stripeTestKey);

  await page.getByLabel("Link to").selectOption({ label: "Northwind Plumbing" });
  await page.getByRole("button", { name: "Link as default" }).click();
  await expect(page.getByRole("list", { name: "Links" })).toContainText("Northwind Plumbing · invoicing");
  await expect(page.getByRole("table", { name: "History" })).toContainText("integration.linked");

  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
  await expect(page).toHaveURL(/\/integrations$/);
  await expect(page.getByRole("table", { name: "Connected integrations" })).toHaveCount(0);
});

test("a member sees the catalog but cannot connect", async ({ page }) => {
  await signInToDemo(page, "member@acme.example");
  await page.goto("/integrations/connect/stripe");
  await expect(
    page.getByRole("alert").filter({ hasText: "Only owners and admins can connect integrations" }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Test and connect" })).toHaveCount(0);
});

test("an owner connects BILL.com with its four credentials", async ({ page }) => {
  await signInToDemo(page, "owner@acme.example");
  await page.goto("/integrations/connect/bill_com");
  await page.getByLabel("Developer key", { exact: true }).fill(billComUser.devKey);
  await page.getByLabel("Organization ID", { exact: true }).fill(billComUser.organizationId);
  await page.getByLabel("Username (email)", { exact: true }).fill(billComUser.username);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Test and connect" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "BILL rejected the credentials" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(billComUser.password);
  await page.getByRole("button", { name: "Test and connect" }).click();
  await expect(page.getByRole("heading", { name: /is connected/ })).toBeVisible();
  await page.getByRole("link", { name: "Open the integration" }).click();
  await expect(page.getByTestId("integration-status")).toHaveText("Active");
  await expect(page.getByTestId("hint-organizationId")).toHaveText(billComUser.organizationId);
  await expect(page.locator("body")).not.toContainText(billComUser.password);
});

test("a custom webhook aimed at this machine is refused as production runs, and nothing reaches it", async ({
  page,
}) => {
  let reached = 0;
  const target = createServer((_request, response) => {
    reached++;
    response.end("ok");
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  const { port } = target.address() as AddressInfo;
  try {
    await signInToDemo(page, "owner@acme.example");
    await page.goto("/integrations");
    await page.getByLabel("Search integrations").fill("custom");
    await page.getByRole("link", { name: /Custom webhook/ }).click();
    await page.getByLabel("Endpoint URL").fill(`http://127.0.0.1:${port}/hook`);
    await page.getByRole("button", { name: "Test and connect" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "private address" })).toBeVisible();
    await page.getByLabel("Endpoint URL").fill(`http://localhost:${port}/hook`);
    await page.getByRole("button", { name: "Test and connect" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "private address" })).toBeVisible();
    await page.goto("/integrations");
    await expect(page.getByRole("table", { name: "Connected integrations" })).not.toContainText(
      "Custom webhook",
    );
    expect(reached).toBe(0);
  } finally {
    target.close();
  }
});
