"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { authClient } from "@/lib/auth-client";

const problems: Record<string, string> = {
  TOKEN_EXPIRED: "That confirmation link has expired. Ask for a new one below.",
  INVALID_TOKEN: "That confirmation link is not valid. Ask for a new one below.",
};

/** For a signed-in account whose address is not proven yet: what to do, and a way to get the link again. */
export function VerifyEmailNotice({
  email,
  callbackURL,
  purpose,
  problem,
}: {
  email: string;
  callbackURL: string;
  purpose: string;
  problem?: string;
}) {
  const [state, setState] = useState<"idle" | "sending" | "sent" | "failed">("idle");
  const [failure, setFailure] = useState<string | null>(null);
  const resend = async () => {
    setState("sending");
    const { error } = await authClient.sendVerificationEmail({ email, callbackURL });
    if (error) {
      setFailure(error.message ?? "Could not send the link. Try again in a minute.");
      setState("failed");
      return;
    }
    setState("sent");
  };
  return (
    <Card>
      <h2 className="text-base font-semibold">Check your inbox</h2>
      {problem && problems[problem] && (
        <p role="alert" className="mt-2 rounded-md bg-red-50 p-3 text-sm text-red-700">
          {problems[problem]}
        </p>
      )}
      <p className="mt-2 text-sm text-slate-600">
        We sent a link to <strong>{email}</strong>. Open it in this browser to confirm the address is yours,
        then {purpose}.
      </p>
      <div className="mt-4 flex items-center gap-3">
        <Button size="sm" variant="secondary" pending={state === "sending"} onClick={resend}>
          Send the link again
        </Button>
        {state === "sent" && (
          <p role="status" className="text-sm text-slate-700">
            Sent. It expires in 24 hours.
          </p>
        )}
        {state === "failed" && failure && (
          <p role="alert" className="text-sm text-red-700">
            {failure}
          </p>
        )}
      </div>
    </Card>
  );
}
