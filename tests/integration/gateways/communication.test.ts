import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretFingerprint } from "@/server/providers/gateways/fingerprint";
import { resendGateway } from "@/server/providers/gateways/resend";
import { smtpGateway } from "@/server/providers/gateways/smtp";
import { gatewayContext } from "../../helpers/gateway-context";
import { itSurvivesProviderFailures, rejectionOf } from "../../helpers/providers/gateway-cases";
import { unreachableUrl } from "../../helpers/providers/local-server";
import { type ResendServer, startResendServer } from "../../helpers/providers/resend-server";
import { type LocalSmtpServer, startSmtpServer } from "../../helpers/providers/smtp-server";

const fullAccessKey = "re_full_4f9Qk2LmZx7Vb1Nc";
const sendingOnlyKey = "re_send_8Hs3Jd0PqW5eRt6Y";

describe("resend gateway", () => {
  let server: ResendServer;
  beforeAll(async () => {
    server = await startResendServer({
      keys: { fullAccess: [fullAccessKey], sendingOnly: [sendingOnlyKey] },
      verifiedDomains: ["billing.example.com"],
    });
  });
  afterAll(() => server.close());
  const gateway = async (
    apiKey: string,
    fromAddress = "invoices@billing.example.com",
    apiBase = server.url,
  ) => resendGateway(await gatewayContext("resend", apiBase, { apiKey, fromAddress }));

  itSurvivesProviderFailures({
    server: () => server,
    validate: async (apiBase) => (await gateway(fullAccessKey, undefined, apiBase)).validateCredentials(),
    accountId: `resend:${secretFingerprint(fullAccessKey)}`,
  });

  it("validates a full-access key by listing domains; the id is a key fingerprint", async () => {
    const identity = await (await gateway(fullAccessKey)).validateCredentials();
    expect(identity).toEqual({
      accountId: `resend:${secretFingerprint(fullAccessKey)}`,
      accountName: "full access key",
    });
    expect(identity.accountId).toMatch(/^resend:[0-9a-f]{8}$/);
    expect(server.requests.at(-1)).toMatchObject({ method: "GET", path: "/domains" });
  });

  it("accepts a sending-only key, which Resend recognises but restricts", async () => {
    await expect((await gateway(sendingOnlyKey)).validateCredentials()).resolves.toMatchObject({
      accountName: "sending-only key",
    });
  });

  it("reports an unknown key as auth with Resend's message", async () => {
    const error = await rejectionOf((await gateway("re_wrong_000")).validateCredentials());
    expect(error).toMatchObject({ type: "auth", status: 403, message: "API key is invalid" });
  });

  it("refuses a from address on a domain the account has not verified", async () => {
    const error = await rejectionOf(
      (await gateway(fullAccessKey, "billing@elsewhere.example")).validateCredentials(),
    );
    expect(error).toMatchObject({ type: "invalid_request" });
    expect(error.message).toContain("elsewhere.example");
  });

  it("SEND_NOTIFICATION delivers the email with its text", async () => {
    const send = (await gateway(sendingOnlyKey)).capabilities?.SEND_NOTIFICATION;
    const result = await send?.({ to: "ap@customer.example", text: "Invoice INV-0042 is due on 1 March." });
    const email = server.emails.at(-1);
    expect(result).toEqual({ messageId: email?.id });
    expect(email).toMatchObject({
      from: "invoices@billing.example.com",
      to: "ap@customer.example",
      subject: "Notification from Plugboard",
      text: "Invoice INV-0042 is due on 1 March.",
    });
    expect(server.requests.at(-1)?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("SEND_NOTIFICATION reports Resend's 403 validation_error as a refused request, not as auth", async () => {
    const send = (await gateway(sendingOnlyKey, "billing@elsewhere.example")).capabilities?.SEND_NOTIFICATION;
    const error = await rejectionOf(Promise.resolve(send?.({ to: "ap@customer.example", text: "Hello" })));
    expect(error).toMatchObject({ type: "invalid_request", status: 403 });
    expect(error.message).toContain("domain is not verified");
  });
});

describe("smtp gateway", () => {
  const username = "billing@mail.example";
  const password = "correct horse battery staple";
  let server: LocalSmtpServer;
  beforeAll(async () => {
    server = await startSmtpServer({ username, password });
  });
  afterAll(() => server.close());
  const gateway = async (overrides: Record<string, unknown> = {}) =>
    smtpGateway(
      await gatewayContext("smtp", server.url, {
        host: server.host,
        port: server.port,
        secure: false,
        username,
        password,
        fromAddress: "billing@mail.example",
        ...overrides,
      }),
    );

  it("validates by logging in; the id names user, host and port", async () => {
    await expect((await gateway()).validateCredentials()).resolves.toEqual({
      accountId: `${username}@127.0.0.1:${server.port}`,
    });
  });

  it("reports a wrong password as auth with the reply code, not the server's reply text", async () => {
    const error = await rejectionOf((await gateway({ password: "wrong" })).validateCredentials());
    expect(error).toMatchObject({ type: "auth", message: "authentication failed (SMTP 535)" });
  });

  it("reports a closed port as unavailable", async () => {
    const closedPort = Number(new URL(await unreachableUrl()).port);
    const error = await rejectionOf((await gateway({ port: closedPort })).validateCredentials());
    expect(error).toMatchObject({ type: "unavailable", retryable: true });
  });

  it("SEND_NOTIFICATION delivers the message, authenticated, with its text", async () => {
    const send = (await gateway()).capabilities?.SEND_NOTIFICATION;
    const result = await send?.({
      to: "ap@customer.example",
      subject: "Invoice INV-0042",
      text: "Due on 1 March.",
    });
    expect(result).toEqual({ messageId: expect.stringMatching(/^<.+@.+>$/) });
    const mail = server.requests.at(-1);
    expect(mail).toMatchObject({
      authenticatedAs: username,
      from: "billing@mail.example",
      to: ["ap@customer.example"],
    });
    expect(mail?.raw).toContain("Subject: Invoice INV-0042");
    expect(mail?.raw).toContain("Due on 1 March.");
  });
});
