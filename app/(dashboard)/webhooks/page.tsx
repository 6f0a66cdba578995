import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Webhooks" };

export default function WebhooksPage() {
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Signed events your providers send to Plugboard, and their processing."
      />
      <EmptyState
        title="No webhook events received"
        description="Once an integration is connected, its webhook URL is shown in the setup wizard. Every event the provider sends is verified, stored once and listed here."
        action={
          <a href="/integrations" className="text-sm font-medium text-indigo-600 hover:underline">
            Go to integrations
          </a>
        }
      />
    </>
  );
}
