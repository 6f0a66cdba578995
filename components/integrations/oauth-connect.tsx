"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/lib/trpc/react";

/** Sends the admin to the provider's consent screen (PKCE; the state is kept server-side). */
export function OAuthConnectButton({
  provider,
  displayName,
  integrationId,
  label,
}: {
  provider: string;
  displayName: string;
  integrationId?: string;
  label?: string;
}) {
  const trpc = useTRPC();
  const start = useMutation(
    trpc.oauth.start.mutationOptions({
      onSuccess: ({ authorizationUrl }) => window.location.assign(authorizationUrl),
      onError: (error) =>
        toast(`Could not start the ${displayName} connection`, { description: error.message, tone: "error" }),
    }),
  );
  return (
    <Button pending={start.isPending} onClick={() => start.mutate({ provider, integrationId })}>
      {label ?? `Connect with ${displayName}`}
    </Button>
  );
}
