import { ProviderError } from "../errors";
import { type AccountIdentity, type GatewayFactory, HttpGateway } from "./base";

/** Vic.ai's answer to `POST /v0/token` (client credentials, docs.vic.ai "Authentication"). */
type AccessTokenResponse = { access_token: string; token_type: "Bearer"; expires_in: number };

/** An organization as `GET /v2/organizations` lists it. */
type Organization = { id: string; name?: string };

/** Refresh the token this long before Vic.ai says it expires. */
const tokenExpiryMarginMs = 60_000;

/**
 * Vic.ai: the client id and secret are exchanged for a bearer token (JSON `{client_id, client_secret}`, as
 * Vic.ai documents it; the docs name no API-key header), then the token reads the organization it can access.
 */
class VicAiGateway extends HttpGateway {
  private token?: { value: string; expiresAt: number };

  protected override async authHeaders(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.accessToken()}` };
  }

  async validateCredentials(): Promise<AccountIdentity> {
    const { data = [] } = await this.request<{ data?: Organization[] }>("GET", "/v2/organizations", {
      query: { size: 1 },
    });
    const organization = data[0];
    if (!organization)
      throw new ProviderError("not_found", "Vic.ai returned no organization for these credentials");
    return { accountId: organization.id, accountName: organization.name };
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const response = await this.request<AccessTokenResponse>("POST", "/v0/token", {
      anonymous: true,
      json: { client_id: this.credential("clientId"), client_secret: this.credential("clientSecret") },
    });
    this.token = {
      value: response.access_token,
      expiresAt: Date.now() + response.expires_in * 1000 - tokenExpiryMarginMs,
    };
    return this.token.value;
  }
}

/** Builds the Vic.ai gateway for one integration. */
export const vicAiGateway: GatewayFactory = (ctx) => new VicAiGateway(ctx);
