import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Credentials, GatewayFactory } from "@/server/providers/gateways/base";
import { customWebhookGateway } from "@/server/providers/gateways/custom-webhook";
import { secretFingerprint } from "@/server/providers/gateways/fingerprint";
import { makeGateway } from "@/server/providers/gateways/make";
import { n8nGateway } from "@/server/providers/gateways/n8n";
import { zapierGateway } from "@/server/providers/gateways/zapier";
import { gatewayContext } from "../../helpers/gateway-context";
import { itSurvivesProviderFailures, rejectionOf } from "../../helpers/providers/gateway-cases";
import { type HookFlavour, type HookServer, startHookServer } from "../../helpers/providers/hook-server";
import { unreachableUrl } from "../../helpers/providers/local-server";

const signingSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const otherSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

/** A hook gateway; its API base is unused (deliveries go to the URL in the credentials). */
async function hookGateway(providerId: HookFlavour, factory: GatewayFactory, credentials: Credentials) {
  return factory(await gatewayContext(providerId, "http://127.0.0.1:9", credentials));
}

const lastBody = (server: HookServer) => JSON.parse(server.requests.at(-1)?.body ?? "null") as Credentials;

describe.each([
  { providerId: "zapier" as const, factory: zapierGateway, urlKey: "hookUrl", gone: 410 },
  { providerId: "make" as const, factory: makeGateway, urlKey: "webhookUrl", gone: 410 },
  { providerId: "n8n" as const, factory: n8nGateway, urlKey: "webhookUrl", gone: 404 },
])("$providerId gateway", ({ providerId, factory, urlKey, gone }) => {
  let server: HookServer;
  beforeAll(async () => {
    server = await startHookServer({ flavour: providerId });
  });
  afterAll(() => server.close());
  const gateway = (hookUrl: string) => hookGateway(providerId, factory, { [urlKey]: hookUrl });
  const validate = async (hookUrl: string) => (await gateway(hookUrl)).validateCredentials();

  it("validates by posting a plugboard.ping and fingerprints the URL without its query", async () => {
    const identity = await validate(server.hookUrl);
    expect(identity.accountId).toMatch(new RegExp(`^${server.url}#[0-9a-f]{8}$`));
    const ping = lastBody(server);
    expect(ping).toEqual({ type: "plugboard.ping", timestamp: expect.any(String), data: {} });
    expect(Number.isNaN(Date.parse(String(ping.timestamp)))).toBe(false);
    expect(server.requests.at(-1)?.query.get("source")).toBe("plugboard");
  });

  it("reports an unknown or disabled hook as auth, by its status and not the receiver's words", async () => {
    const error = await rejectionOf(validate(`${server.url}/not-a-hook/`));
    expect([error.type, error.message]).toEqual([
      "auth",
      `refused: HTTP ${gone} (the hook URL is not active)`,
    ]);
  });

  it("refuses a non-http(s) URL without sending anything", async () => {
    const before = server.requests.length;
    expect((await rejectionOf(validate("ftp://127.0.0.1/hook"))).type).toBe("invalid_request");
    expect(server.requests.length).toBe(before);
  });

  it("reports a closed port as unavailable, and succeeds after a 503", async () => {
    const closed = await rejectionOf(validate(`${await unreachableUrl()}/hook`));
    expect(closed).toMatchObject({ type: "unavailable", retryable: true });
    const before = server.requests.length;
    server.failNext(1, 503);
    await validate(server.hookUrl);
    expect(server.requests.length - before).toBe(2);
  });

  it("TRIGGER_WORKFLOW posts the event and payload", async () => {
    const trigger = (await gateway(server.hookUrl)).capabilities?.TRIGGER_WORKFLOW;
    const payload = { invoiceId: "inv_1", amountMinor: 1250 };
    const result = await trigger?.({ event: "invoice.paid", payload });
    expect(result).toMatchObject({ delivered: true, webhookId: expect.stringMatching(/^msg_/) });
    expect(lastBody(server)).toMatchObject({ type: "invoice.paid", data: payload });
  });
});

describe("custom_webhook gateway (Standard Webhooks)", () => {
  let server: HookServer;
  beforeAll(async () => {
    server = await startHookServer({ flavour: "custom_webhook", signingSecret });
  });
  afterAll(() => server.close());
  const gateway = (credentials: Credentials) =>
    hookGateway("custom_webhook", customWebhookGateway, credentials);
  const validate = async (credentials: Credentials) => (await gateway(credentials)).validateCredentials();
  const hookUrlAt = (apiBase: string) => `${apiBase}/plugboard/webhooks`;

  itSurvivesProviderFailures({
    server: () => server,
    validate: (apiBase) => validate({ endpointUrl: hookUrlAt(apiBase ?? server.url), signingSecret }),
    get accountId() {
      return `${server.url}#${secretFingerprint(hookUrlAt(server.url))}`;
    },
  });

  it("delivers a ping the receiver verifies with the standardwebhooks package", async () => {
    const identity = await validate({ endpointUrl: server.hookUrl, signingSecret });
    expect(identity.accountId).toMatch(/^http:\/\/127\.0\.0\.1:\d+#[0-9a-f]{8}$/);
    expect(server.requests.at(-1)?.headers["webhook-signature"]).toMatch(/^v1,/);
  });

  it("is refused when the receiver holds another secret", async () => {
    const error = await rejectionOf(validate({ endpointUrl: server.hookUrl, signingSecret: otherSecret }));
    // The receiver's body ("signature rejected: …") is its own; the tenant sees the classified reason.
    expect(error).toMatchObject({ type: "auth", status: 401, message: "refused: HTTP 401" });
  });

  it("is refused when the body is altered in transit", async () => {
    server.tamperBodies = true;
    try {
      const error = await rejectionOf(validate({ endpointUrl: server.hookUrl, signingSecret }));
      expect(error).toMatchObject({ type: "auth", status: 401 });
    } finally {
      server.tamperBodies = false;
    }
  });

  it("cannot sign without a secret and sends nothing", async () => {
    const before = server.requests.length;
    const error = await rejectionOf(validate({ endpointUrl: server.hookUrl }));
    expect(error).toMatchObject({ type: "invalid_request", message: "signing secret missing" });
    expect(server.requests.length).toBe(before);
  });

  it("TRIGGER_WORKFLOW keeps one signed message id across a retry", async () => {
    const before = server.requests.length;
    server.failNext(1, 503);
    const trigger = (await gateway({ endpointUrl: server.hookUrl, signingSecret })).capabilities
      ?.TRIGGER_WORKFLOW;
    const result = await trigger?.({ event: "customer.created", payload: { id: "cus_1" } });
    expect(result).toMatchObject({ delivered: true });
    const attempts = server.requests.slice(before);
    expect(attempts.map((attempt) => attempt.headers["webhook-id"])).toEqual([
      expect.any(String),
      attempts[0]?.headers["webhook-id"],
    ]);
    expect(lastBody(server)).toMatchObject({ type: "customer.created", data: { id: "cus_1" } });
  });
});
