"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { decimalToMinor, formatMoney, minorToDecimalString } from "@/lib/money";
import { useTRPC } from "@/lib/trpc/react";

type InvoiceFacts = {
  id: string;
  number: string;
  currency: string;
  totalMinor: number;
  amountDueMinor: number;
  customerName: string;
  /** Providers holding the invoice that cannot be updated from here (void/paid is then recorded here only). */
  localOnlyProviders: string[];
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : "Something went wrong");

/** "Send" behind a confirmation naming who gets what, and where it goes. */
export function SendInvoiceButton({
  invoice,
  destination,
  onDone,
}: {
  invoice: Pick<InvoiceFacts, "id" | "number" | "currency" | "totalMinor" | "customerName">;
  destination: string;
  onDone: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const send = useMutation(trpc.invoices.send.mutationOptions());
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>Send</Button>
      </DialogTrigger>
      <DialogContent
        title={`Send ${invoice.number}?`}
        description={`${invoice.customerName} will be invoiced ${formatMoney(invoice.totalMinor, invoice.currency)}. ${destination} Sent invoices can no longer be edited.`}
      >
        <DialogActions>
          <Button
            pending={send.isPending}
            onClick={async () => {
              try {
                await send.mutateAsync({ invoiceId: invoice.id });
                toast("Sent and queued for push");
                setOpen(false);
              } catch (error) {
                toast(errorText(error), { tone: "error" });
              }
              await onDone();
            }}
          >
            Send invoice
          </Button>
        </DialogActions>
      </DialogContent>
    </Dialog>
  );
}

const localNote = (providers: string[], what: string) =>
  providers.length
    ? ` ${providers.join(", ")} cannot be updated from Plugboard: it is recorded here only, so ${what} there as well.`
    : "";

/** Void an open invoice, with an optional reason, after saying what happens at the provider. */
export function VoidInvoiceButton({
  invoice,
  onDone,
}: {
  invoice: InvoiceFacts;
  onDone: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const voidInvoice = useMutation(trpc.invoices.void.mutationOptions());
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="danger">Void</Button>
      </DialogTrigger>
      <DialogContent
        title={`Void ${invoice.number}?`}
        description={`The invoice is cancelled and can no longer be paid.${localNote(invoice.localOnlyProviders, "void it")}`}
      >
        <form
          className="space-y-4"
          onSubmit={async (event: FormEvent) => {
            event.preventDefault();
            try {
              await voidInvoice.mutateAsync({ invoiceId: invoice.id, reason: reason || undefined });
              toast(`${invoice.number} voided`);
              setOpen(false);
            } catch (error) {
              toast(errorText(error), { tone: "error" });
            }
            await onDone();
          }}
        >
          <FormField label="Reason (optional)">
            <Input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
          </FormField>
          <DialogActions cancelLabel="Keep it">
            <Button type="submit" variant="danger" pending={voidInvoice.isPending}>
              Void invoice
            </Button>
          </DialogActions>
        </form>
      </DialogContent>
    </Dialog>
  );
}

const methods = [
  ["bank_transfer", "Bank transfer"],
  ["card", "Card"],
  ["cash", "Cash"],
  ["cheque", "Cheque"],
  ["other", "Other"],
] as const;
type Method = (typeof methods)[number][0];

/** Record a payment made outside the provider: amount (the amount due by default), date and method. */
export function RecordPaymentButton({
  invoice,
  onDone,
}: {
  invoice: InvoiceFacts;
  onDone: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const record = useMutation(trpc.invoices.recordPayment.mutationOptions());
  const [open, setOpen] = useState(false);
  const due = minorToDecimalString(invoice.amountDueMinor, invoice.currency);
  const [amount, setAmount] = useState(due);
  const [paidOn, setPaidOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [method, setMethod] = useState<Method>("bank_transfer");
  const [reference, setReference] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setAmount(due);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary">Record payment</Button>
      </DialogTrigger>
      <DialogContent
        title={`Record a payment for ${invoice.number}`}
        description={`${formatMoney(invoice.amountDueMinor, invoice.currency)} is due. The invoice turns paid once the payments cover it; a part payment is recorded here only (a provider's payment page keeps asking for the full amount, so the portal then hides Pay now).${localNote(invoice.localOnlyProviders, "mark it paid")}`}
      >
        <form
          className="space-y-4"
          noValidate
          onSubmit={async (event: FormEvent) => {
            event.preventDefault();
            setError(null);
            let amountMinor: number;
            try {
              amountMinor = decimalToMinor(amount.trim(), invoice.currency);
            } catch {
              setError(`An amount like ${due}`);
              return;
            }
            try {
              const updated = await record.mutateAsync({
                invoiceId: invoice.id,
                amountMinor,
                paidOn,
                method,
                reference: reference || undefined,
              });
              toast(updated.status === "paid" ? `${invoice.number} is paid` : "Payment recorded");
              setOpen(false);
              await onDone();
            } catch (failure) {
              setError(errorText(failure));
            }
          }}
        >
          <FormField label={`Amount (${invoice.currency})`}>
            <Input inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
          </FormField>
          <FormField label="Paid on">
            <Input type="date" value={paidOn} onChange={(event) => setPaidOn(event.target.value)} />
          </FormField>
          <FormField label="Method">
            <Select value={method} onChange={(event) => setMethod(event.target.value as Method)}>
              {methods.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          </FormField>
          <FormField label="Reference (optional)">
            <Input value={reference} maxLength={200} onChange={(event) => setReference(event.target.value)} />
          </FormField>
          {error && (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          <DialogActions>
            <Button type="submit" pending={record.isPending}>
              Record payment
            </Button>
          </DialogActions>
        </form>
      </DialogContent>
    </Dialog>
  );
}
