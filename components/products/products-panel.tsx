"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { applyServerError } from "@/lib/form-errors";
import { bpsToPercentString, currencyDigits, decimalToMinor, formatMoney } from "@/lib/money";
import { useTRPC } from "@/lib/trpc/react";

export function ProductsPanel({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: products } = useSuspenseQuery(trpc.products.list.queryOptions());
  const remove = useMutation(trpc.products.remove.mutationOptions());
  return (
    <div className="space-y-4">
      {canManage && (
        <div className="flex justify-end">
          <AddProductDialog />
        </div>
      )}
      {products.length === 0 ? (
        <EmptyState
          title="No products yet"
          description="Products are an optional catalogue: picking one fills an invoice line's description, price and tax."
        />
      ) : (
        <Table aria-label="Products">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Description</TH>
              <TH className="text-right">Unit price</TH>
              <TH className="text-right">Tax</TH>
              {canManage && <TH />}
            </tr>
          </THead>
          <TBody>
            {products.map((product) => (
              <TR key={product.id}>
                <TD className="font-medium">{product.name}</TD>
                <TD>{product.description ?? "—"}</TD>
                <TD className="text-right tabular-nums">
                  {formatMoney(product.unitAmountMinor, product.currency)}
                </TD>
                <TD className="text-right tabular-nums">{bpsToPercentString(product.taxRateBps)}%</TD>
                {canManage && (
                  <TD className="text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={async () => {
                        await remove.mutateAsync({ productId: product.id });
                        await queryClient.invalidateQueries({ queryKey: trpc.products.list.queryKey() });
                        toast(`${product.name} deleted`);
                      }}
                    >
                      Delete
                    </Button>
                  </TD>
                )}
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}

const formSchema = z
  .object({
    name: z.string().trim().min(1, "Name the product").max(200),
    description: z.string().max(500).optional(),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "Three letters, e.g. GBP"),
    unitPrice: z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, "A price like 120.00"),
    taxPercent: z
      .string()
      .trim()
      .regex(/^\d+(\.\d{1,2})?$/, "A rate like 20"),
  })
  .refine((value) => (value.unitPrice.split(".")[1] ?? "").length <= currencyDigits(value.currency), {
    message: "Too many decimals for this currency",
    path: ["unitPrice"],
  })
  .refine((value) => Number(value.taxPercent) <= 100, { message: "At most 100", path: ["taxPercent"] });
type FormValues = z.infer<typeof formSchema>;

function AddProductDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: { currency: "GBP", taxPercent: "20" },
  });
  const create = useMutation(trpc.products.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await create.mutateAsync({
        name: values.name,
        description: values.description || undefined,
        currency: values.currency,
        unitAmountMinor: decimalToMinor(values.unitPrice, values.currency),
        taxRateBps: decimalToMinor(values.taxPercent, "XXX"),
      });
      await queryClient.invalidateQueries({ queryKey: trpc.products.list.queryKey() });
      toast("Product added");
      form.reset();
      setOpen(false);
    } catch (error) {
      setFormError(applyServerError(error, form.setError, ["name", "currency"]));
    }
  });
  const errors = form.formState.errors;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>Add product</Button>
      </DialogTrigger>
      <DialogContent title="Add product">
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <FormField label="Name" error={errors.name?.message}>
            <Input {...form.register("name")} />
          </FormField>
          <FormField label="Description (optional)" error={errors.description?.message}>
            <Input {...form.register("description")} />
          </FormField>
          <div className="grid grid-cols-3 gap-3">
            <FormField label="Currency" error={errors.currency?.message}>
              <Input maxLength={3} {...form.register("currency")} />
            </FormField>
            <FormField label="Unit price" error={errors.unitPrice?.message}>
              <Input inputMode="decimal" {...form.register("unitPrice")} />
            </FormField>
            <FormField label="Tax %" error={errors.taxPercent?.message}>
              <Input inputMode="decimal" {...form.register("taxPercent")} />
            </FormField>
          </div>
          {formError && (
            <p role="alert" className="text-sm text-red-700">
              {formError}
            </p>
          )}
          <Button type="submit" pending={form.formState.isSubmitting}>
            Add product
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}
