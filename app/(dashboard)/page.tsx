import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { requireTenant } from "@/server/auth/tenant-page";

export default async function OverviewPage() {
  const { tenant, caller } = await requireTenant();
  const overview = await caller.tenants.overview();
  const stats = [
    { label: "Members", value: overview.members, href: "/settings/members" },
    { label: "Customers", value: overview.customers, href: "/customers" },
    { label: "Open invoices", value: overview.invoices.open ?? 0, href: "/invoices" },
    { label: "Paid invoices", value: overview.invoices.paid ?? 0, href: "/invoices" },
  ];
  return (
    <>
      <PageHeader title={tenant.name} description="Your billing hub at a glance." />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {stats.map((stat) => (
          <Link
            key={stat.label}
            href={stat.href}
            className="rounded-lg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            <Card className="p-4 hover:border-indigo-300">
              <p className="text-sm text-slate-600">{stat.label}</p>
              <p className="mt-1 text-3xl font-semibold">{stat.value}</p>
            </Card>
          </Link>
        ))}
      </div>
      <Card className="mt-6">
        <h2 className="text-base font-semibold">Next steps</h2>
        <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-700">
          <li>
            <Link className="text-indigo-600 hover:underline" href="/integrations">
              Connect your billing system
            </Link>{" "}
            (Stripe, Xero, QuickBooks and more).
          </li>
          <li>
            <Link className="text-indigo-600 hover:underline" href="/customers">
              Add your customers
            </Link>{" "}
            and create invoices.
          </li>
          <li>
            <Link className="text-indigo-600 hover:underline" href="/settings/members">
              Invite your team
            </Link>
            .
          </li>
        </ol>
      </Card>
    </>
  );
}
