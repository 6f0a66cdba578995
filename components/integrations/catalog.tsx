"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/react";
import { ProviderLogo } from "./provider-logo";
import { ProviderStatusBadge } from "./status-badge";

const categoryNames: Record<string, string> = {
  payments: "Payments",
  accounting: "Accounting",
  bill_pay: "Bill pay",
  automation: "Automation",
  communication: "Communication",
  storage: "Storage",
  crm: "CRM",
  identity: "Identity",
  data: "Data",
};

/** The integration hub: every provider grouped by category, searchable, with this tenant's status. */
export function IntegrationCatalog() {
  const trpc = useTRPC();
  const { data: catalog } = useSuspenseQuery(trpc.integrations.catalog.queryOptions());
  const [search, setSearch] = useState("");
  const groups = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matching = catalog.filter(
      (entry) =>
        !needle ||
        `${entry.displayName} ${entry.description} ${entry.category}`.toLowerCase().includes(needle),
    );
    return Object.keys(categoryNames)
      .map((category) => ({ category, entries: matching.filter((entry) => entry.category === category) }))
      .filter((group) => group.entries.length > 0);
  }, [catalog, search]);

  return (
    <div className="space-y-8">
      <div className="max-w-sm">
        <label htmlFor="catalog-search" className="sr-only">
          Search integrations
        </label>
        <Input
          id="catalog-search"
          type="search"
          placeholder="Search integrations…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      {groups.length === 0 && <p className="text-sm text-slate-600">No integration matches “{search}”.</p>}
      {groups.map((group) => (
        <section key={group.category} aria-labelledby={`category-${group.category}`}>
          <h2
            id={`category-${group.category}`}
            className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500"
          >
            {categoryNames[group.category]}
          </h2>
          <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
            {group.entries.map((entry) => (
              <li key={entry.id}>
                <Link
                  href={`/integrations/connect/${entry.id}`}
                  className="flex h-full gap-3 rounded-lg border border-slate-200 bg-white p-4 hover:border-indigo-300 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                >
                  <ProviderLogo svg={entry.logo} name={entry.displayName} />
                  <span className="min-w-0">
                    <span className="flex flex-wrap items-center gap-2">
                      <span className="font-medium text-slate-900">{entry.displayName}</span>
                      <ProviderStatusBadge status={entry.status} />
                      {!entry.available && <Badge tone="neutral">{entry.unavailableReason}</Badge>}
                      {entry.connected > 0 && (
                        <Badge tone={entry.withErrors ? "danger" : "success"}>
                          {entry.withErrors
                            ? "error"
                            : `connected${entry.connected > 1 ? ` ×${entry.connected}` : ""}`}
                        </Badge>
                      )}
                    </span>
                    <span className="mt-1 line-clamp-2 block text-sm text-slate-600">
                      {entry.description}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
