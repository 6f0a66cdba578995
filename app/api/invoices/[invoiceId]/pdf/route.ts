// GET /api/invoices/:invoiceId/pdf – the invoice as a PDF, for members of its tenant.
import { downloadRoute } from "@/server/api/pdf-route";
import { getDb } from "@/server/db/client";
import { invoicePdfResponse } from "@/server/services/invoices/download";
import { pdfSupplierOf } from "@/server/services/tenants/profile";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  return downloadRoute(req, async (caller) => {
    const [invoice, tenant] = await Promise.all([
      caller.invoices.byId({ invoiceId }),
      caller.tenants.current(),
    ]);
    const [sync] = invoice.syncs;
    return invoicePdfResponse(
      { ...invoice, sync: sync ?? null },
      await pdfSupplierOf(await getDb(), tenant.id),
    );
  });
}
