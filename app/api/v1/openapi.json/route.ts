// GET /api/v1/openapi.json – the OpenAPI document of the REST API, generated from the procedures.
import { openApiDocument } from "@/server/api/openapi";

export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
