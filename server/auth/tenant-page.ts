import "server-only";

import { redirect } from "next/navigation";
import { cache } from "react";
import { serverCaller } from "@/lib/trpc/server";
import { requireSession } from "./session";

/** For dashboard pages: a signed-in user with an active tenant, or a redirect to where they can get one. */
export const requireTenant = cache(async () => {
  const session = await requireSession();
  if (!session.session.activeOrganizationId) redirect("/onboarding");
  const caller = await serverCaller();
  const tenant = await caller.tenants.current().catch(() => null);
  if (!tenant) redirect("/onboarding");
  return { session, tenant, caller };
});
