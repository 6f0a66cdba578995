import { type InvoicePdfInput, renderInvoicePdf } from "./pdf";

type PdfSource = Omit<InvoicePdfInput, "provider" | "tenantName" | "supplier"> & {
  overdue: boolean;
  sync: { providerName: string; externalId: string | null; hostedUrl: string | null } | null;
};

/** The invoice as a PDF download response (from our own data: totals and tax are ours, not the provider's). */
export async function invoicePdfResponse(
  invoice: PdfSource,
  from: { name: string; supplier: InvoicePdfInput["supplier"] },
): Promise<Response> {
  const bytes = await renderInvoicePdf({
    ...invoice,
    tenantName: from.name,
    supplier: from.supplier,
    status: invoice.status === "open" && invoice.overdue ? "overdue" : invoice.status,
    provider: invoice.sync
      ? {
          name: invoice.sync.providerName,
          externalId: invoice.sync.externalId,
          hostedUrl: invoice.sync.hostedUrl,
        }
      : null,
  });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${invoice.number.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf"`,
      "cache-control": "private, no-store",
    },
  });
}
