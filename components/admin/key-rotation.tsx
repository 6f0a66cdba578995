"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/react";

/** Sealed values per encryption key, and the button that re-encrypts them under the current key. */
export function KeyRotation() {
  const trpc = useTRPC();
  const keys = useQuery({ ...trpc.admin.keys.queryOptions(), refetchInterval: 3000 });
  const rotate = useMutation(
    trpc.admin.rotateKeys.mutationOptions({
      onSuccess: () =>
        toast("Rotation queued", {
          description: "Values are re-encrypted in the background; counts update here.",
        }),
      onError: (error) =>
        toast("Could not queue the rotation", { description: error.message, tone: "error" }),
    }),
  );
  const usage = Object.entries(keys.data?.usage ?? {});
  const behind = usage
    .filter(([id]) => id !== keys.data?.currentId)
    .reduce((sum, [, count]) => sum + count, 0);
  return (
    <Card className="mt-6">
      <h2 className="text-base font-semibold">Encryption keys</h2>
      <p className="mt-1 text-sm text-slate-600">
        Current key: <code className="font-mono">{keys.data?.currentId ?? "…"}</code>. Add a key to
        ENCRYPTION_KEYS, make it current, restart, then rotate; remove the old key when nothing is left on it.
      </p>
      <ul className="mt-3 flex flex-wrap gap-2" aria-label="Sealed values per key">
        {usage.map(([id, count]) => (
          <li key={id}>
            <Badge tone={id === keys.data?.currentId ? "success" : "warning"}>
              {id}: {count}
            </Badge>
          </li>
        ))}
        {usage.length === 0 && <li className="text-sm text-slate-500">No sealed values yet.</li>}
      </ul>
      <Button
        className="mt-4"
        variant="secondary"
        pending={rotate.isPending}
        disabled={behind === 0}
        onClick={() => rotate.mutate()}
      >
        {behind === 0 ? "Everything is on the current key" : `Rotate ${behind} values to the current key`}
      </Button>
    </Card>
  );
}
