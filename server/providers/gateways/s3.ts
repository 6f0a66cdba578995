import { HeadBucketCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { ProviderError } from "../errors";
import type { AccountIdentity, Gateway, GatewayContext, GatewayFactory } from "./base";

const authErrorCodes = new Set(["InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "Forbidden"]);
const missingBucketCodes = new Set(["NoSuchBucket", "NotFound"]);

/** Amazon S3 or any S3-compatible store (MinIO, R2, …) through the AWS SDK. */
class S3Gateway implements Gateway {
  constructor(private readonly ctx: GatewayContext) {}

  /** HeadBucket is the cheapest call that proves both the keys and access to the configured bucket. */
  async validateCredentials(): Promise<AccountIdentity> {
    const bucket = this.text("bucket");
    const endpoint = this.endpoint();
    const client = this.client(endpoint);
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      throw s3Error(error, bucket);
    } finally {
      client.destroy();
    }
    return { accountId: `s3:${endpoint ?? "aws"}/${bucket}`, accountName: bucket };
  }

  private client(endpoint: string | undefined): S3Client {
    const { forcePathStyle } = this.ctx.credentials;
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
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
    });
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

/** Classifies an SDK failure; HEAD answers have no body, so MinIO's error headers carry the message. */
function s3Error(error: unknown, bucket: string): ProviderError {
  if (!(error instanceof S3ServiceException)) {
    const message = error instanceof Error ? error.message || error.name : "network error";
    return new ProviderError("unavailable", message, { cause: error });
  }
  const status = error.$metadata.httpStatusCode;
  const headers = error.$response?.headers ?? {};
  const code = headers["x-minio-error-code"] ?? error.name;
  const description = headers["x-minio-error-desc"]?.replace(/^"|"$/g, "");
  const message =
    description ??
    (error.message && error.message !== "UnknownError" ? error.message : `${code} (HTTP ${status ?? "?"})`);
  if (status === 403 || status === 401 || authErrorCodes.has(code))
    return new ProviderError("auth", message, { status, cause: error });
  if (status === 404 || missingBucketCodes.has(code)) {
    return new ProviderError("not_found", `bucket ${bucket} does not exist`, { status, cause: error });
  }
  if (status === 301 || code === "PermanentRedirect") {
    const region = headers["x-amz-bucket-region"];
    return new ProviderError(
      "invalid_request",
      `bucket ${bucket} is in another region${region ? ` (${region})` : ""}`,
      { status },
    );
  }
  if (status === 429 || code === "SlowDown")
    return new ProviderError("rate_limited", message, { status, cause: error });
  if (status !== undefined && status >= 500)
    return new ProviderError("unavailable", message, { status, cause: error });
  return new ProviderError("invalid_request", message, { status, cause: error });
}

/** S3 gateway factory. */
export const s3Gateway: GatewayFactory = (ctx) => new S3Gateway(ctx);
