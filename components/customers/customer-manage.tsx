"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogActions, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { createCustomerInput } from "@/lib/schemas/customer";
import { useTRPC } from "@/lib/trpc/react";

type Customer = { id: string; name: string; email: string; billingAddress: string | null };
type CustomerFields = z.input<typeof createCustomerInput>;

const errorText = (error: unknown) => (error instanceof Error ? error.message : "Something went wrong");

/** Edit the customer's name, billing email and address. */
export function EditCustomerButton({ customer }: { customer: Customer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const update = useMutation(trpc.customers.update.mutationOptions());
  const form = useForm<CustomerFields, unknown, z.output<typeof createCustomerInput>>({
    resolver: zodResolver(createCustomerInput),
    values: { name: customer.name, email: customer.email, billingAddress: customer.billingAddress ?? "" },
  });
  const errors = form.formState.errors;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="secondary">Edit</Button>
      </DialogTrigger>
      <DialogContent title={`Edit ${customer.name}`}>
        <form
          noValidate
          className="space-y-4"
          onSubmit={form.handleSubmit(async (values) => {
            try {
              await update.mutateAsync({ customerId: customer.id, ...values });
              await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
              toast("Customer saved");
              setOpen(false);
            } catch (error) {
              form.setError("root", { message: errorText(error) });
            }
          })}
        >
          <FormField label="Name" error={errors.name?.message}>
            <Input {...form.register("name")} />
          </FormField>
          <FormField label="Billing email" error={errors.email?.message}>
            <Input type="email" {...form.register("email")} />
          </FormField>
          <FormField label="Billing address (optional)" error={errors.billingAddress?.message}>
            <Input {...form.register("billingAddress")} />
          </FormField>
          {errors.root?.message && (
            <p role="alert" className="text-sm text-red-700">
              {errors.root.message}
            </p>
          )}
          <DialogActions>
            <Button type="submit" pending={form.formState.isSubmitting}>
              Save
            </Button>
          </DialogActions>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Delete a customer without invoices (the server refuses one with invoices, and says so). */
export function DeleteCustomerButton({ customer }: { customer: Customer }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.customers.remove.mutationOptions());
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="danger">Delete</Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete ${customer.name}?`}
        description="The customer, its links and its portal access are removed. A customer with invoices cannot be deleted."
      >
        {error && (
          <p role="alert" className="mb-3 text-sm text-red-700">
            {error}
          </p>
        )}
        <DialogActions cancelLabel="Keep">
          <Button
            variant="danger"
            pending={remove.isPending}
            onClick={async () => {
              setError(null);
              try {
                await remove.mutateAsync({ customerId: customer.id });
                await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
                toast(`${customer.name} deleted`);
                router.push("/customers");
              } catch (failure) {
                setError(errorText(failure));
              }
            }}
          >
            Delete customer
          </Button>
        </DialogActions>
      </DialogContent>
    </Dialog>
  );
}

/** Where this customer's new invoices go: its own integration, or the tenant's default. */
export function BillingIntegrationCard({
  customerId,
  canManage,
}: {
  customerId: string;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.customers.billingIntegration.queryOptions({ customerId }));
  const integrations = useQuery({ ...trpc.integrations.list.queryOptions(), enabled: canManage });
  const setup = useMutation(trpc.customers.setupBillingIntegration.mutationOptions());
  const reset = useMutation(trpc.customers.removeBillingIntegration.mutationOptions());
  const [choice, setChoice] = useState("");
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.customers.billingIntegration.queryKey({ customerId }) });
  const current = status.data;
  const active = (integrations.data ?? []).filter((integration) => integration.status === "active");
  const describe = current?.integration
    ? `${current.integration.name} (${current.integration.providerName})${current.source === "tenant" ? ", the tenant's default" : ""}`
    : "No invoicing integration: invoices stay here until one is chosen.";
  return (
    <Card className="space-y-3">
      <h2 className="text-base font-semibold text-slate-900">Billing integration</h2>
      <p className="text-sm text-slate-700" data-testid="billing-integration">
        {status.isPending ? "Loading…" : `New invoices go to ${describe}`}
      </p>
      {canManage && (
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-64">
            <FormField label="Send this customer's invoices to">
              <Select value={choice} onChange={(event) => setChoice(event.target.value)}>
                <option value="">Choose an integration…</option>
                {active.map((integration) => (
                  <option key={integration.id} value={integration.id}>
                    {integration.name} ({integration.providerName})
                  </option>
                ))}
              </Select>
            </FormField>
          </div>
          <Button
            disabled={!choice}
            pending={setup.isPending}
            onClick={async () => {
              try {
                await setup.mutateAsync({ customerId, integrationId: choice });
                toast("Billing integration saved");
                setChoice("");
              } catch (error) {
                toast(errorText(error), { tone: "error" });
              }
              await refresh();
            }}
          >
            Use it
          </Button>
          {current?.source === "customer" && (
            <Button
              variant="ghost"
              pending={reset.isPending}
              onClick={async () => {
                try {
                  await reset.mutateAsync({ customerId });
                  toast("Back to the tenant's default");
                } catch (error) {
                  toast(errorText(error), { tone: "error" });
                }
                await refresh();
              }}
            >
              Use the tenant's default
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}
