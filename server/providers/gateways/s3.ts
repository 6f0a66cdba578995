import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { HeadBucketCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { networkFailure, ProviderError } from "../errors";
import { assertPublicTarget, guardedLookup } from "../target-guard";
import type { AccountIdentity, Gateway, GatewayContext, GatewayFactory } from "./base";

const authErrorCodes = new Set(["InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "Forbidden"]);
const missingBucketCodes = new Set(["NoSuchBucket", "NotFound"]);
/** Our words for the S3 error codes we recognise; a store's own message or unknown code is never repeated. */
const codeReasons: Record<string, string> = {
  InvalidAccessKeyId: "the access key ID does not exist",
  SignatureDoesNotMatch: "the secret access key does not match",
  AccessDenied: "access denied",
  Forbidden: "access denied",
  SlowDown: "slow down",
  InvalidBucketName: "invalid bucket name",
  AuthorizationHeaderMalformed: "the region does not match the bucket's",
};

/** Amazon S3 or any S3-compatible store (MinIO, R2, …) through the AWS SDK. */
class S3Gateway implements Gateway {
  constructor(private readonly ctx: GatewayContext) {}

  /** HeadBucket is the cheapest call that proves both the keys and access to the configured bucket. */
  async validateCredentials(): Promise<AccountIdentity> {
    const bucket = this.text("bucket");
    const endpoint = this.endpoint();
    const client = await this.client(endpoint);
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      throw s3Error(error, bucket);
    } finally {
      client.destroy();
    }
    return { accountId: `s3:${endpoint ?? "aws"}/${bucket}`, accountName: bucket };
  }

  /**
   * An endpoint from the credentials is the tenant's: checked before anything is sent (IP literals
   * included). The SDK's sockets then look its host up in the addresses checked here, and resolve
   * and check any other name (a bucket subdomain) per connection, so they only reach checked ones. The AWS and operator-set endpoints
   * (S3_API_BASE) are not the tenant's and connect as they are.
   */
  private async client(endpoint: string | undefined): Promise<S3Client> {
    const { forcePathStyle } = this.ctx.credentials;
    let guarded: { httpAgent: HttpAgent; httpsAgent: HttpsAgent } | undefined;
    if (endpoint !== undefined && this.tenantEndpoint()) {
      const url = new URL(endpoint);
      const lookup = guardedLookup({ hostname: url.hostname, addresses: await assertPublicTarget(url) });
      guarded = { httpAgent: new HttpAgent({ lookup }), httpsAgent: new HttpsAgent({ lookup }) };
    }
    return new S3Client({
      region:
        typeof this.ctx.credentials.region === "string" && this.ctx.credentials.region
          ? this.ctx.credentials.region
          : "us-east-1",
      endpoint,
      // Self-hosted stores rarely have wildcard DNS for bucket subdomains: path style is their default.
      forcePathStyle: typeof forcePathStyle === "boolean" ? forcePathStyle : endpoint !== undefined,
      credentials: { accessKeyId: this.text("accessKeyId"), secretAccessKey: this.text("secretAccessKey") },
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000, ...guarded },
    });
  }

  private tenantEndpoint(): boolean {
    const configured = this.ctx.credentials.endpoint;
    return typeof configured === "string" && configured !== "";
  }

  /** The credential's endpoint, else the API base unless that is AWS itself (the SDK knows AWS's). */
  private endpoint(): string | undefined {
    const configured = this.ctx.credentials.endpoint;
    if (typeof configured === "string" && configured) return configured.replace(/\/+$/, "");
    return new URL(this.ctx.apiBase).hostname.endsWith(".amazonaws.com") ? undefined : this.ctx.apiBase;
  }

  private text(key: string): string {
    const value = this.ctx.credentials[key];
    if (typeof value !== "string" || !value)
      throw new ProviderError("invalid_request", `Missing credential ${key}`);
    return value;
  }
}

/**
 * Classifies an SDK failure by status and recognised error code. HEAD answers have no body, so MinIO's
 * error headers carry the code; the store's own descriptions and messages are not repeated.
 */
function s3Error(error: unknown, bucket: string): ProviderError {
  if (!(error instanceof S3ServiceException)) return networkFailure(error);
  const status = error.$metadata.httpStatusCode;
  const headers = error.$response?.headers ?? {};
  const code = headers["x-minio-error-code"] ?? error.name;
  const reason = codeReasons[code];
  const message = `refused: HTTP ${status ?? "?"}${reason ? ` (${reason})` : ""}`;
  if (status === 403 || status === 401 || authErrorCodes.has(code))
    return new ProviderError("auth", message, { status, cause: error });
  if (status === 404 || missingBucketCodes.has(code)) {
    return new ProviderError("not_found", `bucket ${bucket} does not exist`, { status, cause: error });
  }
  if (status === 301 || code === "PermanentRedirect") {
    const region = headers["x-amz-bucket-region"];
    const named = region && /^[a-z0-9-]{1,32}$/.test(region) ? ` (${region})` : "";
    return new ProviderError("invalid_request", `bucket ${bucket} is in another region${named}`, { status });
  }
  if (status === 429 || code === "SlowDown")
    return new ProviderError("rate_limited", message, { status, cause: error });
  if (status !== undefined && status >= 500)
    return new ProviderError("unavailable", message, { status, cause: error });
  return new ProviderError("invalid_request", message, { status, cause: error });
}

/** S3 gateway factory. */
export const s3Gateway: GatewayFactory = (ctx) => new S3Gateway(ctx);
