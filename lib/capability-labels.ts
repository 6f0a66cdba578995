/** What each capability code is called in the interface (codes stay in the API and the admin editor). */
const labels: Record<string, string> = {
  VALIDATE_CREDENTIALS: "Check the connection",
  SEND_INVOICE: "Send invoices",
  SYNC_INVOICE_STATUS: "Follow invoice status",
  RECORD_PAYMENT: "Record payments",
  SYNC_CUSTOMER: "Sync customers",
  SYNC_BILL: "Sync bills",
  SEND_NOTIFICATION: "Send notifications",
  TRIGGER_WORKFLOW: "Start workflows",
  ARCHIVE_DOCUMENT: "Archive documents",
  SYNC_CONTACT: "Sync contacts",
  LOOKUP_COMPANY: "Look up companies",
  VERIFY_IDENTITY: "Verify identities",
  EXTRACT_DOCUMENT: "Read documents",
};

export const capabilityLabel = (code: string) =>
  labels[code] ??
  code
    .toLowerCase()
    .replace(/_/g, " ")
    .replace(/^./, (first) => first.toUpperCase());
