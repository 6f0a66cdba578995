import Stripe from "stripe";
import { ProviderError } from "../errors";
import {
  type AccountIdentity,
  type Gateway,
  type GatewayContext,
  type GatewayFactory,
  retryAfterOf,
  retryPolicy,
} from "./base";

/**
 * Stripe through its official SDK, pointed at ctx.apiBase. The SDK owns retries (network errors, 409, 5xx and
 * 429s that Stripe marks with `Stripe-Should-Retry: true`); everything it gives up on becomes a ProviderError.
 */
class StripeGateway implements Gateway {
  private sdk?: Stripe;

  constructor(private readonly ctx: GatewayContext) {}

  async validateCredentials(): Promise<AccountIdentity> {
    try {
      const account = await this.client().accounts.retrieve(null);
      const accountName =
        account.settings?.dashboard?.display_name ||
        account.business_profile?.name ||
        account.email ||
        undefined;
      return { accountId: account.id, accountName };
    } catch (error) {
      throw providerErrorOf(error);
    }
  }

  private client(): Stripe {
    const secretKey = this.ctx.credentials.secretKey;
    if (typeof secretKey !== "string" || !secretKey) {
      throw new ProviderError("invalid_request", "Missing credential secretKey");
    }
    const base = new URL(this.ctx.apiBase);
    const protocol = base.protocol === "http:" ? "http" : "https";
    this.sdk ??= new Stripe(secretKey, {
      host: base.hostname,
      port: base.port || (protocol === "http" ? 80 : 443),
      protocol,
      maxNetworkRetries: 2,
      timeout: retryPolicy.timeoutMs,
      telemetry: false,
      appInfo: { name: "Plugboard" },
    });
    return this.sdk;
  }
}

/** Classifies what the Stripe SDK threw. */
function providerErrorOf(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) {
    return new ProviderError("unknown", error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const options = { status: error.statusCode, cause: error };
  const { errors } = Stripe;
  if (error instanceof errors.StripeAuthenticationError || error instanceof errors.StripePermissionError) {
    return new ProviderError("auth", error.message, options);
  }
  if (error instanceof errors.StripeRateLimitError) {
    const retryAfterSeconds = retryAfterOf(new Headers(error.headers ?? {}));
    return new ProviderError("rate_limited", error.message, { ...options, retryAfterSeconds });
  }
  const serverSide = (error.statusCode ?? 0) >= 500;
  if (error instanceof errors.StripeConnectionError || error instanceof errors.StripeAPIError || serverSide) {
    return new ProviderError("unavailable", error.message, options);
  }
  if (error instanceof errors.StripeInvalidRequestError)
    return new ProviderError("invalid_request", error.message, options);
  return new ProviderError("unknown", error.message, options);
}

/** Builds the Stripe gateway for one integration. */
export const stripeGateway: GatewayFactory = (ctx) => new StripeGateway(ctx);
