import { test as base, expect, type Page } from "@playwright/test";

/** Starts collecting the page's CSP violations: the DOM event and the browser's console report. */
export async function watchCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|CSP violation/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/**
 * Playwright's test with one addition for every browser test: the page it drives may not break the
 * app's Content-Security-Policy (a blocked script or style is a broken page, even when the test's
 * own assertions still hold).
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations = await watchCspViolations(page);
      await use(violations);
      expect(violations, "CSP violations on the test's page").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Signs a demo user (password `plugboard-demo`) in and waits for the demo tenant's dashboard. */
export async function signInToDemo(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("plugboard-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Acme Field Services" })).toBeVisible();
}
