import { AppError } from "@/lib/errors";
import { busyDatabaseError, isDatabaseBusy } from "@/server/db/errors";
import { readBodyCapped } from "@/server/http/body";
import { errorResponse, requestIdOf, withRequestId } from "@/server/http/responses";
import { logger } from "@/server/logger";
import { type AppIngestResult, type IngestResult, MAX_WEBHOOK_BYTES } from "./ingest";
import type { InboundRequest } from "./verify/types";

/** What a webhook route hands over: the request as received, and the public URL the provider signed. */
export type WebhookIngest = (request: InboundRequest) => Promise<IngestResult | AppIngestResult>;

/** The 2xx body: the stored event (per-integration endpoint) or one entry per routed integration. */
function acknowledgement(result: IngestResult | AppIngestResult): Response {
  switch (result.kind) {
    case "handshake":
      return result.challenge
        ? Response.json({ challenge: result.challenge })
        : new Response(null, { status: 200 });
    case "routed":
      return Response.json({ received: true, deliveries: result.deliveries });
    default:
      return Response.json({ received: true, id: result.eventId, duplicate: result.kind === "duplicate" });
  }
}

/**
 * The HTTP side every inbound webhook route shares: size and content-type limits, the raw body read
 * once under a hard 1 MiB cap, ingest, then a fast acknowledgement or the standard error body (never a stack trace).
 */
export async function answerWebhook(
  req: Request,
  publicUrl: string,
  context: Record<string, string>,
  ingest: WebhookIngest,
): Promise<Response> {
  const requestId = requestIdOf(req);
  const tooLarge = () => errorResponse("PAYLOAD_TOO_LARGE", "Webhook bodies are limited to 1 MiB");
  try {
    if (Number(req.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES)
      return withRequestId(tooLarge(), requestId);
    if (!/json/i.test(req.headers.get("content-type") ?? "")) {
      return withRequestId(
        errorResponse("BAD_REQUEST", "Expected a JSON body (content-type application/json)"),
        requestId,
      );
    }
    const rawBody = await readBodyCapped(req, MAX_WEBHOOK_BYTES);
    if (rawBody === null) return withRequestId(tooLarge(), requestId);
    const result = await ingest({
      method: "POST",
      url: publicUrl,
      headers: req.headers,
      rawBody,
      receivedAt: new Date(),
    });
    return withRequestId(acknowledgement(result), requestId);
  } catch (caught) {
    // A locked table or a statement timeout: the provider retries on 503 (Retry-After), nothing is lost.
    const error =
      !(caught instanceof AppError) && isDatabaseBusy(caught) ? busyDatabaseError(caught) : caught;
    if (error instanceof AppError) {
      const headers = error.retryAfterSeconds
        ? { "retry-after": String(error.retryAfterSeconds) }
        : undefined;
      return withRequestId(
        errorResponse(error.kind, error.message, { details: error.details, headers }),
        requestId,
      );
    }
    logger.error({ err: error, ...context, requestId }, "webhook ingest failed");
    return withRequestId(errorResponse("INTERNAL", "Internal server error"), requestId);
  }
}
