import { formatDate } from "./dates";

/** How invoice and sync statuses look, and where a status came from, in words: one place for dashboard and portal. */

export type Tone = "neutral" | "success" | "warning" | "danger" | "info";

export const invoiceStatusTone: Record<string, Tone> = {
  draft: "neutral",
  open: "info",
  overdue: "warning",
  paid: "success",
  void: "neutral",
  uncollectible: "danger",
};

export const syncStatusTone: Record<string, Tone> = {
  pending: "warning",
  synced: "info",
  paid: "success",
  failed: "danger",
  overdue: "warning",
  void: "neutral",
  uncollectible: "danger",
};

const sourcePhrase: Record<string, string> = {
  webhook: "webhook",
  reconcile: "reconciliation",
  push: "push",
  manual: "manual sync",
  schedule: "schedule",
};

type SyncFacts = {
  status: string;
  statusSource: string | null;
  statusAt: Date | string | null;
  providerName: string;
  paidAt?: Date | string | null;
};

/** "Paid via Stripe webhook on 3 Dec 2026", "Marked paid by reconciliation on …", "Sent to Xero by push on …". */
export function provenanceOf(sync: SyncFacts): string | null {
  if (!sync.statusSource) return null;
  const when = sync.status === "paid" && sync.paidAt ? sync.paidAt : sync.statusAt;
  const on = when ? ` on ${formatDate(when)}` : "";
  const via = sourcePhrase[sync.statusSource] ?? sync.statusSource;
  switch (sync.status) {
    case "paid":
      return sync.statusSource === "webhook"
        ? `Paid via ${sync.providerName} webhook${on}`
        : sync.statusSource === "manual"
          ? `Marked paid by hand${on}`
          : `Marked paid by ${via}${on}`;
    case "synced":
      return `Sent to ${sync.providerName} by ${via}${on}`;
    case "void":
      return sync.statusSource === "manual"
        ? `Voided by hand${on}`
        : `Voided in ${sync.providerName} (${via})${on}`;
    case "overdue":
      return `Overdue since ${sync.statusAt ? formatDate(sync.statusAt) : "its due date"}`;
    case "uncollectible":
      return `Marked uncollectible in ${sync.providerName} (${via})${on}`;
    case "failed":
      return `Push to ${sync.providerName} failed${on}`;
    default:
      return null;
  }
}

const methodPhrase: Record<string, string> = {
  card: "by card",
  bank_transfer: "by bank transfer",
  cash: "in cash",
  cheque: "by cheque",
};

/** What a customer reads about a paid invoice: "Paid on 6 Dec 2026 by card". */
export function paymentLineOf(payment: {
  paidAt: Date | string;
  paymentMethod: string | null;
  providerName: string | null;
}): string {
  const method = payment.paymentMethod ?? "";
  const how =
    methodPhrase[method] ??
    (method && method !== "other" && method !== "out_of_band" && payment.providerName
      ? `online through ${payment.providerName}`
      : "");
  return `Paid on ${formatDate(payment.paidAt)}${how ? ` ${how}` : ""}`;
}
