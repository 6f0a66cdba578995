// GET /api/portal/invoices/:invoiceId/logo – the supplier's logo, for the customer's portal contacts.
import { downloadRoute } from "@/server/api/pdf-route";
import { getDb } from "@/server/db/client";
import { logoResponse } from "@/server/services/tenants/logo-response";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  return downloadRoute(req, async (caller) => {
    const invoice = await caller.portal.invoice({ invoiceId });
    return logoResponse(await getDb(), invoice.supplier.tenantId);
  });
}
