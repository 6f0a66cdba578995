import { isIP } from "node:net";
import { createTransport } from "nodemailer";
import { failureReasonOf, ProviderError, unavailableBecause } from "../errors";
import { resolveTarget } from "../target-guard";
import type { AccountIdentity, Gateway, GatewayContext, GatewayFactory } from "./base";

type SmtpSettings = {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  fromAddress: string;
};

const networkErrorCodes = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "ECONNREFUSED", "EDNS", "ETLS"]);

/**
 * Email over any SMTP server: validation logs in (EHLO + AUTH) without sending anything. The host is
 * the tenant's: every connection resolves it once, refuses it unless every address is public, and
 * connects to a checked address (TLS still verifies the certificate for the host name).
 */
class SmtpGateway implements Gateway {
  /** SEND_NOTIFICATION sends a plain-text email from the integration's fromAddress. */
  readonly capabilities = {
    SEND_NOTIFICATION: (parameters: Record<string, unknown>) => this.sendNotification(parameters),
  };

  constructor(private readonly ctx: GatewayContext) {}

  async validateCredentials(): Promise<AccountIdentity> {
    const settings = this.settings();
    await this.withTransport(settings, (transport) => transport.verify());
    return { accountId: `${settings.username}@${settings.host}:${settings.port}` };
  }

  private async sendNotification(parameters: Record<string, unknown>): Promise<{ messageId: string }> {
    const { to, subject, text } = parameters;
    if (typeof to !== "string" || !to) throw new ProviderError("invalid_request", "to is required");
    if (typeof text !== "string" || !text) throw new ProviderError("invalid_request", "text is required");
    const settings = this.settings();
    const info = await this.withTransport(settings, (transport) =>
      transport.sendMail({
        from: settings.fromAddress,
        to,
        subject: typeof subject === "string" && subject ? subject : "Notification from Plugboard",
        text,
      }),
    );
    return { messageId: info.messageId };
  }

  private async withTransport<T>(
    settings: SmtpSettings,
    use: (transport: ReturnType<typeof createTransport>) => Promise<T>,
  ): Promise<T> {
    const [address] = await resolveTarget(settings.host);
    if (!address) throw new ProviderError("unavailable", "does not resolve");
    const transport = createTransport({
      host: address.address,
      port: settings.port,
      secure: settings.secure,
      ...(isIP(settings.host) ? {} : { tls: { servername: settings.host } }),
      // STARTTLS is used when the server offers it, never demanded when it does not.
      requireTLS: false,
      auth: { user: settings.username, pass: settings.password },
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 15_000,
    });
    try {
      return await use(transport);
    } catch (error) {
      throw smtpError(error);
    } finally {
      transport.close();
    }
  }

  private settings(): SmtpSettings {
    const { credentials } = this.ctx;
    const text = (key: string) => {
      const value = credentials[key];
      if (typeof value !== "string" || !value)
        throw new ProviderError("invalid_request", `Missing credential ${key}`);
      return value;
    };
    const port = Number(credentials.port ?? 587);
    if (!Number.isInteger(port) || port < 1 || port > 65_535)
      throw new ProviderError("invalid_request", "port must be 1–65535");
    // Implicit TLS (SMTPS) when asked for, or by convention on port 465.
    const secure =
      credentials.secure === undefined
        ? port === 465
        : credentials.secure === true || credentials.secure === "true";
    return {
      host: text("host"),
      port,
      secure,
      username: text("username"),
      password: text("password"),
      fromAddress: text("fromAddress"),
    };
  }
}

/**
 * Maps nodemailer's error codes and SMTP reply codes onto provider error types, with a classified reason:
 * the server's own reply text or banner is never repeated.
 */
function smtpError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const { code, originalCode, responseCode } = (error ?? {}) as {
    code?: unknown;
    originalCode?: unknown;
    responseCode?: unknown;
  };
  const reply = typeof responseCode === "number" ? responseCode : undefined;
  if (code === "EAUTH")
    return new ProviderError("auth", `authentication failed${reply ? ` (SMTP ${reply})` : ""}`, {
      cause: error,
    });
  if (typeof code === "string" && networkErrorCodes.has(code))
    return unavailableBecause(failureReasonOf([originalCode, code]) ?? "connection failed", error);
  if (reply !== undefined && reply >= 400 && reply < 500) {
    return new ProviderError("unavailable", `refused: SMTP ${reply}`, { status: reply, cause: error });
  }
  if (reply !== undefined)
    return new ProviderError("invalid_request", `refused: SMTP ${reply}`, { cause: error });
  if (code === "EENVELOPE" || code === "EMESSAGE")
    return new ProviderError("invalid_request", "message refused", { cause: error });
  return new ProviderError("unknown", "SMTP failure", { cause: error });
}

/** SMTP gateway factory. */
export const smtpGateway: GatewayFactory = (ctx) => new SmtpGateway(ctx);
