import type { Auth } from "./index";

/**
 * An email + password account whose address is already verified, for accounts the operator creates
 * (demo seed, `npm run admin -- create-admin`): no verification mail goes out for them.
 */
export async function createVerifiedUser(
  auth: Auth,
  input: { name: string; email: string; password: string },
) {
  const context = await auth.$context;
  const created = await context.internalAdapter.createUser(
    {
      name: input.name,
      email: input.email.trim().toLowerCase(),
      emailVerified: true,
    },
    { method: "email-password" },
  );
  await context.internalAdapter.linkAccount({
    userId: created.id,
    providerId: "credential",
    accountId: created.id,
    password: await context.password.hash(input.password),
  });
  return created;
}
