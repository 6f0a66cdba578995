import { readFile } from "node:fs/promises";
import Stripe from "stripe";
import { extractText, getDocumentProxy } from "unpdf";
import { stripeTestKey } from "../helpers/fixtures";
import { expect, signInToDemo, test } from "./fixtures";
import { emailedLink, mailbox } from "./mail";

test("an invoice goes to Stripe, shows synced, and its customer sees only it in the portal with a PDF", async ({
  page,
  browser,
}) => {
  const contact = `ap-${Date.now()}@portal-test.example`;
  await signInToDemo(page, "owner@acme.example");

  // A new customer.
  await page.goto("/customers");
  await page.getByRole("button", { name: "Add customer" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Portal Test Ltd");
  await page.getByRole("dialog").getByLabel("Billing email").fill(contact);
  await page.getByRole("dialog").getByRole("button", { name: "Add customer" }).click();
  await expect(page.getByRole("link", { name: "Portal Test Ltd" })).toBeVisible();

  // Stripe connected and linked as this customer's invoicing integration.
  await page.goto("/integrations/connect/stripe");
  const signingSecret = "whsec_e2eInvoicePaid000000000000";
  await page.getByLabel("Secret key").fill(stripeTestKey);
  await page.getByLabel("Webhook signing secret").fill(signingSecret);
  await page.getByRole("button", { name: "Test and connect" }).click();
  const webhookUrl = ((await page.getByTestId("webhook-url").textContent()) ?? "").trim();
  await page.getByRole("link", { name: "Open the integration" }).click();
  await page.getByLabel("Link to").selectOption({ label: "Portal Test Ltd" });
  await page.getByRole("button", { name: "Link as default" }).click();
  await expect(page.getByRole("list", { name: "Links" })).toContainText("Portal Test Ltd · invoicing");

  // The invoice, created from the customer's page.
  await page.goto("/customers");
  await page.getByRole("link", { name: "Portal Test Ltd" }).click();
  await page.getByRole("link", { name: "New invoice" }).click();
  await page.getByLabel("Description").fill("Annual maintenance");
  await page.getByLabel("Quantity").fill("2");
  await page.getByLabel("Unit price").fill("150.00");
  await page.getByLabel("Tax %").fill("20");
  await expect(page.getByLabel("Totals")).toContainText("£360.00");
  await page.getByRole("button", { name: "Create and send" }).click();
  await expect(page.getByRole("dialog")).toContainText("Portal Test Ltd will be invoiced £360.00");
  await page.getByRole("dialog").getByRole("button", { name: "Send invoice" }).click();

  // pending → synced, with Stripe's invoice id.
  await expect(page.getByTestId("invoice-total")).toHaveText("£360.00");
  await expect(page.getByTestId("sync-status")).toHaveText("synced", { timeout: 30_000 });
  await expect(page.getByTestId("external-id")).toHaveText(/^in_/);
  const externalId = ((await page.getByTestId("external-id").textContent()) ?? "").trim();
  const invoiceUrl = page.url();
  const number =
    ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").match(/INV-\d{4}-\d{4}/)?.[0] ?? "";
  expect(number).not.toBe("");

  // Portal access for the customer's contact: a sign-in link by email.
  await page.goto("/customers");
  await page.getByRole("link", { name: "Portal Test Ltd" }).click();
  await page.getByLabel("Contact email").fill(contact);
  await page.getByRole("button", { name: "Invite to portal" }).click();
  await expect(page.getByRole("list", { name: "Portal access" })).toContainText(contact);
  const signInLink = await emailedLink(contact, "/api/auth/magic-link/verify");

  // The customer, in a browser of their own.
  const customerContext = await browser.newContext();
  const portal = await customerContext.newPage();
  await portal.goto(signInLink);
  await expect(portal.getByRole("heading", { name: "Your invoices" })).toBeVisible();
  const rows = portal.getByRole("row");
  await expect(rows).toHaveCount(2); // header + their one invoice: no other customer's invoices
  await expect(portal.getByRole("link", { name: number })).toBeVisible();
  await portal.getByRole("link", { name: number }).click();
  await expect(portal.getByTestId("portal-total")).toHaveText("£360.00");
  await expect(portal.getByRole("region", { name: "Supplier" })).toContainText("Acme Field Services");

  // The provider's hosted page.
  const hosted = portal.getByRole("link", { name: "Pay now" });
  const [hostedPage] = await Promise.all([customerContext.waitForEvent("page"), hosted.click()]);
  await expect(hostedPage.getByRole("heading", { name: /^Invoice / })).toBeVisible();
  await hostedPage.getByRole("button", { name: "Pay 360.00 GBP" }).click();
  await expect(hostedPage.locator("#status")).toHaveText("paid");
  await hostedPage.close();

  // Stripe tells us by webhook, signed with its SDK: the portal shows it paid, with where that came from.
  const event = {
    id: `evt_e2e_${Date.now()}`,
    object: "event",
    type: "invoice.paid",
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: externalId,
        object: "invoice",
        status: "paid",
        status_transitions: { paid_at: Math.floor(Date.now() / 1000) },
      },
    },
  };
  const payload = JSON.stringify(event);
  const delivery = await fetch(webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "stripe-signature": new Stripe(stripeTestKey).webhooks.generateTestHeaderString({
        payload,
        secret: signingSecret,
      }),
    },
    body: payload,
  });
  expect(delivery.status).toBe(200);
  const deliveredAt = Date.now();
  await expect
    .poll(async () => {
      await portal.reload();
      return ((await portal.getByTestId("portal-status").textContent()) ?? "").trim();
    })
    .toBe("paid");
  test
    .info()
    .annotations.push({ type: "webhook to paid in portal", description: `${Date.now() - deliveredAt} ms` });
  await expect(portal.getByTestId("portal-paid")).toHaveText(
    /^Paid on \d{1,2} \w{3} \d{4} online through Stripe$/,
  );
  await expect(portal.getByRole("link", { name: "Pay now" })).toHaveCount(0);
  await page.goto(invoiceUrl);
  await expect(page.getByTestId("invoice-status")).toHaveText("paid");

  // The PDF, generated from our data.
  const [download] = await Promise.all([
    portal.waitForEvent("download"),
    portal.getByRole("link", { name: "Download PDF" }).click(),
  ]);
  const bytes = new Uint8Array(await readFile((await download.path()) ?? ""));
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  expect(text).toContain(number);
  expect(text).toContain("£360.00");
  expect(text).toContain("Annual maintenance");

  // Another customer's invoice is not reachable, even by id.
  await page.goto("/invoices");
  const otherHref = await page
    .getByRole("link", { name: /INV-2026-0001/ })
    .first()
    .getAttribute("href");
  const otherId = otherHref?.split("/").pop() ?? "";
  const response = await portal.request.get(`/api/portal/invoices/${otherId}/pdf`);
  expect(response.status()).toBe(404);
  await customerContext.close();

  // Later, on another device: the contact asks for a link on the sign-in page. The page answers
  // the same for an address without access, which gets no mail.
  const laterContext = await browser.newContext();
  const later = await laterContext.newPage();
  const stranger = `nobody-${Date.now()}@portal-test.example`;
  await later.goto("/portal/sign-in");
  await later.getByLabel("Email").fill(stranger);
  await later.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(later.getByRole("status")).toContainText(`If ${stranger} has access`);
  await later.goto("/portal/sign-in");
  await later.getByLabel("Email").fill(contact);
  await later.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(later.getByRole("status")).toContainText(`If ${contact} has access`);
  await later.goto(await emailedLink(contact, "/api/auth/magic-link/verify", signInLink));
  await expect(later.getByRole("heading", { name: "Your invoices" })).toBeVisible();
  await expect(later.getByRole("link", { name: number })).toBeVisible();
  const strangerMail = (await (
    await fetch(`${mailbox}/messages?to=${encodeURIComponent(stranger)}`)
  ).json()) as unknown[];
  expect(strangerMail).toHaveLength(0);
  await laterContext.close();
});
