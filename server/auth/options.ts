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
    disabledPaths: ["/sign-in/magic-link"],
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128 },
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
      customRules: { "/sign-in/email": { window: 60, max: 30 }, "/sign-up/email": { window: 60, max: 30 } },
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
        allowUserToCreateOrganization: true,
        creatorRole: "owner",
        invitationExpiresIn: 7 * 24 * 60 * 60,
        cancelPendingInvitationsOnReInvite: true,
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
        enableMetadata: true,
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
