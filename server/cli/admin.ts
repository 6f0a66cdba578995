// `npm run admin -- <command>`: operations for self-hosters. See `npm run admin -- help`.
import "@/server/cli/load-env";
import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { getAuth } from "@/server/auth";
import { createVerifiedUser } from "@/server/auth/users";
import { closeDatabase, getDatabase } from "@/server/db/client";
import { EmbeddedDatabaseBusyError } from "@/server/db/embedded-lock";
import { runMigrations } from "@/server/db/migrate";
import { member, organization, user } from "@/server/db/schema";
import { createApiKey } from "@/server/services/api-keys/api-keys";

const usage = `Usage: npm run admin -- <command>

  migrate                         apply pending database migrations
  create-admin <email>            make a user a platform admin (creates the user if needed)
  create-api-key <tenant-slug>    create an API key for a tenant and print it once
`;

class UsageError extends Error {}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async migrate() {
    await runMigrations(await getDatabase());
    console.log("Migrations are up to date.");
  },

  async "create-admin"([email]) {
    if (!email?.includes("@")) throw new UsageError("create-admin needs an email address");
    const normalized = email.trim().toLowerCase();
    const { db } = await getDatabase();
    const promoted = await db
      .update(user)
      .set({ isPlatformAdmin: true })
      .where(eq(user.email, normalized))
      .returning({ id: user.id, emailVerified: user.emailVerified });
    if (promoted[0]) {
      console.log(`${normalized} is now a platform admin.`);
      // Rights follow a proven address only: whoever signed up with it must open the mailed link first.
      if (!promoted[0].emailVerified)
        console.log(
          "The account has not confirmed its email address yet: admin rights apply once it does (or after a password reset by email).",
        );
      return;
    }
    const password = randomBytes(18).toString("base64url");
    const auth = await getAuth();
    // The operator vouches for the address: the account is created verified, with no mail sent.
    const created = await createVerifiedUser(auth, {
      name: normalized.split("@")[0] ?? normalized,
      email: normalized,
      password,
    });
    await db.update(user).set({ isPlatformAdmin: true }).where(eq(user.id, created.id));
    console.log(
      `Created platform admin ${normalized}.\nPassword (shown once, change it after signing in): ${password}`,
    );
  },

  async "create-api-key"([slug, ...rest]) {
    if (!slug) throw new UsageError("create-api-key needs a tenant slug");
    const name = rest.join(" ").trim() || "Created from the command line";
    const { db } = await getDatabase();
    const [tenant] = await db.select().from(organization).where(eq(organization.slug, slug)).limit(1);
    if (!tenant) throw new UsageError(`No tenant with slug "${slug}"`);
    const [owner] = await db
      .select({ userId: member.userId })
      .from(member)
      .where(and(eq(member.organizationId, tenant.id), eq(member.role, "owner")))
      .orderBy(asc(member.createdAt))
      .limit(1);
    if (!owner) throw new UsageError(`Tenant "${slug}" has no owner to issue the key`);
    const key = await createApiKey(
      // The operator at the server issues this key, on the owner's behalf: no address to prove here.
      { auth: await getAuth(), db, tenantId: tenant.id, userId: owner.userId, emailVerified: true },
      { name, expiresInDays: null },
    );
    console.log(`API key for ${tenant.name} (shown once, store it now):\n${key.key}`);
  },
};

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.log(usage);
    process.exitCode = name && name !== "help" ? 2 : 0;
    return;
  }
  try {
    await command(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof EmbeddedDatabaseBusyError) {
      console.error(`Error: ${error.message}`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    } else {
      throw error;
    }
  } finally {
    await closeDatabase();
  }
}

await main();
