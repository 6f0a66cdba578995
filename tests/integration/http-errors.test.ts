import { beforeAll, describe, expect, it } from "vitest";
import * as notFoundRoute from "@/app/api/[...path]/route";
import * as healthRoute from "@/app/api/health/route";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import * as restRoute from "@/app/api/v1/[...path]/route";
import { createWorld, unique, type World } from "../helpers/world";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

const base = "http://localhost:3000";
const json = (body: string, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body,
});

/** The standard error body, and nothing that looks like a stack trace or a secret. */
async function expectStandardError(response: Response, status: number) {
  expect(response.status).toBe(status);
  const text = await response.text();
  expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  expect(Object.keys(body).every((key) => ["statusCode", "error", "message", "details"].includes(key))).toBe(
    true,
  );
  return body as {
    statusCode: number;
    error: string;
    message: string;
    details?: { field?: string; reason?: string }[];
  };
}

describe("REST API errors", () => {
  const apiKey = () => ({ authorization: `Bearer ${world.apiKeyA.key}` });

  it("malformed JSON is a 400", async () => {
    const response = await restRoute.POST(
      new Request(`${base}/api/v1/customers`, json("{not json", apiKey())),
    );
    const body = await expectStandardError(response, 400);
    expect(body.message).toMatch(/JSON/);
  });

  it("wrong types are a 400 with one detail per field", async () => {
    const response = await restRoute.POST(
      new Request(`${base}/api/v1/customers`, json(JSON.stringify({ name: 42, email: "nope" }), apiKey())),
    );
    const body = await expectStandardError(response, 400);
    expect(body.details?.map((detail) => detail.field).sort()).toEqual(["email", "name"]);
  });

  it("no credentials is a 401 and a revoked-looking key is a 401", async () => {
    await expectStandardError(await restRoute.GET(new Request(`${base}/api/v1/customers`)), 401);
    const body = await expectStandardError(
      await restRoute.GET(new Request(`${base}/api/v1/customers`, { headers: { "x-api-key": "pb_wrong" } })),
      401,
    );
    expect(body.message).toMatch(/API key/);
  });

  it("a duplicate customer is a 409 and nothing is lost", async () => {
    const email = `${unique("dup")}@test.example`;
    const first = await restRoute.POST(
      new Request(`${base}/api/v1/customers`, json(JSON.stringify({ name: "Dup", email }), apiKey())),
    );
    expect(first.status).toBe(200);
    const second = await restRoute.POST(
      new Request(`${base}/api/v1/customers`, json(JSON.stringify({ name: "Dup 2", email }), apiKey())),
    );
    const body = await expectStandardError(second, 409);
    expect(body.details?.[0]?.field).toBe("email");
  });

  it("the API key reads only its tenant's customers", async () => {
    const response = await restRoute.GET(
      new Request(`${base}/api/v1/customers?limit=10`, { headers: apiKey() }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { tenantId: string }[] };
    expect(body.items.length).toBeGreaterThan(0);
    expect(new Set(body.items.map((item) => item.tenantId))).toEqual(new Set([world.tenantA.id]));
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("unknown REST and API routes are a 404 with the standard body", async () => {
    await expectStandardError(
      await restRoute.GET(new Request(`${base}/api/v1/no-such-thing`, { headers: apiKey() })),
      404,
    );
    await expectStandardError(await notFoundRoute.GET(new Request(`${base}/api/no-such-route`)), 404);
  });
});

describe("tRPC errors over HTTP", () => {
  it("malformed JSON is a 400 with the standard fields", async () => {
    const response = await trpcRoute.POST(
      new Request(
        `${base}/api/trpc/customers.create`,
        json("{oops", Object.fromEntries(world.ownerA.headers)),
      ),
    );
    expect(response.status).toBe(400);
    // tRPC wraps the standard fields in its envelope (serialised with superjson: `error.json`).
    const body = (await response.json()) as { error: { json: Record<string, unknown> } };
    expect(body.error.json).toMatchObject({
      statusCode: 400,
      error: "Bad Request",
      message: expect.stringMatching(/JSON/),
    });
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at |stack/);
  });

  it("wrong types are a 400 with per-field details", async () => {
    const response = await trpcRoute.POST(
      new Request(
        `${base}/api/trpc/customers.create`,
        json(JSON.stringify({ json: { name: 1, email: 2 } }), Object.fromEntries(world.ownerA.headers)),
      ),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { json: { statusCode: number; details: { field: string }[] } };
    };
    expect(body.error.json.statusCode).toBe(400);
    expect(body.error.json.details.map((detail) => detail.field).sort()).toEqual(["email", "name"]);
  });

  it("a member calling an admin procedure gets 403", async () => {
    const response = await trpcRoute.POST(
      new Request(
        `${base}/api/trpc/customers.create`,
        json(
          JSON.stringify({ json: { name: "X", email: "x@test.example" } }),
          Object.fromEntries(world.memberA.headers),
        ),
      ),
    );
    expect(response.status).toBe(403);
  });
});

describe("health", () => {
  it("reports database, migrations and queue", async () => {
    const response = await healthRoute.GET();
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; migrations: { upToDate: boolean } };
    expect(body.status).toBe("ok");
    expect(body.migrations.upToDate).toBe(true);
  });
});
