import { randomUUID } from "node:crypto";
import { ProviderError } from "../errors";
import { type AccountIdentity, type GatewayFactory, HttpGateway, messageOf } from "./base";
import { secretFingerprint } from "./fingerprint";

/** Resend answers 401 `restricted_api_key` when a sending-only key calls anything but POST /emails. */
class RestrictedKeyError extends ProviderError {}

const defaultSubject = "Notification from Plugboard";

type DomainList = { data?: { name?: unknown; status?: unknown }[] };

/** Resend (resend.com/docs/api-reference): Bearer API key; errors are `{statusCode, name, message}`. */
class ResendGateway extends HttpGateway {
  /** SEND_NOTIFICATION sends a plain-text email from the integration's fromAddress. */
  readonly capabilities = {
    SEND_NOTIFICATION: (parameters: Record<string, unknown>) => this.sendNotification(parameters),
  };

  protected override authHeaders(): Record<string, string> {
    // Resend rejects requests without a User-Agent (403, error 1010).
    return { authorization: `Bearer ${this.credential("apiKey")}`, "user-agent": "Plugboard" };
  }

  /** Lists domains (a free read) and checks the from address is on a verified one. */
  async validateCredentials(): Promise<AccountIdentity> {
    const apiKey = this.credential("apiKey");
    let accountName = "full access key";
    try {
      const domains = await this.request<DomainList | null>("GET", "/domains", { query: { limit: 100 } });
      this.checkFromDomain(domains?.data ?? []);
    } catch (error) {
      // A sending-only key is genuine (Resend recognised it) and is all SEND_NOTIFICATION needs.
      if (!(error instanceof RestrictedKeyError)) throw error;
      accountName = "sending-only key";
    }
    // Resend has no endpoint naming the account or team behind a key, so the id is a key fingerprint.
    return { accountId: `resend:${secretFingerprint(apiKey)}`, accountName };
  }

  private checkFromDomain(domains: { name?: unknown; status?: unknown }[]): void {
    const fromDomain = this.credential("fromAddress").split("@").pop()?.toLowerCase() ?? "";
    // resend.dev is Resend's shared testing domain, usable by every account.
    if (fromDomain === "resend.dev") return;
    const verified = domains.some((domain) => domain.name === fromDomain && domain.status === "verified");
    if (!verified) {
      throw new ProviderError(
        "invalid_request",
        `${fromDomain} is not a verified domain in this Resend account`,
      );
    }
  }

  private async sendNotification(parameters: Record<string, unknown>): Promise<{ messageId: string }> {
    const { to, subject, text } = parameters;
    if (typeof to !== "string" || !to) throw new ProviderError("invalid_request", "to is required");
    if (typeof text !== "string" || !text) throw new ProviderError("invalid_request", "text is required");
    const email = {
      from: this.credential("fromAddress"),
      to,
      subject: typeof subject === "string" && subject ? subject : defaultSubject,
      text,
    };
    // The idempotency key makes the base class's retries safe: Resend sends the email once.
    const sent = await this.request<{ id?: unknown } | null>("POST", "/emails", {
      json: email,
      headers: { "idempotency-key": randomUUID() },
    });
    if (typeof sent?.id !== "string")
      throw new ProviderError("unknown", "Resend accepted the email but returned no id");
    return { messageId: sent.id };
  }

  protected override parseError(status: number, body: unknown, headers: Headers): ProviderError {
    const name = body && typeof body === "object" ? (body as { name?: unknown }).name : undefined;
    if (status === 401 && name === "restricted_api_key") {
      return new RestrictedKeyError("auth", messageOf(body) ?? "restricted API key", { status });
    }
    // Resend also answers 403 validation_error (unverified sender domain, testing-only recipients).
    if (name === "validation_error")
      return new ProviderError("invalid_request", messageOf(body) ?? name, { status });
    return super.parseError(status, body, headers);
  }
}

/** Resend gateway factory. */
export const resendGateway: GatewayFactory = (ctx) => new ResendGateway(ctx);
