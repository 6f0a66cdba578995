"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { invoiceStatusTone, syncStatusTone } from "@/lib/sync-status";
import { useTRPC } from "@/lib/trpc/react";
import { BillingIntegrationCard, DeleteCustomerButton, EditCustomerButton } from "./customer-manage";

export function CustomerDetail({ customerId, canManage }: { customerId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const { data: customer } = useSuspenseQuery(trpc.customers.byId.queryOptions({ customerId }));
  const { data: invoices } = useSuspenseQuery(
    trpc.invoices.listForCustomer.queryOptions({ customerId, limit: 100, offset: 0 }),
  );
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{customer.name}</h1>
          <p className="mt-1 text-sm text-slate-600">
            {customer.email}
            {customer.billingAddress ? ` · ${customer.billingAddress}` : ""}
          </p>
        </div>
        {canManage && (
          <div className="flex flex-wrap gap-2">
            <Link href={`/invoices/new?customer=${customer.id}`} className={buttonVariants()}>
              New invoice
            </Link>
            <EditCustomerButton customer={customer} />
            {invoices.total === 0 && <DeleteCustomerButton customer={customer} />}
          </div>
        )}
      </div>
      <BillingIntegrationCard customerId={customerId} canManage={canManage} />
      <Card className="space-y-3">
        <h2 className="text-base font-semibold text-slate-900">Invoices</h2>
        {invoices.items.length === 0 ? (
          <p className="text-sm text-slate-600">No invoices for this customer yet.</p>
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Number</TH>
                <TH>Status</TH>
                <TH>Sync</TH>
                <TH className="text-right">Total</TH>
                <TH>Due</TH>
              </tr>
            </THead>
            <TBody>
              {invoices.items.map((invoice) => (
                <TR key={invoice.id}>
                  <TD className="font-medium">
                    <Link href={`/invoices/${invoice.id}`} className="text-indigo-700 hover:underline">
                      {invoice.number}
                    </Link>
                  </TD>
                  <TD>
                    <Badge tone={invoiceStatusTone[invoice.overdue ? "overdue" : invoice.status]}>
                      {invoice.overdue ? "overdue" : invoice.status}
                    </Badge>
                  </TD>
                  <TD>
                    {invoice.sync ? (
                      <Badge tone={syncStatusTone[invoice.sync.status]}>
                        {invoice.sync.status} · {invoice.sync.providerName}
                      </Badge>
                    ) : (
                      "—"
                    )}
                  </TD>
                  <TD className="text-right tabular-nums">
                    {formatMoney(invoice.totalMinor, invoice.currency)}
                  </TD>
                  <TD>{formatDate(invoice.dueDate)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      {canManage && <PortalAccess customerId={customerId} defaultEmail={customer.email} />}
    </div>
  );
}

const inviteSchema = z.object({ email: z.email("Enter a valid email address") });

/** Who may open this customer's invoices in the portal; an invitation emails a sign-in link. */
function PortalAccess({ customerId, defaultEmail }: { customerId: string; defaultEmail: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: access } = useSuspenseQuery(trpc.portal.access.queryOptions({ customerId }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.portal.access.queryKey({ customerId }) });
  const invite = useMutation(trpc.portal.invite.mutationOptions());
  const revoke = useMutation(trpc.portal.revoke.mutationOptions());
  // The billing email is suggested only while it has no portal access yet.
  const invited = access.some((entry) => entry.email.toLowerCase() === defaultEmail.toLowerCase());
  const form = useForm<z.infer<typeof inviteSchema>>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { email: invited ? "" : defaultEmail },
  });
  return (
    <Card className="space-y-4">
      <div>
        <h2 className="text-base font-semibold text-slate-900">Customer portal</h2>
        <p className="text-sm text-slate-600">
          Contacts see this customer's invoices, their status and PDFs at /portal. Read-only.
        </p>
      </div>
      {access.length > 0 && (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Portal access">
          {access.map((entry) => (
            <li key={entry.id} className="flex items-center justify-between py-2">
              <span>
                {entry.email}{" "}
                <Badge tone={entry.revokedAt ? "neutral" : entry.acceptedAt ? "success" : "warning"}>
                  {entry.revokedAt ? "revoked" : entry.acceptedAt ? "signed in" : "invited"}
                </Badge>
              </span>
              {!entry.revokedAt && (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={async () => {
                    await revoke.mutateAsync({ accessId: entry.id });
                    await refresh();
                    toast(`${entry.email} can no longer open the portal`);
                  }}
                >
                  Revoke
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        noValidate
        className="flex flex-wrap items-end gap-3"
        onSubmit={form.handleSubmit(async ({ email }) => {
          try {
            await invite.mutateAsync({ customerId, email });
            await refresh();
            form.reset({ email: "" });
            toast(`Sign-in link sent to ${email}`);
          } catch (error) {
            toast("Could not invite", {
              description: error instanceof Error ? error.message : "",
              tone: "error",
            });
          }
        })}
      >
        <div className="min-w-64 flex-1">
          <FormField label="Contact email" error={form.formState.errors.email?.message}>
            <Input type="email" {...form.register("email")} />
          </FormField>
        </div>
        <Button type="submit" pending={form.formState.isSubmitting}>
          Invite to portal
        </Button>
      </form>
    </Card>
  );
}
