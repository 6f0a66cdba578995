import { type LocalProviderServer, startLocalProviderServer } from "./local-server";

/** Two organisations behind one Xero consent, as GET /connections lists them (xero-identity.yaml). */
export const xeroOrganisations = [
  {
    id: "7cb3f1a4-9c3e-4a1e-9d8e-2b1f5d6a7c01",
    tenantId: "a3f1c6d2-1111-4c5b-9e7a-0f2b3c4d5e61",
    tenantType: "ORGANISATION",
    tenantName: "Acme Field Services Ltd",
  },
  {
    id: "7cb3f1a4-9c3e-4a1e-9d8e-2b1f5d6a7c02",
    tenantId: "b4e2d7c3-2222-4d6c-8f9b-1a3c4d5e6f72",
    tenantType: "ORGANISATION",
    tenantName: "Acme Demo Company (UK)",
  },
];

/** Xero's identity API stand-in: `GET /connections` with a bearer token, answering Xero's shape. */
export function startXeroConnectionsServer(): Promise<LocalProviderServer> {
  return startLocalProviderServer({
    handle: (request) => {
      if (request.method !== "GET" || request.path !== "/connections")
        return { status: 404, body: { Title: "Not Found", Status: 404 } };
      if (!/^Bearer \S+/.test(String(request.headers.authorization ?? "")))
        return { status: 401, body: { Title: "Unauthorized", Status: 401, Detail: "TokenInvalid" } };
      return {
        status: 200,
        body: xeroOrganisations.map((organisation) => ({
          ...organisation,
          authEventId: "d99ecdfe-0000-4000-8000-000000000001",
          createdDateUtc: "2026-11-01T10:00:00.0000000",
          updatedDateUtc: "2026-11-01T10:00:00.0000000",
        })),
      };
    },
    errorBody: (status) => ({ Title: "Error", Status: status }),
  });
}
