"use client";

import { useMutation } from "@tanstack/react-query";
import { Menu } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

const navigation = [
  { href: "/", label: "Overview" },
  { href: "/integrations", label: "Integrations" },
  { href: "/customers", label: "Customers" },
  { href: "/invoices", label: "Invoices" },
  { href: "/products", label: "Products" },
  { href: "/webhooks", label: "Webhooks" },
  { href: "/settings", label: "Settings" },
];

type Props = {
  user: { name: string; email: string; isPlatformAdmin: boolean };
  tenant: { id: string; name: string; role: string };
  tenants: { id: string; name: string }[];
  children: ReactNode;
};

/** Dashboard frame: navigation (a drawer on small screens), tenant switcher, sign-out. */
export function AppShell({ user, tenant, tenants, children }: Props) {
  const pathname = usePathname();
  const router = useRouter();
  const trpc = useTRPC();
  const [menuOpen, setMenuOpen] = useState(false);
  const switchTenant = useMutation(
    trpc.tenants.setActive.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const items = user.isPlatformAdmin ? [...navigation, { href: "/admin", label: "Admin" }] : navigation;
  const isActive = (href: string) => (href === "/" ? pathname === "/" : pathname.startsWith(href));

  async function signOut() {
    await authClient.signOut();
    router.replace("/sign-in");
    router.refresh();
  }

  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="flex items-center justify-between border-b border-slate-200 bg-white p-3 md:hidden">
        <span className="font-bold text-indigo-700">Plugboard</span>
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <Menu className="size-5" aria-hidden />
          <span className="sr-only">Menu</span>
        </Button>
      </header>
      <aside
        id="sidebar"
        className={cn(
          "w-full border-r border-slate-200 bg-white p-4 md:block md:min-h-screen md:w-60 md:shrink-0",
          menuOpen ? "block" : "hidden",
        )}
      >
        <p className="hidden text-lg font-bold text-indigo-700 md:block">Plugboard</p>
        <label className="mt-4 block text-xs font-medium uppercase text-slate-500" htmlFor="tenant-switcher">
          Tenant
        </label>
        <Select
          id="tenant-switcher"
          className="mt-1"
          value={tenant.id}
          disabled={switchTenant.isPending}
          onChange={(event) => switchTenant.mutate({ tenantId: event.target.value })}
        >
          {tenants.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
            </option>
          ))}
        </Select>
        <nav aria-label="Main" className="mt-6">
          <ul className="space-y-1">
            {items.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  onClick={() => setMenuOpen(false)}
                  aria-current={isActive(item.href) ? "page" : undefined}
                  className={cn(
                    "block rounded-md px-3 py-2 text-sm font-medium",
                    isActive(item.href)
                      ? "bg-indigo-50 text-indigo-700"
                      : "text-slate-700 hover:bg-slate-100",
                  )}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="mt-8 border-t border-slate-200 pt-4 text-sm">
          <p className="font-medium" data-testid="current-user">
            {user.name}
          </p>
          <p className="truncate text-slate-500">{user.email}</p>
          <p className="text-slate-500">Role: {tenant.role}</p>
          <Button variant="secondary" size="sm" className="mt-3 w-full" onClick={signOut}>
            Sign out
          </Button>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 p-4 pb-28 md:p-8 md:pb-28">
        {children}
      </main>
    </div>
  );
}
