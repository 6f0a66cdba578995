import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";
import { contentSecurityPolicy } from "@/server/http/security-headers";
import { type AppRoute, appRoutes, withSegment } from "../helpers/app-routes";

// Every response passes through proxy.ts (pages, API, webhooks, health, 404s). Here it is called in
// process for every route the app has; the browser suite checks the same headers on a running server.
const base = "http://localhost:3000";
const routes = appRoutes();
const notFound: AppRoute[] = [
  { file: "-", kind: "page", path: "/no-such-page", methods: ["GET"] },
  { file: "-", kind: "api", path: "/api/no-such-route", methods: ["GET", "POST"] },
  { file: "-", kind: "api", path: "/api/v1/no-such-thing", methods: ["GET"] },
];

const call = (path: string, method = "GET") => proxy(new NextRequest(`${base}${path}`, { method }));

function expectSecurityHeaders(response: Response) {
  const csp = response.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, "a CSP with a script nonce").toBeTruthy();
  expect(csp).toMatch(/script-src [^;]*'strict-dynamic'/);
  expect(csp).not.toMatch(/'unsafe-eval'|script-src [^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
  return nonce ?? "";
}

describe("security headers on every route", () => {
  it("finds the app's pages and route handlers", () => {
    expect(routes.filter((route) => route.kind === "page").length).toBeGreaterThanOrEqual(20);
    expect(routes.map((route) => route.path)).toEqual(
      expect.arrayContaining(["/api/health", "/api/trpc/tenants.current", "/settings/api-reference"]),
    );
  });

  it.each([...routes, ...notFound].map((route) => [route.path, route] as const))(
    "%s: the proxy runs and sets the headers, with the nonce handed to the renderer",
    async (_path, route) => {
      expect(unstable_doesMiddlewareMatch({ config, url: `${base}${route.path}` })).toBe(true);
      for (const method of route.methods) {
        const response = await call(route.path, method);
        const nonce = expectSecurityHeaders(response);
        // Passed on to the route (Next's request-header override), where Next reads the nonce.
        expect(response.headers.get("x-middleware-next")).toBe("1");
        expect(response.headers.get("x-middleware-request-content-security-policy")).toContain(
          `'nonce-${nonce}'`,
        );
        expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
      }
    },
  );

  it("gives every response its own nonce", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) nonces.add(expectSecurityHeaders(await call("/sign-in")));
    expect(nonces.size).toBe(20);
  });

  it("leaves only hashed build assets out", () => {
    expect(unstable_doesMiddlewareMatch({ config, url: `${base}/_next/static/chunks/app.js` })).toBe(false);
    expect(unstable_doesMiddlewareMatch({ config, url: `${base}/favicon.ico` })).toBe(true);
    expect(unstable_doesMiddlewareMatch({ config, url: `${base}/_next/data/build/page.json` })).toBe(true);
  });

  it("allows eval only in development", () => {
    const production = contentSecurityPolicy({ nonce: "n", development: false, https: true });
    const development = contentSecurityPolicy({ nonce: "n", development: true, https: false });
    expect(production).not.toContain("'unsafe-eval'");
    expect(production).toContain("upgrade-insecure-requests");
    expect(development).toMatch(/script-src [^;]*'unsafe-eval'/);
  });
});

describe("paths the router cannot decode", () => {
  const bad = [
    ["a malformed %-escape", "%ZZ"],
    ["a truncated %-escape", "abc%E0%A4"],
    ["an escaped NUL", "probe%00"],
  ] as const;

  it.each(
    routes.flatMap((route) => bad.map(([what, segment]) => [route.path, what, route, segment] as const)),
  )("%s with %s: a 400 with the security headers", async (_path, _what, route, segment) => {
    const path = withSegment(route, segment);
    expect(unstable_doesMiddlewareMatch({ config, url: `${base}${path}` })).toBe(true);
    for (const method of route.methods) {
      const response = await call(path, method);
      expect(response.status, `${method} ${path}`).toBe(400);
      expectSecurityHeaders(response);
      if (path.startsWith("/api/")) {
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        const body = (await response.json()) as Record<string, unknown>;
        expect(body).toMatchObject({ statusCode: 400, error: "Bad Request", message: expect.any(String) });
        expect(Object.keys(body).sort()).toEqual(["details", "error", "message", "statusCode"]);
      } else {
        expect(response.headers.get("content-type")).toMatch(/^text\/html/);
        const page = await response.text();
        expect(page).toContain("Bad request");
        expect(page).not.toMatch(/<script|probe|abc|ZZ/);
      }
    }
  });

  it("lets well-formed escapes through", async () => {
    const response = await call("/api/v1/customers/a%20b%2Fc");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});
