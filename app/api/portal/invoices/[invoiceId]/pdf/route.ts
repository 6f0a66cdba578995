// GET /api/portal/invoices/:invoiceId/pdf – the invoice as a PDF, for the customer's portal contacts.
import { downloadRoute } from "@/server/api/pdf-route";
import { getDb } from "@/server/db/client";
import { invoicePdfResponse } from "@/server/services/invoices/download";
import { pdfSupplierOf } from "@/server/services/tenants/profile";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  return downloadRoute(req, async (caller) => {
    const invoice = await caller.portal.invoice({ invoiceId });
    return invoicePdfResponse(invoice, await pdfSupplierOf(await getDb(), invoice.supplier.tenantId));
  });
}
