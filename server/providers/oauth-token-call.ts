import * as oauth from "oauth4webapi";
import { z } from "zod";
import { ProviderError } from "./errors";
import type { ProviderDefinition } from "./types";

/** The provider no longer honours the grant (invalid_grant: revoked, expired, reused): reconnect needed. */
export class OAuthGrantError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "OAuthGrantError";
    this.code = code;
  }
}

/** A token endpoint answer, after oauth4webapi checked it against the protocol. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().nonnegative().optional(),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
/** Zod over what oauth4webapi returned: the fields we store. */
export const parseTokens = (body: oauth.TokenEndpointResponse) => tokenResponseSchema.parse(body);

/** One token-endpoint round trip, its failures classified: grant gone, retryable, or a plain refusal. */
export async function tokenCall<T>(
  provider: ProviderDefinition,
  send: () => Promise<Response>,
  process: (response: Response) => Promise<T>,
): Promise<T> {
  const name = provider.displayName;
  let response: Response;
  try {
    response = await send();
  } catch (error) {
    if (error instanceof oauth.OperationProcessingError) throw error;
    throw new ProviderError("unavailable", `${name} token endpoint unreachable`, { cause: error });
  }
  if (response.status >= 500 || response.status === 429) {
    const { status } = response;
    const retryAfterSeconds = Number(response.headers.get("retry-after")) || undefined;
    const type = status === 429 ? "rate_limited" : "unavailable";
    throw new ProviderError(type, `${name} token endpoint answered ${status}`, { status, retryAfterSeconds });
  }
  try {
    return await process(response);
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      const reason = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
      if (error.error === "invalid_grant")
        throw new OAuthGrantError(error.error, `${name}: ${reason}`, { cause: error });
      const type = ["invalid_client", "unauthorized_client"].includes(error.error)
        ? "auth"
        : "invalid_request";
      throw new ProviderError(type, `${name} token endpoint: ${reason}`, {
        status: error.status,
        cause: error,
      });
    }
    throw new ProviderError("unknown", `${name} token endpoint sent an unusable answer`, { cause: error });
  }
}
