/** Query inputs shared by server pages (prefetch) and client panels, so both hit the same cache entry. */
export const invoiceStatusFilters = ["all", "draft", "open", "paid", "void", "uncollectible"] as const;
export type InvoiceStatusFilter = (typeof invoiceStatusFilters)[number];

export const invoiceListInput = (status: InvoiceStatusFilter) => ({
  limit: 100,
  offset: 0,
  ...(status === "all" ? {} : { status }),
});
