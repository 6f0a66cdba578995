"use client";

import { Button } from "@/components/ui/button";
import { Dialog, DialogActions, DialogContent } from "@/components/ui/dialog";
import { formatMoney, invoiceTotals } from "@/lib/money";
import { type FormOutput, toLine } from "./invoice-form-schema";

/** Sending is asked for once more, with who gets what: once pushed, an invoice can no longer be edited. */
export function ConfirmSendDialog({
  values,
  customerName,
  pending,
  onCancel,
  onConfirm,
}: {
  values: FormOutput | null;
  customerName: string | undefined;
  pending: boolean;
  onCancel: () => void;
  onConfirm: (values: FormOutput) => Promise<void>;
}) {
  return (
    <Dialog open={values !== null} onOpenChange={(open) => !open && onCancel()}>
      <DialogContent
        title="Send this invoice?"
        description={`${customerName ?? "The customer"} will be invoiced ${values ? totalOf(values) : ""}. It is pushed to the customer's invoicing integration and can no longer be edited.`}
      >
        <DialogActions>
          <Button pending={pending} onClick={() => values && onConfirm(values)}>
            Send invoice
          </Button>
        </DialogActions>
      </DialogContent>
    </Dialog>
  );
}

function totalOf(values: FormOutput): string {
  try {
    return formatMoney(
      invoiceTotals(values.lines.map((line) => toLine(line, values.currency))).totalMinor,
      values.currency,
    );
  } catch {
    return "";
  }
}
