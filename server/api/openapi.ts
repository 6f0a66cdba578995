import { generateOpenApiDocument } from "trpc-to-openapi";
import { env } from "@/lib/env";
import { appRouter } from "./root";

let cached: ReturnType<typeof generateOpenApiDocument> | undefined;

/** The REST API's OpenAPI document, generated from the tRPC procedures that declare a path. */
export function openApiDocument() {
  cached ??= generateOpenApiDocument(appRouter, {
    title: "Plugboard REST API",
    description:
      "Tenant API: authenticate with `Authorization: Bearer <key>` or `x-api-key: <key>` (Settings → API keys). " +
      "Errors: `{ statusCode, error, message, details?: [{ field, reason, suggestion }] }`.",
    version: "1.0.0",
    baseUrl: new URL("/api/v1", env.BETTER_AUTH_URL).toString(),
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer", description: "Tenant API key" },
      apiKey: { type: "apiKey", in: "header", name: "x-api-key", description: "Tenant API key" },
    },
  });
  return cached;
}
