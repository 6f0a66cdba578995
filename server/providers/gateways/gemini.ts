import { ProviderError } from "../errors";
import { type AccountIdentity, type GatewayFactory, HttpGateway, messageOf } from "./base";
import { secretFingerprint } from "./fingerprint";

/** Google's error envelope: `{"error": {code, message, status, details: [{reason}]}}`. */
type GoogleError = { code?: unknown; message?: unknown; status?: unknown; details?: unknown };

/** Google Gemini API (generativelanguage.googleapis.com) with an AI Studio API key. */
class GeminiGateway extends HttpGateway {
  protected override authHeaders(): Record<string, string> {
    // The header keeps the key out of URLs and therefore out of access logs.
    return { "x-goog-api-key": this.credential("apiKey") };
  }

  async validateCredentials(): Promise<AccountIdentity> {
    const apiKey = this.credential("apiKey");
    // Listing one model is free and needs a valid key; nothing else identifies the key's project.
    await this.request<unknown>("GET", "/v1beta/models", { query: { pageSize: 1 } });
    return { accountId: `gemini:${secretFingerprint(apiKey)}` };
  }

  /** Google reports a bad key as 400 INVALID_ARGUMENT (reason API_KEY_INVALID), not 401. */
  protected override parseError(status: number, body: unknown, headers: Headers): ProviderError {
    const error = googleErrorOf(body);
    const message = messageOf(body) ?? `HTTP ${status}`;
    if (error && isInvalidKey(error)) return new ProviderError("auth", message, { status });
    return super.parseError(status, body, headers);
  }
}

function googleErrorOf(body: unknown): GoogleError | undefined {
  if (!body || typeof body !== "object") return undefined;
  const error = (body as { error?: unknown }).error;
  return error && typeof error === "object" ? (error as GoogleError) : undefined;
}

function isInvalidKey(error: GoogleError): boolean {
  const reasons = Array.isArray(error.details)
    ? error.details.map((detail: unknown) =>
        detail && typeof detail === "object" ? (detail as { reason?: unknown }).reason : undefined,
      )
    : [];
  if (reasons.includes("API_KEY_INVALID")) return true;
  return (
    error.status === "INVALID_ARGUMENT" &&
    typeof error.message === "string" &&
    error.message.includes("API key")
  );
}

/** Gemini gateway factory. */
export const geminiGateway: GatewayFactory = (ctx) => new GeminiGateway(ctx);
