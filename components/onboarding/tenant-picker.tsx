"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc/react";

export function TenantPicker({ tenants }: { tenants: { id: string; name: string; role: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const open = useMutation(
    trpc.tenants.setActive.mutationOptions({
      onSuccess: () => {
        router.replace("/");
        router.refresh();
      },
    }),
  );
  return (
    <Card>
      <h2 className="text-base font-semibold">Your tenants</h2>
      <ul className="mt-3 divide-y divide-slate-100">
        {tenants.map((tenant) => (
          <li key={tenant.id} className="flex items-center justify-between gap-4 py-3">
            <span className="text-sm">
              <strong>{tenant.name}</strong> <span className="text-slate-500">({tenant.role})</span>
            </span>
            <Button
              size="sm"
              variant="secondary"
              pending={open.isPending}
              onClick={() => open.mutate({ tenantId: tenant.id })}
            >
              Open
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
