import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ProviderAdmin } from "@/components/admin/provider-editor";
import { PageHeader } from "@/components/ui/card";
import { HydrateClient, prefetch, trpc } from "@/lib/trpc/server";
import { requireSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Providers" };

export default async function AdminProvidersPage() {
  const session = await requireSession("/admin/providers");
  if (session.user.isPlatformAdmin !== true || !session.user.emailVerified) notFound();
  prefetch(trpc.admin.providers.queryOptions());
  return (
    <HydrateClient>
      <main className="mx-auto max-w-6xl p-4 md:p-8">
        <Link href="/admin" className="text-sm text-indigo-600 hover:underline">
          ← Platform admin
        </Link>
        <PageHeader
          title="Provider registry"
          description="Display names, descriptions, logos, status and capabilities shown to every tenant."
        />
        <ProviderAdmin />
      </main>
    </HydrateClient>
  );
}
