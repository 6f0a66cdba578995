import { describe, expect, it } from "vitest";
import { paypalGateway } from "@/server/providers/gateways/paypal";
import { squareGateway } from "@/server/providers/gateways/square";
import { stripeGateway } from "@/server/providers/gateways/stripe";
import { gatewayContext } from "../../helpers/gateway-context";
import * as cases from "../../helpers/providers/gateway-cases";
import { type PaypalApp, startPaypalServer } from "../../helpers/providers/paypal-server";
import { squarePrismInBackground, startSquareServer } from "../../helpers/providers/square-server";
import { startStripeServer } from "../../helpers/providers/stripe-server";

// Prism needs ~15 s to load Square's spec; it starts now and the Stripe and PayPal cases run meanwhile.
const squarePrism = squarePrismInBackground();

describe("Stripe gateway against a stand-in that checks every request with Stripe's OpenAPI spec", () => {
  const secretKey = "sk_test_51PlugboardLocalKey4242";
  const account = { accountId: "acct_1Nnlp9GPxmnHQRkJ", accountName: "site@stripe.com" }; // the spec's fixture
  const server = cases.useProviderServer(() => startStripeServer({ apiKeys: [secretKey] }));
  const validate = async (apiBase = server().url, key = secretKey) =>
    stripeGateway(await gatewayContext("stripe", apiBase, { secretKey: key })).validateCredentials();

  it("proves a valid key with GET /v1/account and names the account", async () => {
    await expect(validate()).resolves.toEqual(account);
    expect(server().requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/account", body: "" });
    expect(server().requests.at(-1)?.headers.authorization).toBe(`Bearer ${secretKey}`);
  });

  it("reports a wrong key as an auth error with Stripe's message", async () => {
    const error = await cases.rejectionOf(validate(server().url, "sk_test_51WrongKey9999"));
    expect(error).toMatchObject({
      type: "auth",
      status: 401,
      message: "Invalid API Key provided: sk_test_****9999",
    });
  });

  it("reports a 429 that Stripe does not mark retryable as rate_limited with its Retry-After", async () => {
    server().failNext(1, 429, { "retry-after": "7" });
    const error = await cases.rejectionOf(validate());
    expect(error).toMatchObject({ type: "rate_limited", retryable: true, retryAfterSeconds: 7 });
  });

  // The SDK retries a 429 only when Stripe sends Stripe-Should-Retry, after its own backoff (at least 0.5 s).
  cases.itSurvivesProviderFailures({
    server,
    validate,
    accountId: account.accountId,
    rateLimitHeaders: { "stripe-should-retry": "true" },
    minimumRateLimitWaitMs: 500,
  });

  it("sent only requests that Stripe's spec accepts", () => {
    expect(server().requests.length).toBeGreaterThanOrEqual(8);
    expect(server().validationFailures).toEqual([]);
  });

  it("has a stand-in that really rejects what the spec rejects", async () => {
    const headers = { authorization: `Bearer ${secretKey}` };
    const response = await fetch(`${server().url}/v1/account?expand[0]=settings&bogus=1`, { headers });
    expect(response.status).toBe(400);
    expect(server().validationFailures).toEqual(["GET /v1/account: Received unknown parameter: query.bogus"]);
    expect((await fetch(`${server().url}/v1/nothing-here`, { headers })).status).toBe(404);
  });
});

describe("PayPal gateway against PayPal's documented OAuth token endpoint", () => {
  const app: PaypalApp = {
    clientId: "AbPlugboard",
    clientSecret: "EPlugboard",
    appId: "APP-80W284485P519543T",
  };
  const appWithoutId: PaypalApp = { clientId: "AbOtherClient", clientSecret: "EOtherSecret" };
  const server = cases.useProviderServer(() => startPaypalServer([app, appWithoutId]));
  type Credentials = Partial<PaypalApp> & { environment?: string };
  const validate = async (apiBase = server().url, credentials: Credentials = app) =>
    paypalGateway(
      await gatewayContext("paypal", apiBase, { environment: "live", ...credentials }),
    ).validateCredentials();

  it("exchanges the client id and secret for a token and identifies the app", async () => {
    await expect(validate()).resolves.toEqual({ accountId: app.appId });
    const request = server().requests.at(-1);
    expect(request).toMatchObject({
      method: "POST",
      path: "/v1/oauth2/token",
      body: "grant_type=client_credentials",
    });
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const basic = Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64");
    expect(request?.headers.authorization).toBe(`Basic ${basic}`);
  });

  it("falls back to the client id when PayPal sends no app_id", async () => {
    await expect(validate(server().url, appWithoutId)).resolves.toEqual({ accountId: appWithoutId.clientId });
  });

  it("reports wrong credentials as an auth error with PayPal's description", async () => {
    const error = await cases.rejectionOf(validate(server().url, { ...app, clientSecret: "wrong" }));
    expect(error).toMatchObject({ type: "auth", status: 401, message: "Client Authentication failed" });
  });

  it("uses the sandbox host for sandbox apps unless the API base was overridden", async () => {
    const token = { access_token: "A21AA", token_type: "Bearer", expires_in: 1, app_id: "APP-1" };
    const sandboxApp = { ...app, environment: "sandbox" };
    const live = "https://api-m.paypal.com";
    const sandboxUrl = await cases.firstUrlFetched(() => validate(live, sandboxApp), token);
    expect(sandboxUrl).toBe("https://api-m.sandbox.paypal.com/v1/oauth2/token");
    expect(await cases.firstUrlFetched(() => validate(live, app), token)).toBe(`${live}/v1/oauth2/token`);
    await expect(validate(server().url, sandboxApp)).resolves.toEqual({ accountId: app.appId });
  });

  cases.itSurvivesProviderFailures({ server, validate, accountId: "APP-80W284485P519543T" });
});

describe("Square gateway against Prism (Square's OpenAPI spec) and a stand-in for failures", () => {
  const accessToken = "EAAAlPlugboardSandboxToken";
  const merchant = { accountId: "3MYCJG5GVYQ8Q", accountName: "Jet Fuel Coffee" }; // the spec's example
  const server = cases.useProviderServer(() => startSquareServer({ accessTokens: [accessToken] }));
  const validate = async (apiBase = server().url, token = accessToken) =>
    squareGateway(await gatewayContext("square", apiBase, { accessToken: token })).validateCredentials();

  it("lists locations on Prism and takes the merchant id of the first one", async () => {
    await expect(validate((await squarePrism()).url)).resolves.toEqual(merchant);
  });

  it("sends the bearer token and a Square-Version header", async () => {
    await expect(validate()).resolves.toEqual(merchant);
    const request = server().requests.at(-1);
    expect(request).toMatchObject({ method: "GET", path: "/v2/locations" });
    expect(request?.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(request?.headers["square-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("reports a wrong token as an auth error with Square's detail", async () => {
    const error = await cases.rejectionOf(validate(server().url, "EAAAlWrong"));
    expect(error).toMatchObject({
      type: "auth",
      status: 401,
      message: "This request could not be authorized.",
    });
  });

  cases.itSurvivesProviderFailures({ server, validate, accountId: merchant.accountId });
});
