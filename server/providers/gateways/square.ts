import { ProviderError } from "../errors";
import { type AccountIdentity, type GatewayFactory, HttpGateway } from "./base";

/** The Square API version this gateway speaks (the version of the spec its tests run against). */
const squareVersion = "2025-08-20";

/** The fields of a Square Location this gateway reads (ListLocations response). */
type Location = { id: string; merchant_id?: string; business_name?: string; name?: string };

/**
 * Square: an access token is proven by listing the seller's locations; the merchant id of the first one
 * identifies the account. Square's errors (`{"errors":[{category, code, detail}]}`) are read by messageOf.
 */
class SquareGateway extends HttpGateway {
  protected override authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.credential("accessToken")}`, "square-version": squareVersion };
  }

  async validateCredentials(): Promise<AccountIdentity> {
    const { locations = [] } = await this.request<{ locations?: Location[] }>("GET", "/v2/locations");
    const location = locations[0];
    if (!location?.merchant_id) {
      throw new ProviderError("not_found", "Square returned no location for this access token");
    }
    return { accountId: location.merchant_id, accountName: location.business_name || location.name };
  }
}

/** Builds the Square gateway for one integration. */
export const squareGateway: GatewayFactory = (ctx) => new SquareGateway(ctx);
