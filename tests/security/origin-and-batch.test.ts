import { beforeAll, describe, expect, it } from "vitest";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import * as restRoute from "@/app/api/v1/[...path]/route";
import { TRPC_MAX_BATCH_SIZE } from "@/lib/trpc/batch";
import { type Person, refresh, signUp, unique } from "../helpers/world";

const restHandlers = {
  GET: restRoute.GET,
  POST: restRoute.POST,
  PUT: restRoute.PUT,
  DELETE: restRoute.DELETE,
};

// A page of another site can make the browser send our session cookie with a POST; it cannot make
// it send our Origin. Cookie-authenticated changes must come from the app's origin; API keys are
// unaffected. tRPC batches are bounded.
const base = "http://localhost:3000";
let owner: Person;
let apiKey: string;
let customerId: string;

beforeAll(async () => {
  owner = await signUp("origin-owner");
  await owner.caller.tenants.create({ name: "Origin tenant", slug: unique("origin") });
  owner = await refresh(owner);
  apiKey = (await owner.caller.apiKeys.create({ name: "Origin key", expiresInDays: null })).key;
  customerId = (
    await owner.caller.customers.create({ name: "Kept", email: `${unique("kept")}@test.example` })
  ).id;
});

/** The owner's session cookie alone, with whatever origin headers a test adds. */
const cookieHeaders = (extra: Record<string, string> = {}) => ({
  cookie: owner.headers.get("cookie") ?? "",
  ...extra,
});
const newCustomer = () => ({ name: "Probe", email: `${unique("probe")}@test.example` });

function trpcCreate(headers: Record<string, string>) {
  return trpcRoute.POST(
    new Request(`${base}/api/trpc/customers.create`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ json: newCustomer() }),
    }),
  );
}

function rest(
  method: "POST" | "PUT" | "DELETE" | "GET",
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  return restHandlers[method](
    new Request(`${base}/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

async function expectForbiddenTrpc(response: Response) {
  expect(response.status).toBe(403);
  const body = (await response.json()) as { error: { json: Record<string, unknown> } };
  expect(body.error.json).toMatchObject({ statusCode: 403, error: "Forbidden", message: expect.any(String) });
}

async function expectForbiddenRest(response: Response) {
  expect(response.status).toBe(403);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    statusCode: 403,
    error: "Forbidden",
    message: expect.stringMatching(/origin/i),
  });
  expect(Object.keys(body).every((key) => ["statusCode", "error", "message", "details"].includes(key))).toBe(
    true,
  );
}

describe("Origin of cookie-authenticated changes", () => {
  it("tRPC: a mutation on the session cookie without the app's Origin is refused; the app, API keys and queries go through", async () => {
    await expectForbiddenTrpc(await trpcCreate(cookieHeaders()));
    await expectForbiddenTrpc(await trpcCreate(cookieHeaders({ origin: "https://evil.example" })));
    await expectForbiddenTrpc(await trpcCreate(cookieHeaders({ origin: "null" })));
    await expectForbiddenTrpc(await trpcCreate(cookieHeaders({ "sec-fetch-site": "cross-site" })));
    await expectForbiddenTrpc(
      await trpcCreate(cookieHeaders({ origin: "http://localhost:3000.evil.example" })),
    );
    // The app's own pages, API keys (no cookie) and queries over GET are not affected.
    expect((await trpcCreate(cookieHeaders({ origin: "http://localhost:3000" }))).status).toBe(200);
    expect((await trpcCreate(cookieHeaders({ "sec-fetch-site": "same-origin" }))).status).toBe(200);
    expect((await trpcCreate({ authorization: `Bearer ${apiKey}` })).status).toBe(200);
    const query = await trpcRoute.GET(
      new Request(`${base}/api/trpc/tenants.current`, { headers: cookieHeaders() }),
    );
    expect(query.status).toBe(200);
  });

  it("REST: POST, PUT and DELETE on the session cookie from a foreign origin are refused and change nothing; the app and API keys go through", async () => {
    await expectForbiddenRest(await rest("POST", "/customers", cookieHeaders(), newCustomer()));
    await expectForbiddenRest(
      await rest("PUT", `/customers/${customerId}`, cookieHeaders({ origin: "https://evil.example" }), {
        name: "Renamed by a stranger",
        email: `${unique("evil")}@test.example`,
      }),
    );
    await expectForbiddenRest(
      await rest("DELETE", `/customers/${customerId}`, cookieHeaders({ origin: "https://evil.example" })),
    );
    const kept = await owner.caller.customers.byId({ customerId });
    expect(kept.name).toBe("Kept");

    const created = await rest("POST", "/customers", cookieHeaders({ origin: base }), newCustomer());
    expect(created.status).toBe(200);
    const byKey = await rest("POST", "/customers", { authorization: `Bearer ${apiKey}` }, newCustomer());
    expect(byKey.status).toBe(200);
    const read = await rest("GET", `/customers/${customerId}`, cookieHeaders());
    expect(read.status).toBe(200);
  });
});

describe("tRPC batch size", () => {
  const batch = (count: number, method: "GET" | "POST") => {
    const paths = Array.from({ length: count }, () => "tenants.current").join(",");
    const input = JSON.stringify(
      Object.fromEntries(Array.from({ length: count }, (_, index) => [index, {}])),
    );
    const headers = { ...cookieHeaders({ origin: base }), "content-type": "application/json" };
    return method === "GET"
      ? trpcRoute.GET(
          new Request(`${base}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(input)}`, { headers }),
        )
      : trpcRoute.POST(
          new Request(`${base}/api/trpc/${paths}?batch=1`, { method: "POST", headers, body: input }),
        );
  };

  it.each(["GET", "POST"] as const)(
    `answers a batch of ${TRPC_MAX_BATCH_SIZE} queries, and refuses a larger batch over %s with a 400`,
    async (method) => {
      expect(TRPC_MAX_BATCH_SIZE).toBeLessThanOrEqual(50);
      const full = await batch(TRPC_MAX_BATCH_SIZE, "GET");
      expect(full.status).toBe(200);
      expect(((await full.json()) as unknown[]).length).toBe(TRPC_MAX_BATCH_SIZE);
      for (const count of [TRPC_MAX_BATCH_SIZE + 1, 500]) {
        const response = await batch(count, method);
        expect(response.status).toBe(400);
        const body = (await response.json()) as { error: { json: Record<string, unknown> } };
        expect(body.error.json).toMatchObject({
          statusCode: 400,
          error: "Bad Request",
          message: expect.any(String),
        });
      }
    },
  );
});
