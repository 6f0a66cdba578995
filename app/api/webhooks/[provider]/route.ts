// POST /api/webhooks/[provider] – app-level webhooks (Xero, Stripe Connect, QuickBooks): verified with
// the app's secret from the environment, stored once per connected integration of each account the
// payload names, acknowledged; processing happens in the job queue.
import { env } from "@/lib/env";
import { getDb } from "@/server/db/client";
import { answerWebhook } from "@/server/webhooks/inbound/http";
import { ingestAppWebhook } from "@/server/webhooks/inbound/ingest";

export async function POST(req: Request, { params }: { params: Promise<{ provider: string }> }) {
  const { provider } = await params;
  const publicUrl = new URL(`/api/webhooks/${encodeURIComponent(provider)}`, env.BETTER_AUTH_URL).toString();
  return answerWebhook(req, publicUrl, { provider }, async (request) =>
    ingestAppWebhook(await getDb(), provider, request),
  );
}
