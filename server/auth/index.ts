import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { asc, eq } from "drizzle-orm";
import { env } from "@/lib/env";
import { type Db, getDb } from "@/server/db/client";
import { member, user } from "@/server/db/schema";
import { enqueue } from "@/server/jobs/boss";
import { logger } from "@/server/logger";
import { revokeKeysCreatedBy } from "@/server/services/api-keys/api-keys";
import { hasPortalAccess, isPortalOnly } from "@/server/services/portal/portal";
import { authOptions } from "./options";
import { recordSuccessfulSignIn } from "./sign-in-backoff";

function buildAuth(db: Db) {
  const auth = betterAuth(
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
      mayCreateTenant: async (user) => !(await isPortalOnly(db, user)),
      firstTenantOf: async (userId) => {
        const [first] = await db
          .select({ tenantId: member.organizationId })
          .from(member)
          .where(eq(member.userId, userId))
          .orderBy(asc(member.createdAt))
          .limit(1);
        return first?.tenantId ?? null;
      },
      sendVerification: async ({ email, url }) => {
        await enqueue("email.send", {
          to: email,
          subject: "Confirm your email address for Plugboard",
          text: `Someone created a Plugboard account with this address. If it was you, confirm the address (open the link in the browser where you signed up, or sign in first):\n\n${url}\n\nThe link expires in 24 hours. Until the address is confirmed, the account cannot see or accept invitations.\n\nIf it was not you, do not open the link. You can take the address back with "Forgot password?" at ${new URL("/sign-in", env.BETTER_AUTH_URL).toString()}.`,
        });
      },
      sendPasswordReset: async ({ email, url }) => {
        await enqueue("email.send", {
          to: email,
          subject: "Reset your Plugboard password",
          text: `Choose a new password for your Plugboard account:\n\n${url}\n\nThe link works once and expires in 1 hour. Resetting signs the account out everywhere. If you did not ask for this, ignore this email.`,
        });
      },
      beforeEmailVerification: async (target, request) => {
        const session = request ? await auth.api.getSession({ headers: request.headers }) : null;
        if (session?.user.id === target.id) return;
        if (!request) throw APIError.fromStatus("FORBIDDEN", { message: "Sign in to confirm your address" });
        // Not signed in as this account: sign in first, then come back to the same link.
        const link = new URL(request.url);
        const signIn = new URL("/sign-in", env.BETTER_AUTH_URL);
        signIn.searchParams.set("next", `${link.pathname}${link.search}`);
        signIn.searchParams.set("reason", "verify");
        throw new APIError("FOUND", undefined, new Headers({ location: signIn.toString() }));
      },
      afterPasswordReset: async (userId) => {
        const [account] = await db
          .select({ email: user.email, emailVerified: user.emailVerified })
          .from(user)
          .where(eq(user.id, userId));
        if (!account) return;
        // The reset proved the address: keys left by whoever held the unproven account go.
        if (!account.emailVerified) await revokeKeysCreatedBy(db, userId);
        await db.update(user).set({ emailVerified: true }).where(eq(user.id, userId));
        // The owner is back in: failed sign-ins (perhaps someone else's) no longer lock the account.
        await recordSuccessfulSignIn(db, account.email);
      },
    }),
  );
  return auth;
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
