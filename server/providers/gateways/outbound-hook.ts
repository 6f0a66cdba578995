import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { ProviderError } from "../errors";
import { pinTenantTarget } from "../tenant-http";
import {
  type AccountIdentity,
  type GatewayContext,
  type GatewayFactory,
  HttpGateway,
  retryAfterOf,
} from "./base";
import { secretFingerprint } from "./fingerprint";

/** Which credential holds the target URL, and which one (if any) holds the Standard Webhooks secret. */
export type OutboundHookOptions = { urlKey: string; signingSecretKey?: string };

/** The JSON document every outbound hook receives. */
export type HookEvent = { type: string; timestamp: string; data: Record<string, unknown> };

/**
 * One gateway for every "POST JSON to a URL" target (custom webhook, Zapier, Make, n8n). Validation
 * delivers a `plugboard.ping` event and requires a 2xx, so a typo in the URL or a rejected signature
 * shows up while connecting, not on the first real event.
 * Every delivery checks the target (public addresses only, unless explicitly allowed), connects only to
 * the addresses it checked, follows no redirect, and reports failures by class, never by the receiver's
 * own words.
 */
export class OutboundHookGateway extends HttpGateway {
  /** Hook URLs carry their secret in the path: logs name the origin only. */
  protected override readonly logsPath = false;
  /** TRIGGER_WORKFLOW posts `{type: event, timestamp, data: payload}` exactly like the ping. */
  readonly capabilities = {
    TRIGGER_WORKFLOW: (parameters: Record<string, unknown>) => this.triggerWorkflow(parameters),
  };

  constructor(
    ctx: GatewayContext,
    private readonly options: OutboundHookOptions,
  ) {
    super(ctx);
  }

  async validateCredentials(): Promise<AccountIdentity> {
    const target = this.targetUrl();
    await this.deliver("plugboard.ping", {});
    // Hook URLs carry their secret in the path (Zapier, Make, n8n), so the id fingerprints the URL
    // without its query string instead of storing it in clear.
    const withoutQuery = `${target.origin}${target.pathname}`;
    return { accountId: `${target.origin}#${secretFingerprint(withoutQuery)}`, accountName: target.host };
  }

  private async triggerWorkflow(
    parameters: Record<string, unknown>,
  ): Promise<{ delivered: true; webhookId: string }> {
    const { event, payload = {} } = parameters;
    if (typeof event !== "string" || !event) throw new ProviderError("invalid_request", "event is required");
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
      throw new ProviderError("invalid_request", "payload must be a JSON object");
    }
    const { webhookId } = await this.deliver(event, payload as Record<string, unknown>);
    return { delivered: true, webhookId };
  }

  /**
   * Posts one event and returns the receiver's answer (parsed JSON, text, or null). The id and timestamp
   * stay fixed across retries so receivers can deduplicate; pass `webhookId` to keep it across attempts too.
   */
  protected async deliver(
    type: string,
    data: Record<string, unknown>,
    webhookId = `msg_${randomUUID()}`,
  ): Promise<{ webhookId: string; answer: unknown }> {
    const url = this.targetUrl();
    const sentAt = new Date();
    const event: HookEvent = { type, timestamp: sentAt.toISOString(), data };
    // request() serialises `json` with JSON.stringify too, so the signed bytes are the bytes sent.
    const signature = this.sign(webhookId, sentAt, JSON.stringify(event));
    const headers: Record<string, string> = {
      "webhook-id": webhookId,
      "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      ...(signature ? { "webhook-signature": signature } : {}),
    };
    // Resolved and checked once per delivery; every attempt connects to the addresses checked here.
    const target = await pinTenantTarget(url);
    try {
      const answer = await this.request<unknown>("POST", url.href, { json: event, headers, target });
      return { webhookId, answer };
    } finally {
      await target.close();
    }
  }

  private sign(webhookId: string, sentAt: Date, body: string): string | undefined {
    const { signingSecretKey } = this.options;
    if (!signingSecretKey) return undefined;
    const secret = this.ctx.credentials[signingSecretKey];
    if (typeof secret !== "string" || !secret)
      throw new ProviderError("invalid_request", "signing secret missing");
    try {
      return new Webhook(secret).sign(webhookId, sentAt, body);
    } catch (cause) {
      throw new ProviderError("invalid_request", "signing secret is not a valid whsec_ secret", { cause });
    }
  }

  private targetUrl(): URL {
    const { urlKey } = this.options;
    let target: URL;
    try {
      target = new URL(this.credential(urlKey));
    } catch (cause) {
      if (cause instanceof ProviderError) throw cause;
      throw new ProviderError("invalid_request", `${urlKey} is not a valid URL`, { cause });
    }
    if (target.protocol !== "https:" && target.protocol !== "http:") {
      throw new ProviderError("invalid_request", `${urlKey} must be an http(s) URL`);
    }
    return target;
  }

  /**
   * Classified by status alone: the receiver is the tenant's, so its body is not repeated. An unknown or
   * deleted hook (n8n answers 404, Make and Zapier 410) means the URL, our credential, is wrong.
   */
  protected override parseError(status: number, _body: unknown, headers: Headers): ProviderError {
    const refused = `refused: HTTP ${status}`;
    if (status === 404 || status === 410)
      return new ProviderError("auth", `${refused} (the hook URL is not active)`, { status });
    if (status === 401 || status === 403) return new ProviderError("auth", refused, { status });
    if (status === 429)
      return new ProviderError("rate_limited", refused, { status, retryAfterSeconds: retryAfterOf(headers) });
    if (status >= 500)
      return new ProviderError("unavailable", refused, { status, retryAfterSeconds: retryAfterOf(headers) });
    return new ProviderError("invalid_request", refused, { status });
  }
}

/** A gateway factory for one outbound hook provider, parameterised by its credential keys. */
export function outboundHookGateway(options: OutboundHookOptions): GatewayFactory {
  return (ctx) => new OutboundHookGateway(ctx, options);
}
