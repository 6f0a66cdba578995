import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { KeyRotation } from "@/components/admin/key-rotation";
import { SyncAllTenants } from "@/components/admin/sync-all";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDate } from "@/lib/dates";
import { serverCaller } from "@/lib/trpc/server";
import { requireSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Platform admin" };

export default async function AdminPage() {
  const session = await requireSession("/admin");
  if (session.user.isPlatformAdmin !== true || !session.user.emailVerified) notFound();
  const caller = await serverCaller();
  const [stats, tenants] = await Promise.all([caller.admin.stats(), caller.admin.tenants()]);
  return (
    <main className="mx-auto max-w-5xl p-4 md:p-8">
      <Link href="/" className="text-sm text-indigo-600 hover:underline">
        ← Dashboard
      </Link>
      <PageHeader
        title="Platform admin"
        description={`${stats.tenants} tenants · ${stats.users} users`}
        actions={
          <Link href="/admin/providers" className="text-sm font-medium text-indigo-600 hover:underline">
            Provider registry →
          </Link>
        }
      />
      <Card className="p-0">
        <Table aria-label="Tenants">
          <THead>
            <tr>
              <TH>Tenant</TH>
              <TH>Slug</TH>
              <TH>Members</TH>
              <TH>Created</TH>
            </tr>
          </THead>
          <TBody>
            {tenants.map((tenant) => (
              <TR key={tenant.id}>
                <TD className="font-medium">{tenant.name}</TD>
                <TD className="font-mono">{tenant.slug}</TD>
                <TD>{tenant.members}</TD>
                <TD>{formatDate(tenant.createdAt)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </Card>
      <KeyRotation />
      <SyncAllTenants />
    </main>
  );
}
