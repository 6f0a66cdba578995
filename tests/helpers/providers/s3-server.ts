import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type S3Failure, verifySigV4 } from "./s3-signature";

/** One request as the S3 stand-in received it, with the outcome of its signature check. */
export type S3Request = { method: string; path: string; accessKeyId?: string; signatureValid: boolean };

/** The S3 stand-in: base URL, requests seen, failure injection and close(). */
export type LocalS3Server = {
  url: string;
  requests: S3Request[];
  failNext(count: number, status: number): void;
  close(): Promise<void>;
};

const requestId = "17C2F6B3A2E1D0C9";

/** Answers an S3 error: an XML body, or for HEAD (which has none) MinIO's x-minio-error-* headers. */
function sendError(response: ServerResponse, method: string, path: string, failure: S3Failure): void {
  const headers = { "x-amz-request-id": requestId, "content-type": "application/xml" };
  if (method === "HEAD") {
    const minioHeaders = { "x-minio-error-code": failure.code, "x-minio-error-desc": `"${failure.message}"` };
    response.writeHead(failure.status, { ...headers, ...minioHeaders });
    response.end();
    return;
  }
  response.writeHead(failure.status, headers);
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${failure.code}</Code><Message>${failure.message}` +
      `</Message><Resource>${path}</Resource><RequestId>${requestId}</RequestId></Error>`,
  );
}

/**
 * An S3-compatible stand-in (path-style addressing, like MinIO) that verifies the SigV4 signature of
 * every request and answers HeadBucket: 200 for a configured bucket, 404 NoSuchBucket otherwise.
 */
export async function startS3Server(options: {
  keys: Record<string, string>;
  buckets: string[];
}): Promise<LocalS3Server> {
  const requests: S3Request[] = [];
  const injected: number[] = [];
  const server = createServer((request, response) => {
    request.resume();
    const method = request.method ?? "GET";
    const path = new URL(request.url ?? "/", "http://s3.local").pathname;
    const outcome = verifySigV4(request, (accessKeyId) => options.keys[accessKeyId]);
    const signatureValid = typeof outcome === "string";
    requests.push({ method, path, accessKeyId: signatureValid ? outcome : undefined, signatureValid });
    const status = injected.shift();
    if (status !== undefined) {
      return sendError(response, method, path, {
        status,
        code: "SlowDown",
        message: "Please reduce your request rate.",
      });
    }
    if (!signatureValid) return sendError(response, method, path, outcome);
    const bucket = /^\/([^/]+)\/?$/.exec(path)?.[1];
    if (method !== "HEAD" || !bucket) {
      const message = "A header you provided implies functionality that is not implemented.";
      return sendError(response, method, path, { status: 501, code: "NotImplemented", message });
    }
    if (!options.buckets.includes(bucket)) {
      const message = "The specified bucket does not exist";
      return sendError(response, method, path, { status: 404, code: "NoSuchBucket", message });
    }
    response.writeHead(200, { "x-amz-bucket-region": "us-east-1", "x-amz-request-id": requestId });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (count, status) => injected.push(...Array.from({ length: count }, () => status)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
