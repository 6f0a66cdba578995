import { ProviderError } from "../errors";
import { type AccountIdentity, type GatewayFactory, HttpGateway } from "./base";

/** An organization as Melio's partner API lists it. */
type Organization = { id: string; name?: string };

/**
 * Melio: the API key is proven by reading the connected organization. Assumption (Melio publishes its partner
 * API only to partners): partner-api.melio.com, `Authorization: Bearer <api key>`, `GET /v1/organizations`
 * filtered by `ids`, answering `{items, hasMore}`, 403 INVALID_AUTHENTICATION_TOKEN for a bad key.
 */
class MelioGateway extends HttpGateway {
  protected override authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.credential("apiKey")}` };
  }

  async validateCredentials(): Promise<AccountIdentity> {
    const accountId = this.credential("accountId");
    const { items = [] } = await this.request<{ items?: Organization[] }>("GET", "/v1/organizations", {
      query: { ids: accountId, limit: 1 },
    });
    const organization = items.find((item) => item.id === accountId);
    if (!organization) {
      throw new ProviderError("not_found", `Melio account ${accountId} is not reachable with this API key`);
    }
    return { accountId: organization.id, accountName: organization.name };
  }
}

/** Builds the Melio gateway for one integration. */
export const melioGateway: GatewayFactory = (ctx) => new MelioGateway(ctx);
