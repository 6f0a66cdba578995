import type { Logger } from "pino";
import { env } from "@/lib/env";
import { networkFailure, ProviderError } from "../errors";
import type { InvoicingGateway } from "../invoicing";
import type { TenantTarget } from "../tenant-http";
import type { CapabilityCode, ProviderDefinition } from "../types";

export type Credentials = Record<string, unknown>;

export type GatewayContext = {
  provider: ProviderDefinition;
  /** The provider's API base URL after env overrides (no trailing slash). */
  apiBase: string;
  credentials: Credentials;
  log: Logger;
  /**
   * Waits for the call budget (shared rate limits and concurrency) before each HTTP request and
   * returns the release for when it is done. Absent for one-off calls such as a connection test.
   */
  throttle?: () => Promise<{ release(): Promise<void> }>;
  /** For OAuth integrations: runs `use` with a fresh access token, refreshing once if the provider rejects it. */
  withAccessToken?: <T>(use: (accessToken: string) => Promise<T>) => Promise<T>;
  /** The connected account at the provider (Xero tenant id, QuickBooks realm id) and non-secret metadata. */
  account?: { externalAccountId: string | null; metadata: Record<string, unknown> };
};

/** Who the credentials belong to at the provider; `accountId` detects the same account connected twice. */
export type AccountIdentity = { accountId: string; accountName?: string };

/** What every gateway implements: validation always; further capabilities as the registry declares them. */
export interface Gateway {
  validateCredentials(): Promise<AccountIdentity>;
  /** Revokes the credentials at the provider where it supports that; otherwise absent. */
  revoke?(): Promise<void>;
  /** SEND_INVOICE and SYNC_INVOICE_STATUS, for billing providers; driven by the sync engine. */
  invoicing?: InvoicingGateway;
  /** Capability handlers keyed by code; parameters arrive validated against the capability's JSON Schema. */
  capabilities?: Partial<Record<CapabilityCode, (parameters: Record<string, unknown>) => Promise<unknown>>>;
}

type RequestOptions = {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Skip the gateway's authHeaders() (e.g. a login call that sends credentials in the body). */
  anonymous?: boolean;
  /**
   * A tenant-supplied URL, checked and pinned (pinTenantTarget): the request goes only to its checked
   * addresses, redirects are not followed, and error bodies are never read into messages.
   */
  target?: TenantTarget;
};

export const retryPolicy = {
  attempts: 3,
  baseMs: 250,
  capMs: 4000,
  maxRetryAfterSeconds: 30,
  timeoutMs: env.PROVIDER_TIMEOUT_SECONDS * 1000,
};

/**
 * How long to wait before retrying a failed provider call: null when it is not retryable or out of
 * attempts; the provider's Retry-After when it gives one (within reason); else full-jitter backoff.
 */
export function retryDelay(error: ProviderError, attempt: number): number | null {
  if (!error.retryable || attempt >= retryPolicy.attempts) return null;
  if (error.retryAfterSeconds !== undefined) {
    return error.retryAfterSeconds <= retryPolicy.maxRetryAfterSeconds
      ? error.retryAfterSeconds * 1000
      : null;
  }
  return Math.random() * Math.min(retryPolicy.capMs, retryPolicy.baseMs * 2 ** attempt);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * HTTP gateway: JSON requests with a timeout, retries with exponential backoff and full jitter on
 * retryable failures (network, 5xx, 429 honouring Retry-After), and one error classifier.
 */
export abstract class HttpGateway implements Gateway {
  /** Whether request paths may appear in logs (false where the path itself is a secret). */
  protected readonly logsPath: boolean = true;

  constructor(protected readonly ctx: GatewayContext) {}

  abstract validateCredentials(): Promise<AccountIdentity>;

  protected authHeaders(): Record<string, string> | Promise<Record<string, string>> {
    return {};
  }

  protected credential(key: string): string {
    const value = this.ctx.credentials[key];
    if (typeof value !== "string" || !value)
      throw new ProviderError("invalid_request", `Missing credential ${key}`);
    return value;
  }

  protected async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(path.replace(/^\//, ""), `${this.ctx.apiBase}/`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      accept: "application/json",
      ...(options.anonymous ? {} : await this.authHeaders()),
      ...options.headers,
    };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form).toString();
    }
    for (let attempt = 1; ; attempt++) {
      const permit = await this.ctx.throttle?.();
      try {
        const init = { method, headers, body, signal: AbortSignal.timeout(retryPolicy.timeoutMs) };
        const response = await (options.target ? options.target.fetch(url, init) : fetch(url, init)).finally(
          () => permit?.release(),
        );
        const text = await response.text();
        if (response.ok) return parseBody(text) as T;
        // A tenant's target is no provider we know: its error body is not ours to repeat.
        throw this.parseError(response.status, options.target ? null : parseBody(text), response.headers);
      } catch (caught) {
        const error = caught instanceof ProviderError ? caught : networkFailure(caught);
        const waitMs = retryDelay(error, attempt);
        this.ctx.log.warn(
          {
            provider: this.ctx.provider.id,
            method,
            target: this.logsPath ? `${url.origin}${url.pathname}` : url.origin,
            attempt,
            type: error.type,
            status: error.status,
            retryInMs: waitMs,
          },
          "provider request failed",
        );
        if (waitMs === null) throw error;
        await sleep(waitMs);
      }
    }
  }

  /**
   * Classifies a non-2xx response; override for providers with their own error shapes. `body` is the
   * parsed JSON answer of a known provider (null for tenant-supplied targets).
   */
  protected parseError(status: number, body: unknown, headers: Headers): ProviderError {
    const message = messageOf(body) ?? `refused: HTTP ${status}`;
    if (status === 401 || status === 403) return new ProviderError("auth", message, { status });
    if (status === 429)
      return new ProviderError("rate_limited", message, { status, retryAfterSeconds: retryAfterOf(headers) });
    if (status === 404) return new ProviderError("not_found", message, { status });
    if (status === 409) return new ProviderError("conflict", message, { status });
    if (status >= 500)
      return new ProviderError("unavailable", message, { status, retryAfterSeconds: retryAfterOf(headers) });
    return new ProviderError("invalid_request", message, { status });
  }
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The human message in the common JSON error shapes of known providers. A text body (an HTML error
 * page, a proxy's banner, whatever a server chose to say) is never a message: callers fall back to a
 * classified reason such as "refused: HTTP 502".
 */
export function messageOf(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ["message", "error_description", "detail", "title"]) {
    if (typeof record[key] === "string") return record[key];
  }
  if (typeof record.error === "string") return record.error;
  if (record.error && typeof record.error === "object") return messageOf(record.error);
  if (Array.isArray(record.errors) && record.errors.length) {
    const [first] = record.errors;
    return typeof first === "string" ? first : messageOf(first);
  }
  return undefined;
}

export function retryAfterOf(headers: Headers): number | undefined {
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Each gateway file exports one factory; server/providers/gateways/index.ts maps provider ids to them. */
export type GatewayFactory = (ctx: GatewayContext) => Gateway;
