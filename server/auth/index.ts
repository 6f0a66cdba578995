import { betterAuth } from "better-auth";
import { asc, eq } from "drizzle-orm";
import { env } from "@/lib/env";
import { type Db, getDb } from "@/server/db/client";
import { member } from "@/server/db/schema";
import { enqueue } from "@/server/jobs/boss";
import { logger } from "@/server/logger";
import { hasPortalAccess } from "@/server/services/portal/portal";
import { authOptions } from "./options";

function buildAuth(db: Db) {
  return betterAuth(
    authOptions(db, {
      sendInvitation: async ({ invitationId, email, tenantName, inviterName, role }) => {
        const link = new URL(`/accept-invitation/${invitationId}`, env.BETTER_AUTH_URL).toString();
        await enqueue("email.send", {
          to: email,
          subject: `${inviterName} invited you to ${tenantName} on Plugboard`,
          text: `${inviterName} invited you to join ${tenantName} on Plugboard as ${role}.\n\nAccept the invitation: ${link}\n\nThe link expires in 7 days.`,
        });
      },
      sendPortalLink: async ({ email, url }) => {
        // Only an address with live portal access gets a link that creates an account.
        if (!(await hasPortalAccess(db, email))) {
          logger.warn("portal link not sent: the address has no portal access");
          return;
        }
        await enqueue("email.send", {
          to: email,
          subject: "Your invoices on Plugboard",
          text: `Open your billing portal to see your invoices, their status and PDFs:\n\n${url}\n\nThe link works once and expires in 30 minutes. You can ask for a new one at ${new URL("/portal/sign-in", env.BETTER_AUTH_URL).toString()}.`,
        });
      },
      firstTenantOf: async (userId) => {
        const [first] = await db
          .select({ tenantId: member.organizationId })
          .from(member)
          .where(eq(member.userId, userId))
          .orderBy(asc(member.createdAt))
          .limit(1);
        return first?.tenantId ?? null;
      },
    }),
  );
}

export type Auth = ReturnType<typeof buildAuth>;
export type AuthSession = Auth["$Infer"]["Session"];

const globalForAuth = globalThis as unknown as { plugboardAuth?: Promise<Auth> };

/** The better-auth instance, built on first use over the lazily opened database. */
export function getAuth(): Promise<Auth> {
  globalForAuth.plugboardAuth ??= getDb()
    .then(buildAuth)
    .catch((error: unknown) => {
      globalForAuth.plugboardAuth = undefined;
      throw error;
    });
  return globalForAuth.plugboardAuth;
}
