import { type AccountIdentity, type GatewayContext, type GatewayFactory, HttpGateway } from "./base";

const productionApiBase = "https://api-m.paypal.com";
const sandboxApiBase = "https://api-m.sandbox.paypal.com";

/** PayPal's answer to a client-credentials token request (developer.paypal.com/api/rest/authentication). */
type AccessTokenResponse = {
  scope: string;
  access_token: string;
  token_type: "Bearer";
  app_id?: string;
  expires_in: number;
  nonce: string;
};

/**
 * PayPal REST: the client id and secret are proven by exchanging them for an access token. Sandbox apps talk
 * to the sandbox host unless the API base was overridden (an override always wins).
 */
class PaypalGateway extends HttpGateway {
  constructor(ctx: GatewayContext) {
    const useSandbox = ctx.credentials.environment === "sandbox" && ctx.apiBase === productionApiBase;
    super(useSandbox ? { ...ctx, apiBase: sandboxApiBase } : ctx);
  }

  async validateCredentials(): Promise<AccountIdentity> {
    const clientId = this.credential("clientId");
    const basic = Buffer.from(`${clientId}:${this.credential("clientSecret")}`).toString("base64");
    const token = await this.request<AccessTokenResponse>("POST", "/v1/oauth2/token", {
      anonymous: true,
      headers: { authorization: `Basic ${basic}` },
      form: { grant_type: "client_credentials" },
    });
    return { accountId: token.app_id || clientId };
  }
}

/** Builds the PayPal gateway for one integration. */
export const paypalGateway: GatewayFactory = (ctx) => new PaypalGateway(ctx);
