import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { PortalSignOut } from "@/components/portal/sign-out";
import { getServerSession } from "@/server/auth/session";

export const metadata: Metadata = { title: { default: "Billing portal", template: "%s · Billing portal" } };

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await getServerSession();
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between px-6 py-4">
          <Link href="/portal" className="text-base font-semibold text-slate-900">
            Billing portal
          </Link>
          {session && (
            <div className="flex items-center gap-3 text-sm text-slate-600">
              <span>{session.user.email}</span>
              <PortalSignOut />
            </div>
          )}
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-6 pt-8 pb-28">{children}</main>
    </div>
  );
}
