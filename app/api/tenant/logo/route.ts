// GET /api/tenant/logo – the active tenant's logo, for its members (settings preview).
import { downloadRoute } from "@/server/api/pdf-route";
import { getDb } from "@/server/db/client";
import { logoResponse } from "@/server/services/tenants/logo-response";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return downloadRoute(req, async (caller) => {
    const tenant = await caller.tenants.current();
    return logoResponse(await getDb(), tenant.id);
  });
}
