import {
  bearerTokenOf,
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

/** An organization the Melio stand-in serves, reachable with `apiKey`. */
export type MelioOrganization = { id: string; name: string; apiKey: string };

/**
 * A Melio partner API stand-in following Melio's partner documentation: Bearer API key, `GET /v1/organizations`
 * with a required filter (`ids`), cursor pagination `{items, hasMore}`, and 403 with INVALID_AUTHENTICATION_TOKEN
 * or MISSING_AUTHORIZATION_HEADER for bad or missing keys.
 */
export function startMelioServer(organizations: MelioOrganization[]): Promise<LocalProviderServer> {
  const handle = (request: RecordedRequest): ProviderReply => {
    if (request.method !== "GET" || request.path !== "/v1/organizations") {
      return melioError(404, "NOT_FOUND", `No route for ${request.method} ${request.path}`);
    }
    const apiKey = bearerTokenOf(request);
    if (!apiKey) return melioError(403, "MISSING_AUTHORIZATION_HEADER", "Authorization header is missing");
    const visible = organizations.filter((organization) => organization.apiKey === apiKey);
    if (visible.length === 0)
      return melioError(403, "INVALID_AUTHENTICATION_TOKEN", "API key is invalid or expired");
    const ids = request.query.get("ids")?.split(",");
    if (!ids) return melioError(400, "VALIDATION_ERROR", "At least one filter parameter is required");
    const limit = Number(request.query.get("limit") ?? 20);
    const matching = visible.filter((organization) => ids.includes(organization.id));
    const items = matching
      .slice(0, limit)
      .map(({ id, name }) => ({ id, name, createdAt: "2025-01-15T10:00:00.000Z" }));
    return { status: 200, body: { items, hasMore: matching.length > limit } };
  };
  return startLocalProviderServer({
    handle,
    errorBody: (status) =>
      melioError(
        status,
        status === 429 ? "TOO_MANY_REQUESTS" : "INTERNAL_ERROR",
        "Request could not be completed",
      ).body,
  });
}

function melioError(status: number, code: string, message: string): ProviderReply {
  return { status, body: { code, message } };
}
