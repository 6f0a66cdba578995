// GET /api/invoices/:invoiceId/pdf – the invoice as a PDF, for members of its tenant.
import { downloadRoute } from "@/server/api/pdf-route";
import { invoicePdfResponse } from "@/server/services/invoices/download";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  return downloadRoute(req, async (caller) => {
    const [invoice, tenant] = await Promise.all([
      caller.invoices.byId({ invoiceId }),
      caller.tenants.current(),
    ]);
    const [sync] = invoice.syncs;
    return invoicePdfResponse({ ...invoice, sync: sync ?? null }, tenant.name);
  });
}
