import {
  bearerTokenOf,
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

/** A Glean.ai workspace the stand-in serves, readable with `apiKey`. */
export type GleanWorkspace = { id: string; name: string; apiKey: string };

/**
 * A Glean.ai stand-in for the contract the gateway assumes (Glean.ai publishes no public API reference):
 * `GET /v1/workspaces/{workspaceId}` with `Authorization: Bearer <api key>` answers the workspace; a wrong key
 * is a 401 and a workspace the key cannot see is a 404, both as `{error, message}`.
 */
export function startGleanAiServer(workspaces: GleanWorkspace[]): Promise<LocalProviderServer> {
  const handle = (request: RecordedRequest): ProviderReply => {
    const workspaceId = /^\/v1\/workspaces\/([^/]+)$/.exec(request.path)?.[1];
    if (request.method !== "GET" || !workspaceId) return gleanError(404, "not_found", "Not found");
    const apiKey = bearerTokenOf(request);
    if (!workspaces.some((workspace) => workspace.apiKey === apiKey)) {
      return gleanError(401, "unauthorized", "Invalid API key");
    }
    const workspace = workspaces.find(
      (candidate) => candidate.apiKey === apiKey && candidate.id === decodeURIComponent(workspaceId),
    );
    if (!workspace) return gleanError(404, "not_found", "Workspace not found");
    return { status: 200, body: { id: workspace.id, name: workspace.name, currency: "USD" } };
  };
  return startLocalProviderServer({
    handle,
    errorBody: (status) =>
      gleanError(status, status === 429 ? "rate_limited" : "internal_error", "Please retry").body,
  });
}

function gleanError(status: number, error: string, message: string): ProviderReply {
  return { status, body: { error, message } };
}
