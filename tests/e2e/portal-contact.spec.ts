import { expect, test } from "./fixtures";
import { emailedLink } from "./mail";

const contact = "billing@northwind.example"; // the demo customer's portal contact

// Its own callers (the server trusts one proxy hop in the browser tests): the magic-link limits of
// the other specs' sign-ins are not spent here.
test.use({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.61" } });

test("a portal contact who opens the dashboard lands in the portal; a used or bogus link says so and offers a new one", async ({
  page,
  browser,
}) => {
  await page.goto("/portal/sign-in");
  await page.getByLabel("Email").fill(contact);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText(`If ${contact} has access`);
  const link = await emailedLink(contact, "/api/auth/magic-link/verify");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Your invoices" })).toBeVisible();

  // The dashboard's address sends a contact (no tenant of their own) back to their invoices.
  await page.goto("/");
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole("heading", { name: "Your invoices" })).toBeVisible();
  await page.goto("/onboarding");
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByText("Create a tenant")).toHaveCount(0);

  // The same link again, on another device: used once, so it says so and offers a new one.
  const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.62" } });
  const again = await other.newPage();
  await again.goto(link);
  await expect(again).toHaveURL(/\/portal\/sign-in\?error=INVALID_TOKEN/);
  await expect(
    again.getByRole("alert").filter({ hasText: "This link has expired or was already used" }),
  ).toBeVisible();
  await expect(again.getByRole("button", { name: "Email me a sign-in link" })).toBeVisible();

  // A made-up token (as in links sent before errors had their own page) ends the same way.
  await again.goto("/api/auth/magic-link/verify?token=not-a-real-token&callbackURL=%2Fportal");
  await expect(
    again.getByRole("alert").filter({ hasText: "This link has expired or was already used" }),
  ).toBeVisible();
  await other.close();
});
