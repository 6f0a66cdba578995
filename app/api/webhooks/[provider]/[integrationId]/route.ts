// POST /api/webhooks/[provider]/[integrationId] – a provider's signed event: verified with the
// provider's own scheme, stored once, acknowledged; processing happens in the job queue.
import { getDb } from "@/server/db/client";
import { webhookUrlOf } from "@/server/services/integrations/views";
import { answerWebhook } from "@/server/webhooks/inbound/http";
import { ingestWebhook } from "@/server/webhooks/inbound/ingest";

export async function POST(
  req: Request,
  { params }: { params: Promise<{ provider: string; integrationId: string }> },
) {
  const { provider, integrationId } = await params;
  // The URL the tenant registered with the provider (Square signs it), not the proxied request URL.
  return answerWebhook(
    req,
    webhookUrlOf(provider, integrationId),
    { provider, integrationId },
    async (request) => ingestWebhook(await getDb(), provider, integrationId, request),
  );
}
