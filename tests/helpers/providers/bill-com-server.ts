import { randomUUID } from "node:crypto";
import {
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

/**
 * A BILL.com v3 stand-in following BILL's documented contract (developer.bill.com/reference/login): the API
 * lives under `/connect`; `POST /v3/login` takes JSON {username, password, organizationId, devKey} and answers
 * {sessionId, organizationId, userId, trusted}; `POST /v3/logout` takes the `devKey` and `sessionId` headers.
 * Errors are v3's `[{timestamp, code, severity, category, message}]` with BDC_ codes.
 */
export type BillComUser = { username: string; password: string; organizationId: string; devKey: string };

/** Starts the BILL.com stand-in; `users` are the sign-ins it accepts. */
export function startBillComServer(
  users: BillComUser[],
): Promise<LocalProviderServer & { openSessions: Set<string> }> {
  const openSessions = new Set<string>();
  const handle = (request: RecordedRequest): ProviderReply => {
    if (request.method === "POST" && request.path === "/connect/v3/login") return logIn(request);
    if (request.method === "POST" && request.path === "/connect/v3/logout") return logOut(request);
    return billError(404, "BDC_1121", "REQUEST", "API not supported.");
  };
  const logIn = (request: RecordedRequest): ProviderReply => {
    const body = JSON.parse(request.body || "{}") as Partial<BillComUser>;
    const missing = (["username", "password", "organizationId", "devKey"] as const).filter(
      (field) => !body[field],
    );
    if (missing.length > 0)
      return billError(400, "BDC_1001", "REQUEST", `Missing required field: ${missing.join(", ")}`);
    const devKeyKnown = users.some((user) => user.devKey === body.devKey);
    if (!devKeyKnown) return billError(401, "BDC_1102", "REQUEST", "Developer key is invalid.");
    const user = users.find(
      (candidate) =>
        candidate.username === body.username &&
        candidate.password === body.password &&
        candidate.organizationId === body.organizationId,
    );
    if (!user)
      return billError(401, "BDC_1101", "REQUEST", "User name and/or password do not match our records.");
    const sessionId = `!${randomUUID()}`;
    openSessions.add(sessionId);
    return {
      status: 200,
      body: {
        sessionId,
        organizationId: user.organizationId,
        userId: "006SGLPNYBNMZFK0p8u7",
        trusted: false,
      },
    };
  };
  const logOut = (request: RecordedRequest): ProviderReply => {
    const sessionId = String(request.headers.sessionid ?? "");
    const devKeyKnown = users.some((user) => user.devKey === request.headers.devkey);
    if (!devKeyKnown || !openSessions.delete(sessionId)) {
      return billError(401, "BDC_1109", "DOWNSTREAM", "Session is invalid. Please log in.");
    }
    return { status: 200, body: {} };
  };
  return startLocalProviderServer({
    handle,
    basePath: "/connect",
    errorBody: (status) =>
      status === 429
        ? billError(
            429,
            "BDC_1322",
            "APPLICATION",
            "Max number of concurrent requests per organization reached.",
          ).body
        : billError(status, "BDC_1001", "SERVER", "System error occurred.").body,
  }).then((server) => ({ ...server, openSessions }));
}

function billError(status: number, code: string, category: string, message: string): ProviderReply {
  return {
    status,
    body: [{ timestamp: new Date().toISOString(), code, severity: "ERROR", category, message }],
  };
}
