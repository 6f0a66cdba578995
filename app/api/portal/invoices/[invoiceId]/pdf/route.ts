// GET /api/portal/invoices/:invoiceId/pdf – the invoice as a PDF, for the customer's portal contacts.
import { downloadRoute } from "@/server/api/pdf-route";
import { invoicePdfResponse } from "@/server/services/invoices/download";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  return downloadRoute(req, async (caller) => {
    const invoice = await caller.portal.invoice({ invoiceId });
    return invoicePdfResponse(invoice, invoice.tenantName);
  });
}
