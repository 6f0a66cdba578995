import { type AccountIdentity, type GatewayFactory, HttpGateway } from "./base";

/** A Glean.ai workspace as its API describes it. */
type Workspace = { id?: string; name?: string };

/**
 * Glean.ai (AP spend intelligence): the API key is proven by reading its workspace. Assumption (Glean.ai
 * publishes no public API reference): `GET /v1/workspaces/{workspaceId}` with `Authorization: Bearer <api key>`.
 */
class GleanAiGateway extends HttpGateway {
  protected override authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.credential("apiKey")}` };
  }

  async validateCredentials(): Promise<AccountIdentity> {
    const workspaceId = this.credential("workspaceId");
    const workspace = await this.request<Workspace>(
      "GET",
      `/v1/workspaces/${encodeURIComponent(workspaceId)}`,
    );
    return { accountId: workspace.id || workspaceId, accountName: workspace.name };
  }
}

/** Builds the Glean.ai gateway for one integration. */
export const gleanAiGateway: GatewayFactory = (ctx) => new GleanAiGateway(ctx);
