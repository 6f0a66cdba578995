import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Integrations" };

export default function IntegrationsPage() {
  return (
    <>
      <PageHeader
        title="Integrations"
        description="The billing, accounting, payment and automation systems this tenant works through."
      />
      <EmptyState
        title="No integrations connected yet"
        description="Connecting a provider (Stripe, Xero, QuickBooks, PayPal, Square and others) lets Plugboard push invoices into it and follow their status. The integration hub catalog arrives with the provider registry."
      />
    </>
  );
}
