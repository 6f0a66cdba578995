"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import {
  bpsToPercentString,
  decimalToMinor,
  formatMoney,
  invoiceTotals,
  minorToDecimalString,
} from "@/lib/money";
import { useTRPC } from "@/lib/trpc/react";
import { ConfirmSendDialog } from "./confirm-send-dialog";
import {
  type DraftValues,
  type FormInput,
  type FormOutput,
  formSchema,
  formValuesOf,
  isoInDays,
  isoToday,
  toLine,
} from "./invoice-form-schema";

/** New invoice, or (with `draft`) the edit of a draft: same fields, the customer fixed. */
export function InvoiceForm({
  defaultCustomerId,
  draft,
}: {
  defaultCustomerId?: string;
  draft?: DraftValues;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const { data: customers } = useSuspenseQuery(trpc.customers.list.queryOptions({ limit: 200, offset: 0 }));
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<FormOutput | null>(null);
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: draft
      ? formValuesOf(draft)
      : {
          customerId: defaultCustomerId ?? "",
          currency: "GBP",
          issueDate: isoToday(),
          dueDate: isoInDays(30),
          memo: "",
          lines: [{ description: "", quantity: "1", unitPrice: "", taxPercent: "20" }],
        },
  });
  const update = useMutation(trpc.invoices.updateDraft.mutationOptions());
  const lines = useFieldArray({ control: form.control, name: "lines" });
  const watched = useWatch({ control: form.control });
  const create = useMutation(trpc.invoices.create.mutationOptions());
  const catalogue = useQuery(trpc.products.list.queryOptions());
  const errors = form.formState.errors;
  const currency = (watched.currency ?? "").toUpperCase();
  const productsInCurrency = (catalogue.data ?? []).filter((product) => product.currency === currency);

  const preview = (() => {
    const currency = (watched.currency ?? "").toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) return null;
    try {
      const parsed = (watched.lines ?? []).map((line) => ({
        quantity: Number(line?.quantity ?? 0),
        unitAmountMinor: decimalToMinor(line?.unitPrice || "0", currency),
        taxRateBps: decimalToMinor(line?.taxPercent || "0", "XXX"),
      }));
      if (parsed.some((line) => !Number.isInteger(line.quantity))) return null;
      return { currency, ...invoiceTotals(parsed) };
    } catch {
      return null;
    }
  })();

  const save = async (values: FormOutput, send: boolean) => {
    setFormError(null);
    try {
      if (draft) {
        await update.mutateAsync({
          invoiceId: draft.id,
          currency: values.currency,
          issueDate: values.issueDate,
          dueDate: values.dueDate,
          memo: values.memo || undefined,
          lines: values.lines.map((line) => toLine(line, values.currency)),
        });
        toast(`Draft ${draft.number} saved`);
        router.push(`/invoices/${draft.id}`);
        return;
      }
      const invoice = await create.mutateAsync({
        customerId: values.customerId,
        currency: values.currency,
        issueDate: values.issueDate,
        dueDate: values.dueDate,
        memo: values.memo || undefined,
        lines: values.lines.map((line) => toLine(line, values.currency)),
        send,
      });
      toast(send ? `${invoice.number} created and queued for push` : `Draft ${invoice.number} saved`);
      router.push(`/invoices/${invoice.id}`);
    } catch (error) {
      setFormError(error instanceof Error ? error.message : "Something went wrong. Try again.");
    }
  };
  const submit = (send: boolean) =>
    form.handleSubmit(async (values) => {
      // Sending is asked for once more, with who gets what.
      if (send) setConfirming(values);
      else await save(values, false);
    });
  if (customers.items.length === 0) {
    return (
      <Card>
        <p className="text-sm text-slate-700">Add a customer first: invoices are addressed to a customer.</p>
      </Card>
    );
  }
  return (
    <form className="space-y-6" noValidate onSubmit={draft ? submit(false) : submit(true)}>
      <Card className="grid gap-4 sm:grid-cols-2">
        {draft ? (
          <FormField label="Customer">
            <Input readOnly value={draft.customerName} />
          </FormField>
        ) : (
          <FormField label="Customer" error={errors.customerId?.message}>
            <Select {...form.register("customerId")}>
              <option value="">Choose…</option>
              {customers.items.map((customer) => (
                <option key={customer.id} value={customer.id}>
                  {customer.name} ({customer.email})
                </option>
              ))}
            </Select>
          </FormField>
        )}
        <FormField label="Currency" help="ISO 4217, e.g. GBP, USD, EUR" error={errors.currency?.message}>
          <Input {...form.register("currency")} maxLength={3} />
        </FormField>
        <FormField label="Issue date" error={errors.issueDate?.message}>
          <Input type="date" {...form.register("issueDate")} />
        </FormField>
        <FormField label="Due date" error={errors.dueDate?.message}>
          <Input type="date" {...form.register("dueDate")} />
        </FormField>
        <div className="sm:col-span-2">
          <FormField label="Memo (optional)" error={errors.memo?.message}>
            <Input {...form.register("memo")} />
          </FormField>
        </div>
      </Card>
      <Card className="space-y-4">
        <h2 className="text-base font-semibold text-slate-900">Lines</h2>
        {lines.fields.map((field, index) => (
          <fieldset key={field.id} className="grid gap-3 sm:grid-cols-[1fr_6rem_8rem_6rem_auto] sm:items-end">
            <legend className="sr-only">Line {index + 1}</legend>
            <FormField label="Description" error={errors.lines?.[index]?.description?.message}>
              <Input {...form.register(`lines.${index}.description`)} />
            </FormField>
            <FormField label="Quantity" error={errors.lines?.[index]?.quantity?.message}>
              <Input inputMode="numeric" {...form.register(`lines.${index}.quantity`)} />
            </FormField>
            <FormField label="Unit price" error={errors.lines?.[index]?.unitPrice?.message}>
              <Input inputMode="decimal" placeholder="0.00" {...form.register(`lines.${index}.unitPrice`)} />
            </FormField>
            <FormField label="Tax %" error={errors.lines?.[index]?.taxPercent?.message}>
              <Input inputMode="decimal" {...form.register(`lines.${index}.taxPercent`)} />
            </FormField>
            <Button
              type="button"
              variant="ghost"
              disabled={lines.fields.length === 1}
              onClick={() => lines.remove(index)}
              aria-label={`Remove line ${index + 1}`}
            >
              Remove
            </Button>
          </fieldset>
        ))}
        {errors.lines?.root?.message && <p className="text-sm text-red-700">{errors.lines.root.message}</p>}
        <div className="flex flex-wrap items-center gap-3">
          <Button
            type="button"
            variant="secondary"
            onClick={() => lines.append({ description: "", quantity: "1", unitPrice: "", taxPercent: "20" })}
          >
            Add line
          </Button>
          {productsInCurrency.length > 0 && (
            <Select
              aria-label="Add from catalogue"
              className="w-64"
              value=""
              onChange={(event) => {
                const product = productsInCurrency.find((candidate) => candidate.id === event.target.value);
                if (!product) return;
                const line = {
                  description: product.description ? `${product.name}: ${product.description}` : product.name,
                  quantity: "1",
                  unitPrice: minorToDecimalString(product.unitAmountMinor, product.currency),
                  taxPercent: bpsToPercentString(product.taxRateBps),
                };
                const current = form.getValues("lines");
                // An untouched first line is replaced rather than left empty.
                if (current.length === 1 && !current[0]?.description && !current[0]?.unitPrice)
                  lines.update(0, line);
                else lines.append(line);
              }}
            >
              <option value="">Add from catalogue…</option>
              {productsInCurrency.map((product) => (
                <option key={product.id} value={product.id}>
                  {product.name} ({formatMoney(product.unitAmountMinor, product.currency)})
                </option>
              ))}
            </Select>
          )}
        </div>
        {preview && (
          <dl className="ml-auto grid w-64 grid-cols-2 gap-1 text-sm" aria-label="Totals">
            <dt className="text-slate-600">Subtotal</dt>
            <dd className="text-right tabular-nums">
              {formatMoney(preview.subtotalMinor, preview.currency)}
            </dd>
            <dt className="text-slate-600">Tax</dt>
            <dd className="text-right tabular-nums">{formatMoney(preview.taxMinor, preview.currency)}</dd>
            <dt className="font-semibold">Total</dt>
            <dd className="text-right font-semibold tabular-nums">
              {formatMoney(preview.totalMinor, preview.currency)}
            </dd>
          </dl>
        )}
      </Card>
      {formError && (
        <p role="alert" className="text-sm text-red-700">
          {formError}
        </p>
      )}
      {draft ? (
        <div className="flex gap-3">
          <Button type="submit" pending={form.formState.isSubmitting}>
            Save changes
          </Button>
          <Button type="button" variant="secondary" onClick={() => router.push(`/invoices/${draft.id}`)}>
            Cancel
          </Button>
        </div>
      ) : (
        <div className="flex gap-3">
          <Button type="submit" pending={form.formState.isSubmitting}>
            Create and send
          </Button>
          <Button
            type="button"
            variant="secondary"
            onClick={submit(false)}
            disabled={form.formState.isSubmitting}
          >
            Save draft
          </Button>
        </div>
      )}
      <ConfirmSendDialog
        values={confirming}
        customerName={customers.items.find((customer) => customer.id === confirming?.customerId)?.name}
        pending={create.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={async (values) => {
          await save(values, true);
          setConfirming(null);
        }}
      />
    </form>
  );
}
