import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { specsDirectory } from "./specs-dir";

const specDirectory = specsDirectory;

type Parameter = { name: string; in: "query" | "path" | "header"; required?: boolean; schema: object };
type MediaType = { schema?: SchemaWithRef };
type SchemaWithRef = { $ref?: string; properties?: { data?: { items?: SchemaWithRef } } };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
};
type StripeSpec = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { "x-resourceId"?: string }> };
};
type Route = { method: string; pattern: RegExp; names: string[]; operation: Operation };

/** An operation of Stripe's OpenAPI spec matched to a request, with the path parameters it carried. */
export type MatchedOperation = { operation: Operation; pathParameters: Record<string, string> };

const spec = JSON.parse(
  readFileSync(path.join(specDirectory, "stripe_spec3_2023-09.json"), "utf8"),
) as StripeSpec;
const fixtures = JSON.parse(
  readFileSync(path.join(specDirectory, "stripe_fixtures3_2023-09.json"), "utf8"),
) as {
  resources: Record<string, unknown>;
};
const routes: Route[] = Object.entries(spec.paths)
  .flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
      names: [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? ""),
      operation,
    })),
  )
  .sort((first, second) => first.names.length - second.names.length); // literal paths win over templated ones

// Stripe form values arrive as strings, so types are coerced; its spec uses three non-standard formats.
const ajv = new Ajv({ strict: false, coerceTypes: "array", allErrors: true, logger: false });
ajv.addFormat("unix-time", { type: "number", validate: (value: number) => Number.isInteger(value) });
ajv.addFormat("decimal", /^-?\d+(\.\d+)?$/);
ajv.addFormat("binary", true);
const validators = new Map<Operation, ValidateFunction>();

/** The spec operation for a method and path, or undefined when Stripe has no such endpoint. */
export function findStripeOperation(method: string, pathname: string): MatchedOperation | undefined {
  for (const route of routes) {
    const match = route.method === method ? route.pattern.exec(pathname) : null;
    if (!match) continue;
    const values = match.slice(1).map((value) => decodeURIComponent(value));
    return {
      operation: route.operation,
      pathParameters: Object.fromEntries(route.names.map((name, i) => [name, values[i] ?? ""])),
    };
  }
  return undefined;
}

/** Everything about the request's parameters that the operation's schemas reject (empty when valid). */
export function stripeRequestViolations(match: MatchedOperation, query: object, body: object): string[] {
  const validate = validators.get(match.operation) ?? compile(match.operation);
  if (validate({ path: match.pathParameters, query, body })) return [];
  return (validate.errors ?? []).map(describeViolation);
}

function compile(operation: Operation): ValidateFunction {
  const parameters = operation.parameters ?? [];
  const parametersIn = (location: Parameter["in"]) => {
    const selected = parameters.filter((parameter) => parameter.in === location);
    return {
      type: "object",
      properties: Object.fromEntries(selected.map((parameter) => [parameter.name, parameter.schema])),
      required: selected.filter((parameter) => parameter.required).map((parameter) => parameter.name),
      additionalProperties: false,
    };
  };
  const formBody = operation.requestBody?.content["application/x-www-form-urlencoded"]?.schema;
  const validate = ajv.compile({
    type: "object",
    properties: {
      path: parametersIn("path"),
      query: parametersIn("query"),
      body: formBody ?? { maxProperties: 0 },
    },
  });
  validators.set(operation, validate);
  return validate;
}

function describeViolation(error: ErrorObject): string {
  const where = error.instancePath.slice(1).replace(/\//g, ".");
  const unknown = error.params.additionalProperty;
  return typeof unknown === "string"
    ? `Received unknown parameter: ${where}.${unknown}`
    : `${where} ${error.message}`;
}

/** The spec's fixture for the operation's 200 response (lists hold one fixture item). */
export function stripeFixtureFor(match: MatchedOperation, url: string): unknown {
  const schema = match.operation.responses["200"]?.content?.["application/json"]?.schema;
  const listItem = schema?.properties?.data?.items;
  if (listItem) return { object: "list", data: [fixtureOf(listItem)], has_more: false, url };
  return fixtureOf(schema) ?? {};
}

/** A fresh copy of the spec's fixture for a resource (e.g. `invoice`, `customer`, `invoiceitem`, `line_item`). */
export function stripeFixture(resourceId: string): Record<string, unknown> {
  const fixture = fixtures.resources[resourceId];
  if (!fixture || typeof fixture !== "object") throw new Error(`Stripe's fixtures have no ${resourceId}`);
  return structuredClone(fixture) as Record<string, unknown>;
}

function fixtureOf(schema: SchemaWithRef | undefined): unknown {
  const name = schema?.$ref?.split("/").pop() ?? "";
  return fixtures.resources[spec.components.schemas[name]?.["x-resourceId"] ?? name];
}

/** Parses Stripe's bracketed form encoding (`a[b][0]=c`) into nested objects and arrays. */
export function parseStripeForm(params: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const [head = "", ...rest] = key.replace(/\]/g, "").split("[");
    let node = root;
    for (const [index, part] of [head, ...rest].entries()) {
      const name = part === "" ? String(Object.keys(node).length) : part;
      if (index === rest.length) {
        node[name] = value;
        continue;
      }
      node[name] ??= {};
      node = node[name] as Record<string, unknown>;
    }
  }
  return arraysFromIndexedObjects(root) as Record<string, unknown>;
}

function arraysFromIndexedObjects(value: unknown): unknown {
  if (!value || typeof value !== "object") return value;
  const entries = Object.entries(value).map(
    ([key, child]) => [key, arraysFromIndexedObjects(child)] as const,
  );
  const indexed = entries.length > 0 && entries.every(([key], position) => key === String(position));
  return indexed ? entries.map(([, child]) => child) : Object.fromEntries(entries);
}
