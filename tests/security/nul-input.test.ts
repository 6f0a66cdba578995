import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import * as restRoute from "@/app/api/v1/[...path]/route";
import { errorBodyFromTRPC } from "@/server/api/errors";
import { openApiDocument } from "@/server/api/openapi";
import { appRouter } from "@/server/api/root";
import { callPath, procedureFixtures, procedurePaths } from "../helpers/procedures";
import { type Person, refresh, signUp, unique, type World } from "../helpers/world";

const restHandlers = {
  GET: restRoute.GET,
  POST: restRoute.POST,
  PUT: restRoute.PUT,
  DELETE: restRoute.DELETE,
};

// PostgreSQL refuses NUL in text; today most text fields turn it into a 500. Every text field of every
// procedure (tRPC and REST) must answer 400 naming the field, whatever else the input holds.
const NUL_TEXT = "probe\u0000text";
type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
};

/** The paths of every text field a JSON schema describes (array items as `0`, record entries as `probe`). */
function textPaths(schema: JsonSchema, path: string[] = []): string[][] {
  const alternatives = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const own: string[][] = [];
  if (types.includes("string") && path.length) own.push(path);
  for (const [key, property] of Object.entries(schema.properties ?? {}))
    own.push(...textPaths(property, [...path, key]));
  if (schema.items) own.push(...textPaths(schema.items, [...path, "0"]));
  if (typeof schema.additionalProperties === "object") {
    const entry = schema.additionalProperties;
    own.push(...(Object.keys(entry).length ? textPaths(entry, [...path, "probe"]) : [[...path, "probe"]]));
  }
  for (const alternative of alternatives) own.push(...textPaths(alternative, path));
  const seen = new Set<string>();
  return own.filter((candidate) => !seen.has(candidate.join(".")) && seen.add(candidate.join(".")));
}

/** A copy of `value` with NUL text at `path`, creating what is missing on the way. */
function withNulAt(value: unknown, path: string[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return NUL_TEXT;
  if (/^\d+$/.test(head)) {
    const list = Array.isArray(value) ? [...value] : [];
    list[Number(head)] = withNulAt(list[Number(head)], rest);
    return list;
  }
  const object = value !== null && typeof value === "object" && !Array.isArray(value) ? { ...value } : {};
  return { ...object, [head]: withNulAt((object as Record<string, unknown>)[head], rest) };
}

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>;
const textFieldsOf = (path: string) =>
  (procedures[path]?._def.inputs ?? []).flatMap((input) =>
    textPaths(z.toJSONSchema(input, { unrepresentable: "any", io: "input" }) as JsonSchema),
  );

// Sample inputs shaped like the real ones; the ids need not exist (the input is refused before use).
const anyResource = { id: randomUUID(), key: "pb_probe", hookUrl: "https://hooks.example/probe" };
const sampleWorld = new Proxy({}, { get: () => anyResource }) as unknown as World;

let owner: Person;
let apiKey: string;
beforeAll(async () => {
  owner = await signUp("nul-owner");
  await owner.caller.tenants.create({ name: "NUL tenant", slug: unique("nul") });
  owner = await refresh(owner);
  apiKey = (await owner.caller.apiKeys.create({ name: "NUL key", expiresInDays: null })).key;
});

const cases = procedurePaths().flatMap((path) =>
  textFieldsOf(path).map((field) => [path, field.join("."), field] as const),
);

describe("NUL in a text field of a procedure", () => {
  it.each(cases)("%s %s: a 400 naming the field", async (path, fieldName, field) => {
    const sample = procedureFixtures[path]?.input?.(sampleWorld) ?? {};
    const result = await callPath(owner.caller, path, withNulAt(sample, field));
    expect(result.ok).toBe(false);
    const error = result.ok ? null : result.error;
    expect(error).toBeInstanceOf(TRPCError);
    const body = errorBodyFromTRPC(error as TRPCError);
    expect(body.statusCode, JSON.stringify(body)).toBe(400);
    expect(body.details).toContainEqual({ field: fieldName, reason: expect.stringMatching(/NUL/) });
  });

  it("an object key with NUL is named too (and every procedure's text fields were found)", async () => {
    expect(new Set(cases.map(([path]) => path)).size).toBeGreaterThanOrEqual(50);
    expect(cases.map(([path, field]) => `${path}:${field}`)).toEqual(
      expect.arrayContaining([
        "customers.create:name",
        "invoices.create:lines.0.description",
        "members.invite:email",
      ]),
    );
    expect(restCases.length).toBeGreaterThanOrEqual(30);
    const result = await callPath(owner.caller, "integrations.connect", {
      provider: "custom_webhook",
      credentials: { "end\u0000point": "x" },
    });
    const body = errorBodyFromTRPC((result.ok ? null : result.error) as TRPCError);
    expect(body.statusCode).toBe(400);
    expect(body.details?.[0]?.field).toBe("credentials.end\\u0000point");
  });
});

type Operation = {
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content?: { "application/json"?: { schema?: JsonSchema } } };
};
const methods = ["get", "post", "put", "delete"] as const;
const restCases = Object.entries(openApiDocument().paths ?? {}).flatMap(([template, item]) =>
  methods.flatMap((method) => {
    const operation = (item as Record<string, Operation | undefined>)[method];
    if (!operation) return [];
    const params = operation.parameters ?? [];
    const fill = (name: string, value: string) =>
      template.replace(/\{(\w+)\}/g, (_, param: string) =>
        encodeURIComponent(param === name ? value : param.endsWith("type") ? "customer" : randomUUID()),
      );
    const queryCases = params
      .filter((param) => param.in === "query" && textPaths({ properties: { q: param.schema ?? {} } }).length)
      .map((param) => ({
        field: param.name,
        url: `${fill("", "")}?${param.name}=${encodeURIComponent(NUL_TEXT)}`,
        body: undefined as unknown,
      }));
    const bodySchema = operation.requestBody?.content?.["application/json"]?.schema;
    const bodyCases = bodySchema
      ? textPaths(bodySchema).map((field) => ({
          field: field.join("."),
          url: fill("", ""),
          body: withNulAt({}, field),
        }))
      : [];
    return [...queryCases, ...bodyCases].map(
      (entry) => [`${method.toUpperCase()} ${template}`, entry.field, method, entry] as const,
    );
  }),
);

// An escaped NUL in a path segment (`/api/v1/customers/%00`) never reaches a route: proxy.ts refuses
// it for every route (headers-and-paths.test.ts).
describe("NUL in a REST query parameter or body field", () => {
  it.each(restCases)("%s %s: a 400 naming the field", async (_name, fieldName, method, entry) => {
    const verb = method.toUpperCase() as "GET" | "POST" | "PUT" | "DELETE";
    const response = await restHandlers[verb](
      new Request(`http://localhost:3000/api/v1${entry.url}`, {
        method: verb,
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: verb === "POST" || verb === "PUT" ? JSON.stringify(entry.body ?? {}) : undefined,
      }),
    );
    const body = (await response.json()) as {
      statusCode: number;
      details?: { field?: string; reason?: string }[];
    };
    expect(response.status, JSON.stringify(body)).toBe(400);
    expect(body.details).toContainEqual({ field: fieldName, reason: expect.stringMatching(/NUL/) });
  });
});
