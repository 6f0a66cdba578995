import type { Metadata } from "next";
import { RequestLinkForm } from "@/components/portal/request-link-form";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sign in" };

export default function PortalSignInPage() {
  return (
    <Card className="mx-auto max-w-md space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Sign in to see your invoices</h1>
      <p className="text-sm text-slate-600">
        We email you a link: no password needed. Use the address your supplier invited.
      </p>
      <RequestLinkForm />
    </Card>
  );
}
