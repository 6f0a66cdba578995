import { ProviderError } from "../errors";
import { type AccountIdentity, type GatewayFactory, HttpGateway, messageOf } from "./base";

/** A verification id that cannot exist; asking for it is a read that costs no credits. */
const probeVerificationId = "00000000-0000-0000-0000-000000000000";

/**
 * LEM Verify (https://developer.lemverify.com): every call names the account in the path
 * (`/api/v1/{accountId}/…`) and authenticates with the case-sensitive `x-lem-key` header; errors are
 * `{type, message}` (401 unauthorized, 404 verification_not_found, 422 validation_error).
 */
/** LEM's 404 `verification_not_found`: for the probe below it means the key was accepted. */
class VerificationNotFoundError extends ProviderError {}

class LemVerifyGateway extends HttpGateway {
  protected override authHeaders(): Record<string, string> {
    return { "x-lem-key": this.credential("apiKey") };
  }

  /**
   * LEM Verify documents no account or balance read, and every create call spends credits. The cheapest
   * authenticated read is the document-download lookup: for a verification that does not exist an
   * accepted key gets 404 verification_not_found, a wrong key gets 401 unauthorized.
   */
  async validateCredentials(): Promise<AccountIdentity> {
    const accountId = this.credential("accountId");
    const account = encodeURIComponent(accountId);
    const path = `/integrations/v1/webhooks/${account}/document/${probeVerificationId}/url`;
    try {
      await this.request<unknown>("GET", path);
    } catch (error) {
      if (!(error instanceof VerificationNotFoundError)) throw error;
    }
    return { accountId: `lem_verify:${accountId}` };
  }

  /** LEM's `{type, message}` errors; 401 also covers "insufficient credits" and unapproved services. */
  protected override parseError(status: number, body: unknown, headers: Headers): ProviderError {
    const type = body && typeof body === "object" ? (body as { type?: unknown }).type : undefined;
    if (status === 404 && type === "verification_not_found") {
      return new VerificationNotFoundError("not_found", messageOf(body) ?? type, { status });
    }
    if (status === 401) return new ProviderError("auth", messageOf(body) ?? "unauthorized", { status });
    if (status === 422)
      return new ProviderError("invalid_request", messageOf(body) ?? "validation_error", { status });
    return super.parseError(status, body, headers);
  }
}

/** LEM Verify gateway factory. */
export const lemVerifyGateway: GatewayFactory = (ctx) => new LemVerifyGateway(ctx);
