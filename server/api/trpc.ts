import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError } from "@trpc/server";
import { APIError } from "better-auth/api";
import { and, eq } from "drizzle-orm";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { AppError } from "@/lib/errors";
import { nulPathsOf } from "@/lib/nul";
import { isTenantManager, type TenantRole, tenantRoleNames } from "@/lib/roles";
import { type AuthSession, getAuth } from "@/server/auth";
import { getDb } from "@/server/db/client";
import { busyDatabaseError, isDatabaseBusy } from "@/server/db/errors";
import { apiKeyCreator, apikey, member, user } from "@/server/db/schema";
import { clientAddressOf } from "@/server/http/client-address";
import { logger } from "@/server/logger";
import type { Actor } from "@/server/services/context";
import { errorBodyFromTRPC, toTRPCError } from "./errors";

export type { Actor };

/**
 * Builds the per-request context: database, session or API key, and a request id for logs. A
 * database too busy to answer (lock or statement timeout) while the caller is identified is a 503
 * with Retry-After, like the same timeout inside a procedure.
 */
export async function createTRPCContext(opts: { headers: Headers }) {
  try {
    return await buildContext(opts);
  } catch (error) {
    if (error instanceof AppError) throw toTRPCError(error);
    throw isDatabaseBusy(error) ? toTRPCError(busyDatabaseError(error)) : error;
  }
}

async function buildContext(opts: { headers: Headers }) {
  const [db, auth] = await Promise.all([getDb(), getAuth()]);
  const requestId = opts.headers.get("x-request-id") ?? randomUUID();
  const session: AuthSession | null = await auth.api
    .getSession({ headers: opts.headers })
    .catch((error: unknown) => {
      // better-auth reports a session it could not read (its store timed out) as a bare 500.
      throw error instanceof APIError && error.statusCode >= 500 ? busyDatabaseError(error) : error;
    });
  let actor: Actor | null = null;
  let authError: string | null = null;
  if (session) {
    actor = {
      type: "user",
      userId: session.user.id,
      email: session.user.email,
      emailVerified: session.user.emailVerified === true,
      // An address listed in PLATFORM_ADMINS counts only once its owner proved it.
      isPlatformAdmin: session.user.isPlatformAdmin === true && session.user.emailVerified === true,
    };
  } else {
    const key = apiKeyFrom(opts.headers);
    if (key) {
      const verified = await auth.api.verifyApiKey({ body: { key } });
      if (verified.valid && verified.key) {
        actor = {
          type: "apiKey",
          keyId: verified.key.id,
          tenantId: verified.key.referenceId,
          isPlatformAdmin: await keyOfPlatformAdmin(db, verified.key.id),
        };
      } else {
        await assertKeysReadable(db);
        authError = "Invalid, expired or revoked API key";
      }
    }
  }
  const ip = clientAddressOf(opts.headers);
  return {
    db,
    auth,
    headers: opts.headers,
    session,
    actor,
    authError,
    requestId,
    ip,
    log: logger.child({ requestId }),
  };
}

/**
 * A key inherits platform-admin rights from the platform admin who created it, while they remain one.
 * The creator comes from api_key_creator, written only by our own key procedure and the admin CLI;
 * never from the key's better-auth metadata, which its tenant could write.
 */
async function keyOfPlatformAdmin(db: Awaited<ReturnType<typeof getDb>>, keyId: string) {
  const [creator] = await db
    .select({ isPlatformAdmin: user.isPlatformAdmin, emailVerified: user.emailVerified })
    .from(apiKeyCreator)
    .innerJoin(user, eq(user.id, apiKeyCreator.userId))
    .where(eq(apiKeyCreator.keyId, keyId))
    .limit(1);
  return creator?.isPlatformAdmin === true && creator.emailVerified;
}

/**
 * better-auth answers "invalid key" for any failure while verifying, a locked or timed-out key table
 * included. Before a caller is told its key is invalid, one read of that table tells the two apart: a
 * busy database throws here (answered 503 with Retry-After), an unknown key does not.
 */
async function assertKeysReadable(db: Awaited<ReturnType<typeof getDb>>) {
  await db.select({ id: apikey.id }).from(apikey).limit(1);
}

function apiKeyFrom(headers: Headers): string | null {
  const header = headers.get("x-api-key");
  if (header) return header.trim();
  const authorization = headers.get("authorization");
  return authorization?.toLowerCase().startsWith("bearer ") ? authorization.slice(7).trim() : null;
}

export type Context = Awaited<ReturnType<typeof buildContext>>;

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const body = errorBodyFromTRPC(error);
      return {
        ...body,
        code: shape.code,
        data: { code: shape.data.code, httpStatus: body.statusCode, path: shape.data.path },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** One error mapper for every procedure: domain errors become tRPC errors, the rest stays internal. */
const mapErrors = t.middleware(async ({ next, path, ctx }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error);
    if (mapped.code === "INTERNAL_SERVER_ERROR")
      ctx.log.error({ err: result.error.cause ?? result.error, path }, "procedure failed");
    throw mapped;
  }
  return result;
});

/**
 * Text with a NUL character is refused before any input is parsed, with the field's path: PostgreSQL
 * cannot store it, and no value of ours contains it. One check for every procedure, tRPC and REST.
 */
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  const fields = nulPathsOf(await getRawInput());
  if (fields.length) {
    throw new AppError("BAD_REQUEST", `Text may not contain the NUL character (${fields.join(", ")})`, {
      details: fields.map((field) => ({
        field: field || undefined,
        reason: "contains the NUL character (U+0000)",
      })),
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(mapErrors).use(refuseNul);

/** A signed-in user or a valid API key. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new AppError("UNAUTHORIZED", ctx.authError ?? "Sign in or send an API key");
  return next({ ctx: { actor: ctx.actor } });
});

/** A signed-in user (not an API key): account-level actions such as creating a tenant. */
export const userProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.type !== "user" || !ctx.session) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This action needs a signed-in user, not an API key" });
  }
  return next({ ctx: { actor: ctx.actor, session: ctx.session } });
});

/** Resolves the active tenant and the caller's role in it once per request. */
export const tenantProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  if (ctx.actor.type === "apiKey") {
    return next({ ctx: { tenantId: ctx.actor.tenantId, role: "admin" as TenantRole } });
  }
  const tenantId = ctx.session?.session.activeOrganizationId;
  if (!tenantId)
    throw new AppError("FORBIDDEN", "No active tenant: create one or accept an invitation first");
  const [membership] = await ctx.db
    .select({ role: member.role })
    .from(member)
    .where(and(eq(member.organizationId, tenantId), eq(member.userId, ctx.actor.userId)))
    .limit(1);
  const role = tenantRoleNames.find((name) => name === membership?.role);
  if (!role) throw new AppError("FORBIDDEN", "You are not a member of the active tenant");
  return next({ ctx: { tenantId, role } });
});

/** Owners and admins: everything that changes the tenant's configuration. */
export const tenantAdminProcedure = tenantProcedure.use(({ ctx, next }) => {
  if (!isTenantManager(ctx.role))
    throw new AppError("FORBIDDEN", "Only tenant owners and admins can do this");
  return next();
});

/** Owners and admins signed in as users: member, invitation and API key management. */
export const tenantUserAdminProcedure = tenantAdminProcedure.use(({ ctx, next }) => {
  if (ctx.actor.type !== "user" || !ctx.session) {
    throw new AppError("FORBIDDEN", "This action needs a signed-in owner or admin, not an API key");
  }
  return next({ ctx: { actor: ctx.actor, session: ctx.session } });
});

/** Platform administrators (PLATFORM_ADMINS or `npm run admin -- create-admin`), or their API keys. */
export const platformAdminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.actor.isPlatformAdmin) throw new AppError("FORBIDDEN", "Only platform administrators can do this");
  return next();
});
