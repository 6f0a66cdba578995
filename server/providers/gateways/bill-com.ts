import { ProviderError } from "../errors";
import {
  type AccountIdentity,
  type GatewayContext,
  type GatewayFactory,
  HttpGateway,
  messageOf,
  retryAfterOf,
} from "./base";

const productionApiBase = "https://gateway.prod.bill.com/connect";
const sandboxApiBase = "https://gateway.stage.bill.com/connect";

/** BILL's answer to POST /v3/login (developer.bill.com/reference/login). */
type LoginResponse = { sessionId: string; organizationId: string; userId?: string; trusted?: boolean };

/** BILL error codes that mean the login credentials are wrong, whatever the HTTP status. */
const credentialErrorCodes = new Set(["BDC_1101", "BDC_1102", "BDC_1109"]);
/** BILL error codes for its hourly and concurrency limits. */
const rateLimitErrorCodes = new Set(["BDC_1144", "BDC_1322"]);

/**
 * BILL.com v3 AP/AR API: credentials are proven by signing in (`POST /v3/login`) and signing out again.
 * Sandbox mode talks to the stage gateway unless the API base was overridden (an override always wins).
 */
class BillComGateway extends HttpGateway {
  constructor(ctx: GatewayContext) {
    const useSandbox = ctx.credentials.sandboxMode === true && ctx.apiBase === productionApiBase;
    super(useSandbox ? { ...ctx, apiBase: sandboxApiBase } : ctx);
  }

  async validateCredentials(): Promise<AccountIdentity> {
    const session = await this.request<LoginResponse>("POST", "/v3/login", {
      anonymous: true,
      json: {
        username: this.credential("username"),
        password: this.credential("password"),
        organizationId: this.credential("organizationId"),
        devKey: this.credential("apiKey"),
      },
    });
    await this.signOut(session.sessionId);
    return { accountId: session.organizationId };
  }

  /** Ends the API session validation opened; a failed sign-out only leaves a session that expires in 35 min. */
  private async signOut(sessionId: string): Promise<void> {
    const headers = { devKey: this.credential("apiKey"), sessionId };
    await this.request("POST", "/v3/logout", { anonymous: true, headers }).catch((error: unknown) => {
      this.ctx.log.warn({ provider: this.ctx.provider.id, err: error }, "BILL sign-out failed");
    });
  }

  protected override parseError(status: number, body: unknown, headers: Headers): ProviderError {
    const { code, message } = billErrorOf(body);
    if (code && credentialErrorCodes.has(code)) return new ProviderError("auth", message ?? code, { status });
    if (code && rateLimitErrorCodes.has(code)) {
      return new ProviderError("rate_limited", message ?? code, {
        status,
        retryAfterSeconds: retryAfterOf(headers),
      });
    }
    return super.parseError(status, message ? { message } : body, headers);
  }
}

/**
 * BILL's error code and message: v3 answers `[{timestamp, code, severity, category, message}]`; the older
 * shape is `{error_code, error_message}`, sometimes wrapped in `response_data`.
 */
function billErrorOf(body: unknown): { code?: string; message?: string } {
  const first = Array.isArray(body) ? body[0] : body;
  if (!first || typeof first !== "object") return { message: messageOf(first) };
  const record = first as Record<string, unknown>;
  const detail = (
    record.response_data && typeof record.response_data === "object" ? record.response_data : record
  ) as Record<string, unknown>;
  const code = detail.code ?? detail.error_code;
  const message = detail.error_message ?? messageOf(detail);
  return {
    code: typeof code === "string" ? code : undefined,
    message: typeof message === "string" ? message : undefined,
  };
}

/** Builds the BILL.com gateway for one integration. */
export const billComGateway: GatewayFactory = (ctx) => new BillComGateway(ctx);
