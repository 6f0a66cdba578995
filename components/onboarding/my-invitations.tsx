"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/react";

type Invitation = { id: string; tenantName: string; role: string | null };

export function MyInvitations({ invitations }: { invitations: Invitation[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.members.accept.mutationOptions({
      onSuccess: () => {
        router.replace("/");
        router.refresh();
      },
      onError: (error) =>
        toast("Could not accept the invitation", { description: error.message, tone: "error" }),
    }),
  );
  return (
    <Card>
      <h2 className="text-base font-semibold">Invitations</h2>
      <ul className="mt-3 divide-y divide-slate-100">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="flex items-center justify-between gap-4 py-3">
            <span className="text-sm">
              Join <strong>{invitation.tenantName}</strong> as {invitation.role ?? "member"}
            </span>
            <Button size="sm" pending={accept.isPending} onClick={() => accept.mutate({ id: invitation.id })}>
              Accept
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
