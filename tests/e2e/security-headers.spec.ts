import type { APIResponse, Page } from "@playwright/test";
import { appRoutes, sampleId } from "../helpers/app-routes";
import { expect, test, watchCspViolations } from "./fixtures";

// The production server, every route the app has (read from app/): the security headers on pages, API
// responses, errors and 404s; a CSP nonce on every script; and no CSP violation on any page.
const routes = appRoutes();
const pages = routes.filter((route) => route.kind === "page");
const apis = routes.filter((route) => route.kind === "api");

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, what).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]+'[^;]*'strict-dynamic'/);
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toContain("'unsafe-eval'");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"], what).toMatch(/^max-age=\d+/);
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1] ?? "";
}

async function visit(page: Page, path: string, violations: string[]) {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  const nonce = expectSecurityHeaders(await (response as NonNullable<typeof response>).allHeaders(), path);
  await page.waitForLoadState("networkidle");
  // Every script the server sent carries this response's nonce (scripts those load need none: 'strict-dynamic').
  const html = await (response as NonNullable<typeof response>).text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, path).toBeGreaterThan(0);
  for (const script of scripts) expect(script, path).toContain(` nonce="${nonce}"`);
  expect(violations, path).toEqual([]);
  return page
    .locator("a[href^='/']")
    .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href") ?? ""));
}

test("every page carries the headers and a nonce on its scripts, and breaks no CSP rule", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const violations = await watchCspViolations(page);
  await visit(page, "/sign-in", violations);
  await page.getByLabel("Email").fill("owner@acme.example");
  await page.getByLabel("Password").fill("plugboard-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Acme Field Services" })).toBeVisible();

  // Static pages first; their links give real ids for the dynamic ones (a sample id where none is linked).
  const links = new Set<string>();
  const ordered = [...pages].sort(
    (a, b) => Number(a.path.includes(sampleId)) - Number(b.path.includes(sampleId)),
  );
  for (const route of ordered) {
    let path = route.path;
    if (path.includes(sampleId)) {
      const pattern = new RegExp(`^${route.path.replace(sampleId, "[0-9a-f-]{36}")}$`);
      path = [...links].find((link) => pattern.test(link)) ?? path;
    }
    for (const link of await visit(page, path, violations)) links.add(link.split("?")[0] ?? link);
  }
  await visit(page, "/no-such-page", violations);
});

test("API responses, errors and 404s carry the headers too", async ({ request }) => {
  const checked: string[] = [];
  const check = (response: APIResponse, what: string) => {
    expectSecurityHeaders(response.headers(), `${what} → ${response.status()}`);
    checked.push(what);
  };
  for (const route of [...apis, { path: "/api/no-such-route", methods: ["GET", "POST"] }]) {
    for (const method of route.methods) {
      check(await request.fetch(route.path, { method, failOnStatusCode: false }), `${method} ${route.path}`);
    }
  }
  const badPath = await request.get("/api/v1/customers/%ZZ");
  expect(badPath.status()).toBe(400);
  expect(await badPath.json()).toMatchObject({ statusCode: 400, error: "Bad Request" });
  check(badPath, "GET /api/v1/customers/%ZZ");
  const badPage = await request.get("/customers/%ZZ");
  expect(badPage.status()).toBe(400);
  check(badPage, "GET /customers/%ZZ");
  expect(checked.length).toBeGreaterThan(apis.length);
});
