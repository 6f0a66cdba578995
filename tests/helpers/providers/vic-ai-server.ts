import { randomBytes } from "node:crypto";
import {
  bearerTokenOf,
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

/** A Vic.ai OAuth client and the organization its tokens reach. */
export type VicAiClient = {
  clientId: string;
  clientSecret: string;
  organization: { id: string; name: string };
};

/**
 * A Vic.ai stand-in following Vic.ai's API documentation: `POST /v0/token` with JSON {client_id, client_secret}
 * answers {access_token, token_type: "Bearer", expires_in}; `GET /v2/organizations` with the bearer token lists
 * the organizations it can access as {meta: {cursor}, data: [...]}; errors are `{code, message}`.
 */
export function startVicAiServer(clients: VicAiClient[]): Promise<LocalProviderServer> {
  const tokens = new Map<string, VicAiClient>();
  const handle = (request: RecordedRequest): ProviderReply => {
    if (request.method === "POST" && request.path === "/v0/token") {
      const body = JSON.parse(request.body || "{}") as { client_id?: string; client_secret?: string };
      const client = clients.find(
        (candidate) => candidate.clientId === body.client_id && candidate.clientSecret === body.client_secret,
      );
      if (!client) return vicError(401, "Invalid client credentials");
      const accessToken = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(32).toString("base64url")}`;
      tokens.set(accessToken, client);
      return { status: 200, body: { access_token: accessToken, token_type: "Bearer", expires_in: 3600 } };
    }
    if (request.method === "GET" && request.path === "/v2/organizations") {
      const client = tokens.get(bearerTokenOf(request) ?? "");
      if (!client) return vicError(401, "Unauthorized");
      const organization = {
        ...client.organization,
        created_at: "2024-03-01T09:00:00.000Z",
        updated_at: "2025-06-01T09:00:00.000Z",
      };
      return { status: 200, body: { meta: { cursor: null }, data: [organization] } };
    }
    return vicError(404, `No route for ${request.method} ${request.path}`);
  };
  return startLocalProviderServer({
    handle,
    errorBody: (status) =>
      vicError(status, status === 429 ? "Too Many Requests" : "Internal Server Error").body,
  });
}

function vicError(status: number, message: string): ProviderReply {
  return { status, body: { code: status, message } };
}
