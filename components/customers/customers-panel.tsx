"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDate } from "@/lib/dates";
import { applyServerError } from "@/lib/form-errors";
import { createCustomerInput } from "@/lib/schemas/customer";
import { useTRPC } from "@/lib/trpc/react";

export function CustomersPanel({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.customers.list.queryOptions({ limit: 50, offset: 0 }));
  return (
    <div className="space-y-4">
      {canManage && (
        <div className="flex justify-end">
          <AddCustomerDialog />
        </div>
      )}
      {data.items.length === 0 ? (
        <EmptyState
          title="No customers yet"
          description={
            canManage
              ? "Add a customer to start invoicing them."
              : "An owner or admin adds customers; they will show up here."
          }
        />
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Email</TH>
              <TH>Billing address</TH>
              <TH>Added</TH>
            </tr>
          </THead>
          <TBody>
            {data.items.map((customer) => (
              <TR key={customer.id}>
                <TD className="font-medium">
                  <Link href={`/customers/${customer.id}`} className="text-indigo-700 hover:underline">
                    {customer.name}
                  </Link>
                </TD>
                <TD>{customer.email}</TD>
                <TD>{customer.billingAddress ?? "—"}</TD>
                <TD>{formatDate(customer.createdAt)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}

function AddCustomerDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof createCustomerInput>, unknown, z.output<typeof createCustomerInput>>({
    resolver: zodResolver(createCustomerInput),
  });
  const create = useMutation(trpc.customers.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await create.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.customers.list.queryKey() });
      toast("Customer added");
      form.reset();
      setOpen(false);
    } catch (error) {
      setFormError(applyServerError(error, form.setError, ["name", "email", "billingAddress"]));
    }
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>Add customer</Button>
      </DialogTrigger>
      <DialogContent title="Add customer">
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <FormField label="Name" error={form.formState.errors.name?.message}>
            <Input {...form.register("name")} />
          </FormField>
          <FormField label="Billing email" error={form.formState.errors.email?.message}>
            <Input type="email" {...form.register("email")} />
          </FormField>
          <FormField label="Billing address" error={form.formState.errors.billingAddress?.message}>
            <Input {...form.register("billingAddress")} />
          </FormField>
          {formError && (
            <p role="alert" className="text-sm text-red-700">
              {formError}
            </p>
          )}
          <Button type="submit" pending={form.formState.isSubmitting}>
            Add customer
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}
