import { apiKey } from "@better-auth/api-key";
import type { BetterAuthOptions } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { magicLink, organization } from "better-auth/plugins";
import { env } from "@/lib/env";
import { logger } from "@/server/logger";
import { accessControl, tenantRoles } from "./access";
import { trustedOrigins } from "./origins";

/** Prefix of every tenant API key; lets secret scanners and humans recognise one. */
export const API_KEY_PREFIX = "pb_";

/**
 * Header in which our auth route passes better-auth the caller's trusted address (server/http/
 * client-address.ts); the route overwrites whatever a caller sent under this name.
 */
export const TRUSTED_ADDRESS_HEADER = "x-plugboard-client-address";

/** better-auth's key routes: keys are managed only through our own procedures, which check roles. */
const apiKeyRoutes = [
  "/api-key/create",
  "/api-key/update",
  "/api-key/delete",
  "/api-key/get",
  "/api-key/list",
];

type InvitationMail = {
  invitationId: string;
  email: string;
  tenantName: string;
  inviterName: string;
  role: string;
};

/**
 * better-auth configuration, free of side effects so the schema generator can load it.
 * An organization is a tenant; roles are owner / admin / member.
 */
export function authOptions(
  // biome-ignore lint/suspicious/noExplicitAny: the drizzle adapter accepts any drizzle database type
  db: any,
  hooks: {
    sendInvitation: (mail: InvitationMail) => Promise<void>;
    /** Customer portal sign-in: a single-use link that also proves the contact owns the address. */
    sendPortalLink: (mail: { email: string; url: string }) => Promise<void>;
    firstTenantOf: (userId: string) => Promise<string | null>;
    /** False for a customer's portal contact: they read invoices and never get a tenant of their own. */
    mayCreateTenant: (user: { id: string; email: string; emailVerified: boolean }) => Promise<boolean>;
    /** Mails the link that proves the address (sign-up, or asked again). */
    sendVerification: (mail: { email: string; url: string }) => Promise<void>;
    /** Mails a password reset link. */
    sendPasswordReset: (mail: { email: string; url: string }) => Promise<void>;
    /**
     * Before an address is marked verified: the link must be opened by the account holder (signed
     * in as that user), so a mailbox owner clicking a link someone else's sign-up sent cannot verify
     * an account whose password a stranger chose.
     */
    beforeEmailVerification: (
      user: { id: string; email: string },
      request: Request | undefined,
    ) => Promise<void>;
    /** A reset by emailed link proves the address too. */
    afterPasswordReset: (userId: string) => Promise<void>;
  },
) {
  return {
    appName: "Plugboard",
    logger: {
      log: (level, message, ...args) => logger[level]({ source: "better-auth", args }, message),
    },
    baseURL: env.BETTER_AUTH_URL,
    secret: env.BETTER_AUTH_SECRET,
    trustedOrigins,
    database: drizzleAdapter(db, { provider: "pg", usePlural: false }),
    // Portal links are only sent by the app (to addresses with portal access), never on request
    // of an anonymous caller; the link's own verification path stays open.
    disabledPaths: ["/sign-in/magic-link", ...apiKeyRoutes],
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      resetPasswordTokenExpiresIn: 60 * 60,
      // Whoever knew the old password (or squatted the address) is signed out everywhere.
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => hooks.sendPasswordReset({ email: user.email, url }),
      onPasswordReset: async ({ user }) => hooks.afterPasswordReset(user.id),
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: 24 * 60 * 60,
      sendVerificationEmail: async ({ user, url }) => hooks.sendVerification({ email: user.email, url }),
      beforeEmailVerification: async (user, request) => hooks.beforeEmailVerification(user, request),
    },
    advanced: {
      // Rate limits and session records use the address our route resolved (TRUSTED_PROXY_HOPS), never
      // a caller's own X-Forwarded-For.
      ipAddress: { ipAddressHeaders: [TRUSTED_ADDRESS_HEADER] },
    },
    user: {
      additionalFields: {
        isPlatformAdmin: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    rateLimit: {
      enabled: env.NODE_ENV === "production",
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: 30 },
        "/sign-up/email": { window: 60, max: 30 },
        "/reset-password": { window: 60, max: 30 },
        // These send mail: fewer per address, so nobody floods a mailbox through us.
        "/request-password-reset": { window: 60, max: 5 },
        "/send-verification-email": { window: 60, max: 5 },
      },
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user) => ({
            data: { ...user, isPlatformAdmin: env.PLATFORM_ADMINS.includes(user.email.toLowerCase()) },
          }),
        },
      },
      session: {
        create: {
          // A new session starts in the user's first tenant, so the dashboard opens where they work.
          before: async (session) => ({
            data: { ...session, activeOrganizationId: await hooks.firstTenantOf(session.userId) },
          }),
        },
      },
    },
    plugins: [
      organization({
        ac: accessControl,
        roles: tenantRoles,
        allowUserToCreateOrganization: (user) => hooks.mayCreateTenant(user),
        creatorRole: "owner",
        invitationExpiresIn: 7 * 24 * 60 * 60,
        cancelPendingInvitationsOnReInvite: true,
        // Only an account that proved it owns the invited address can see or accept the invitation.
        requireEmailVerificationOnInvitation: true,
        sendInvitationEmail: async ({ id, email, organization: tenant, inviter, role }) => {
          await hooks.sendInvitation({
            invitationId: id,
            email,
            tenantName: tenant.name,
            inviterName: inviter.user.name,
            role,
          });
        },
      }),
      apiKey({
        references: "organization",
        defaultPrefix: API_KEY_PREFIX,
        apiKeyHeaders: ["x-api-key"],
        // Rights never come from key metadata (a tenant could write it); see api_key_creator.
        enableMetadata: false,
        rateLimit: { enabled: false },
      }),
      magicLink({
        expiresIn: 30 * 60,
        sendMagicLink: async ({ email, url }) => hooks.sendPortalLink({ email, url }),
      }),
      nextCookies(),
    ],
  } satisfies BetterAuthOptions;
}
