import "server-only";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getAuth } from "./index";

/** The signed-in session for this request (deduplicated per render). */
export const getServerSession = cache(async () => {
  const auth = await getAuth();
  return auth.api.getSession({ headers: await headers() });
});

/** For pages that need a user: redirects to sign-in otherwise. */
export async function requireSession(returnTo?: string) {
  const session = await getServerSession();
  if (!session) redirect(returnTo ? `/sign-in?next=${encodeURIComponent(returnTo)}` : "/sign-in");
  return session;
}
