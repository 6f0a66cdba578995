// POST /api/webhooks/[provider]/[integrationId] – a provider's signed event: verified with the
// provider's own scheme, stored once, acknowledged; processing happens in the job queue.
import { AppError } from "@/lib/errors";
import { getDb } from "@/server/db/client";
import { errorResponse, requestIdOf, withRequestId } from "@/server/http/responses";
import { logger } from "@/server/logger";
import { webhookUrlOf } from "@/server/services/integrations/views";
import { ingestWebhook, MAX_WEBHOOK_BYTES } from "@/server/webhooks/inbound/ingest";

export async function POST(
  req: Request,
  { params }: { params: Promise<{ provider: string; integrationId: string }> },
) {
  const requestId = requestIdOf(req);
  const { provider, integrationId } = await params;
  try {
    if (Number(req.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) {
      return withRequestId(
        errorResponse("PAYLOAD_TOO_LARGE", "Webhook bodies are limited to 1 MiB"),
        requestId,
      );
    }
    const contentType = req.headers.get("content-type") ?? "";
    if (!/json/i.test(contentType)) {
      return withRequestId(
        errorResponse("BAD_REQUEST", "Expected a JSON body (content-type application/json)"),
        requestId,
      );
    }
    const rawBody = await req.text();
    if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BYTES) {
      return withRequestId(
        errorResponse("PAYLOAD_TOO_LARGE", "Webhook bodies are limited to 1 MiB"),
        requestId,
      );
    }
    const result = await ingestWebhook(await getDb(), provider, integrationId, {
      method: "POST",
      // The URL the tenant registered with the provider (Square signs it), not the proxied request URL.
      url: webhookUrlOf(provider, integrationId),
      headers: req.headers,
      rawBody,
      receivedAt: new Date(),
    });
    if (result.kind === "handshake") {
      return withRequestId(
        result.challenge
          ? Response.json({ challenge: result.challenge })
          : new Response(null, { status: 200 }),
        requestId,
      );
    }
    return withRequestId(
      Response.json({ received: true, id: result.eventId, duplicate: result.kind === "duplicate" }),
      requestId,
    );
  } catch (error) {
    if (error instanceof AppError) {
      const headers = error.retryAfterSeconds
        ? { "retry-after": String(error.retryAfterSeconds) }
        : undefined;
      return withRequestId(
        errorResponse(error.kind, error.message, { details: error.details, headers }),
        requestId,
      );
    }
    logger.error({ err: error, provider, integrationId, requestId }, "webhook ingest failed");
    return withRequestId(errorResponse("INTERNAL", "Internal server error"), requestId);
  }
}
