import { describe, expect, it } from "vitest";
import { billComGateway } from "@/server/providers/gateways/bill-com";
import { gleanAiGateway } from "@/server/providers/gateways/glean-ai";
import { melioGateway } from "@/server/providers/gateways/melio";
import { vicAiGateway } from "@/server/providers/gateways/vic-ai";
import { gatewayContext } from "../../helpers/gateway-context";
import { startBillComServer } from "../../helpers/providers/bill-com-server";
import * as cases from "../../helpers/providers/gateway-cases";
import { startGleanAiServer } from "../../helpers/providers/glean-ai-server";
import { startMelioServer } from "../../helpers/providers/melio-server";
import { startVicAiServer } from "../../helpers/providers/vic-ai-server";

describe("BILL.com gateway against BILL's documented v3 login", () => {
  const user = {
    username: "ap@acme.test",
    password: "s3cret!",
    organizationId: "00801ABCDEFG",
    devKey: "01DK",
  };
  const { devKey, ...signIn } = user;
  const server = cases.useProviderServer(() => startBillComServer([user]));
  const validate = async (apiBase = server().url, overrides: Record<string, unknown> = {}) => {
    const credentials = { ...signIn, apiKey: devKey, sandboxMode: false, ...overrides };
    return billComGateway(await gatewayContext("bill_com", apiBase, credentials)).validateCredentials();
  };

  it("signs in with the documented JSON body, identifies the organization and signs out", async () => {
    const before = server().requests.length;
    await expect(validate()).resolves.toEqual({ accountId: user.organizationId });
    const [login, logout] = server().requests.slice(before);
    expect(login).toMatchObject({ method: "POST", path: "/connect/v3/login" });
    expect(JSON.parse(login?.body ?? "")).toEqual(user);
    expect(logout).toMatchObject({ method: "POST", path: "/connect/v3/logout" });
    expect(logout?.headers).toMatchObject({ devkey: devKey, sessionid: expect.stringMatching(/^!/) });
    expect(server().openSessions.size).toBe(0);
  });

  it("reports a wrong password or developer key as an auth error with BILL's message", async () => {
    const wrongPassword = await cases.rejectionOf(validate(server().url, { password: "nope" }));
    const message = "User name and/or password do not match our records.";
    expect(wrongPassword).toMatchObject({ type: "auth", status: 401, message });
    const wrongKey = await cases.rejectionOf(validate(server().url, { apiKey: "wrong" }));
    expect(wrongKey).toMatchObject({ type: "auth", message: "Developer key is invalid." });
  });

  it("reads BILL's {error_code, error_message} error shape too", async () => {
    const message = "User name and/or password do not match.";
    server().failNext(1, 400, {}, { error_code: "BDC_1101", error_message: message });
    await expect(cases.rejectionOf(validate())).resolves.toMatchObject({
      type: "auth",
      status: 400,
      message,
    });
  });

  it("uses the stage gateway in sandbox mode unless the API base was overridden", async () => {
    const session = { sessionId: "!s", organizationId: user.organizationId };
    const production = "https://gateway.prod.bill.com/connect";
    const sandbox = await cases.firstUrlFetched(() => validate(production, { sandboxMode: true }), session);
    expect(sandbox).toBe("https://gateway.stage.bill.com/connect/v3/login");
    expect(await cases.firstUrlFetched(() => validate(production), session)).toBe(`${production}/v3/login`);
    const overridden = await validate(server().url, { sandboxMode: true });
    expect(overridden).toEqual({ accountId: user.organizationId });
  });

  const twoRequests = { requestsPerValidation: 2 }; // login and logout
  cases.itSurvivesProviderFailures({ server, validate, accountId: user.organizationId, ...twoRequests });
});

describe("Melio gateway against Melio's documented partner API", () => {
  const organization = { id: "org_7Hq2XkPlugboard", name: "Acme Supplies LLC", apiKey: "melio_live_key" };
  const otherPartners = { id: "org_other", name: "Other", apiKey: "other_key" };
  const server = cases.useProviderServer(() => startMelioServer([organization, otherPartners]));
  const validate = async (
    apiBase = server().url,
    apiKey = organization.apiKey,
    accountId = organization.id,
  ) => melioGateway(await gatewayContext("melio", apiBase, { apiKey, accountId })).validateCredentials();

  it("reads the connected organization with the bearer key", async () => {
    await expect(validate()).resolves.toEqual({ accountId: organization.id, accountName: organization.name });
    const request = server().requests.at(-1);
    expect(request).toMatchObject({ method: "GET", path: "/v1/organizations" });
    expect(request?.query.get("ids")).toBe(organization.id);
    expect(request?.headers.authorization).toBe(`Bearer ${organization.apiKey}`);
  });

  it("reports a wrong key as an auth error and another partner's account as not found", async () => {
    const wrongKey = await cases.rejectionOf(validate(server().url, "melio_wrong"));
    expect(wrongKey).toMatchObject({ type: "auth", status: 403, message: "API key is invalid or expired" });
    const otherAccount = await cases.rejectionOf(
      validate(server().url, organization.apiKey, otherPartners.id),
    );
    expect(otherAccount.type).toBe("not_found");
  });

  cases.itSurvivesProviderFailures({ server, validate, accountId: organization.id });
});

describe("Vic.ai gateway against Vic.ai's documented token exchange", () => {
  const organization = { id: "5b1c7e0e-6a1f-4c2d-9f3e-2a7d8c9b0e11", name: "Acme Holdings" };
  const client = { clientId: "vic-client-1", clientSecret: "vic-secret-1", organization };
  const server = cases.useProviderServer(() => startVicAiServer([client]));
  const validate = async (apiBase = server().url, clientSecret = client.clientSecret) => {
    const credentials = { apiKey: "vic-api-key", clientId: client.clientId, clientSecret };
    return vicAiGateway(await gatewayContext("vic_ai", apiBase, credentials)).validateCredentials();
  };

  it("exchanges the client credentials for a token and reads the organization with it", async () => {
    const before = server().requests.length;
    await expect(validate()).resolves.toEqual({ accountId: organization.id, accountName: organization.name });
    const [tokenRequest, organizationsRequest] = server().requests.slice(before);
    expect(tokenRequest).toMatchObject({ method: "POST", path: "/v0/token" });
    const tokenBody = { client_id: client.clientId, client_secret: client.clientSecret };
    expect(JSON.parse(tokenRequest?.body ?? "")).toEqual(tokenBody);
    expect(tokenRequest?.headers.authorization).toBeUndefined();
    expect(organizationsRequest).toMatchObject({ method: "GET", path: "/v2/organizations" });
    expect(organizationsRequest?.headers.authorization).toMatch(/^Bearer eyJ/);
  });

  it("reports a wrong secret as an auth error with Vic.ai's message", async () => {
    const error = await cases.rejectionOf(validate(server().url, "wrong"));
    expect(error).toMatchObject({ type: "auth", status: 401, message: "Invalid client credentials" });
  });

  const twoRequests = { requestsPerValidation: 2 }; // token and organizations
  cases.itSurvivesProviderFailures({ server, validate, accountId: organization.id, ...twoRequests });
});

describe("Glean.ai gateway against the assumed workspace endpoint", () => {
  const workspace = { id: "ws_acme", name: "Acme AP", apiKey: "glean_key_1" };
  const server = cases.useProviderServer(() => startGleanAiServer([workspace]));
  const validate = async (apiBase = server().url, apiKey = workspace.apiKey) =>
    gleanAiGateway(
      await gatewayContext("glean_ai", apiBase, { apiKey, workspaceId: workspace.id }),
    ).validateCredentials();

  it("reads the workspace with the bearer key", async () => {
    await expect(validate()).resolves.toEqual({ accountId: workspace.id, accountName: workspace.name });
    expect(server().requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/workspaces/ws_acme" });
    expect(server().requests.at(-1)?.headers.authorization).toBe(`Bearer ${workspace.apiKey}`);
  });

  it("reports a wrong key as an auth error with Glean.ai's message", async () => {
    const error = await cases.rejectionOf(validate(server().url, "wrong"));
    expect(error).toMatchObject({ type: "auth", status: 401, message: "Invalid API key" });
  });

  cases.itSurvivesProviderFailures({ server, validate, accountId: workspace.id });
});
