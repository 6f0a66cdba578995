import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { emailedLink } from "./mail";

// Everyday basics, on a tenant of its own: business details, customers edited and deleted, a draft
// edited, sending confirmed, payments recorded (part, then the rest), an invoice voided, and what the
// customer then sees in the portal.

const stamp = Date.now().toString(36);
const owner = { name: "Bea Basics", email: `bea-${stamp}@e2e.example`, password: "bea-password-123" };
const contact = `payables-${stamp}@basics-customer.example`;

// A 1×1 PNG.
const PNG_1PX = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==",
  "base64",
);

async function addCustomer(page: Page, name: string, email: string) {
  await page.goto("/customers");
  await page.getByRole("button", { name: "Add customer" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(name);
  await page.getByRole("dialog").getByLabel("Billing email").fill(email);
  await page.getByRole("dialog").getByRole("button", { name: "Add customer" }).click();
  await expect(page.getByRole("link", { name })).toBeVisible();
}

async function newInvoice(page: Page, customer: string, unitPrice: string) {
  await page.goto("/customers");
  await page.getByRole("link", { name: customer }).click();
  await page.getByRole("link", { name: "New invoice" }).click();
  await page.getByLabel("Description").fill("Boiler service");
  await page.getByLabel("Quantity").fill("1");
  await page.getByLabel("Unit price").fill(unitPrice);
  await page.getByLabel("Tax %").fill("20");
}

test("business details, customers, draft edit, confirmed send, payments, void, and the portal", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Work email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Business name").fill(`Bea Plumbing ${stamp}`);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { name: `Bea Plumbing ${stamp}` })).toBeVisible();

  // Business details: renamed, address, VAT number, logo.
  const business = `Bea Plumbing & Heating ${stamp}`;
  await page.goto("/settings");
  await page.getByLabel("Business name").fill(business);
  await page.getByLabel("VAT / tax number").fill("GB123456789");
  await page.getByLabel("Business address").fill("2 Pipe Lane\nLeeds LS1 1AA");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText("Business details saved", { exact: true })).toBeVisible();
  await page
    .getByLabel("Upload a logo")
    .setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG_1PX });
  await expect(page.getByRole("img", { name: `${business} logo` })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Business name")).toHaveValue(business);

  // Customers: one edited, one deleted.
  await addCustomer(page, "Wrong Name Ltd", contact);
  await page.getByRole("link", { name: "Wrong Name Ltd" }).click();
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Harbour Cafe Ltd");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Harbour Cafe Ltd" })).toBeVisible();
  await expect(page.getByTestId("billing-integration")).toContainText("No invoicing integration");
  await addCustomer(page, "Duplicate Cafe", `dup-${stamp}@basics-customer.example`);
  await page.getByRole("link", { name: "Duplicate Cafe" }).click();
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete customer" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole("link", { name: "Duplicate Cafe" })).toHaveCount(0);

  // A draft, edited, then sent after confirming.
  await newInvoice(page, "Harbour Cafe Ltd", "100.00");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("invoice-status")).toHaveText("draft");
  await expect(page.getByRole("button", { name: "Sync now" })).toHaveCount(0);
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Unit price").fill("150.00");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("invoice-total")).toHaveText("£180.00");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByRole("dialog")).toContainText("Harbour Cafe Ltd will be invoiced £180.00");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("invoice-status")).toHaveText("draft");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send invoice" }).click();
  await expect(page.getByTestId("invoice-status")).toHaveText("open");
  await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
  const number =
    ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").match(/INV-\d{4}-\d{4}/)?.[0] ?? "";

  // Payments: part, then the rest; paid only then.
  await page.getByRole("button", { name: "Record payment" }).click();
  await page.getByRole("dialog").getByLabel("Amount (GBP)").fill("50.00");
  await page.getByRole("dialog").getByLabel("Method").selectOption({ label: "Bank transfer" });
  await page.getByRole("dialog").getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByTestId("amount-due")).toHaveText("Paid £50.00 · due £130.00");
  await expect(page.getByTestId("invoice-status")).toHaveText("open");
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByRole("dialog").getByLabel("Amount (GBP)")).toHaveValue("130.00");
  await page.getByRole("dialog").getByLabel("Paid on").fill("2026-12-06");
  await page.getByRole("dialog").getByLabel("Method").selectOption({ label: "Card" });
  await page.getByRole("dialog").getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByTestId("invoice-status")).toHaveText("paid");
  await expect(page.getByRole("button", { name: "Void" })).toHaveCount(0);
  await page.getByRole("link", { name: "Harbour Cafe Ltd" }).click();
  await expect(page.getByRole("heading", { name: "Harbour Cafe Ltd" })).toBeVisible();

  // Another invoice, sent straight from the form (confirmed), then voided.
  await newInvoice(page, "Harbour Cafe Ltd", "20.00");
  await page.getByRole("button", { name: "Create and send" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send invoice" }).click();
  await expect(page.getByTestId("invoice-status")).toHaveText("open");
  await page.getByRole("button", { name: "Void" }).click();
  await page.getByRole("dialog").getByLabel("Reason (optional)").fill("Duplicate");
  await page.getByRole("dialog").getByRole("button", { name: "Void invoice" }).click();
  await expect(page.getByTestId("invoice-status")).toHaveText("void");

  // A third, partly paid.
  await page.getByRole("link", { name: "Harbour Cafe Ltd" }).click();
  await newInvoice(page, "Harbour Cafe Ltd", "20.00");
  await page.getByRole("button", { name: "Create and send" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Send invoice" }).click();
  await expect(page.getByTestId("invoice-status")).toHaveText("open");
  const partNumber =
    ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").match(/INV-\d{4}-\d{4}/)?.[0] ?? "";
  await page.getByRole("button", { name: "Record payment" }).click();
  await page.getByRole("dialog").getByLabel("Amount (GBP)").fill("10.00");
  await page.getByRole("dialog").getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByTestId("amount-due")).toHaveText("Paid £10.00 · due £14.00");

  // The contact: invited once; the box no longer offers the same address.
  await page.getByRole("link", { name: "Harbour Cafe Ltd" }).click();
  await expect(page.getByLabel("Contact email")).toHaveValue(contact);
  await page.getByRole("button", { name: "Invite to portal" }).click();
  await expect(page.getByRole("list", { name: "Portal access" })).toContainText(contact);
  await page.reload();
  await expect(page.getByLabel("Contact email")).toHaveValue("");

  const customerContext = await browser.newContext();
  const portal = await customerContext.newPage();
  await portal.goto(await emailedLink(contact, "/api/auth/magic-link/verify"));
  await expect(portal.getByRole("heading", { name: "Your invoices" })).toBeVisible();
  await portal.getByRole("link", { name: number }).click();
  const supplier = portal.getByRole("region", { name: "Supplier" });
  await expect(supplier).toContainText(business);
  await expect(supplier).toContainText("2 Pipe Lane");
  await expect(supplier).toContainText("VAT/tax number: GB123456789");
  await expect(supplier.getByRole("img", { name: `${business} logo` })).toBeVisible();
  await expect(portal.getByTestId("portal-paid")).toHaveText("Paid on 6 Dec 2026 by card");
  await expect(portal.getByRole("link", { name: "Pay now" })).toHaveCount(0);
  await portal.goto("/portal");
  await portal.getByRole("link", { name: partNumber }).click();
  await expect(portal.getByTestId("portal-part-paid")).toHaveText("£10.00 received · £14.00 still due");
  await customerContext.close();
});
