import { z } from "zod";
import type { Auth } from "@/server/auth";

import {
  getPortalInvoice,
  grantPortalAccess,
  hasPortalAccess,
  listPortalAccess,
  listPortalInvoices,
  revokePortalAccess,
} from "@/server/services/portal/portal";
import { createTRPCRouter, publicProcedure, tenantAdminProcedure, userProcedure } from "../trpc";

const email = z.email("Enter a valid email address").trim().toLowerCase();

type LinkContext = { auth: Auth; headers: Headers };

/** Sends the portal sign-in link (better-auth magic link, single use, 30 minutes). */
async function sendPortalLink(ctx: LinkContext, address: string) {
  await ctx.auth.api.signInMagicLink({
    body: { email: address, callbackURL: "/portal" },
    headers: ctx.headers,
  });
}

const portalUserOf = (session: { user: { id: string; email: string; emailVerified: boolean } }) => ({
  id: session.user.id,
  email: session.user.email,
  emailVerified: session.user.emailVerified,
});

export const portalRouter = createTRPCRouter({
  /** The signed-in contact's invoices, across every customer that granted them access. */
  invoices: userProcedure.query(({ ctx }) => listPortalInvoices(ctx.db, portalUserOf(ctx.session))),
  invoice: userProcedure
    .input(z.object({ invoiceId: z.uuid() }))
    .query(({ ctx, input }) => getPortalInvoice(ctx.db, portalUserOf(ctx.session), input.invoiceId)),
  /** Asks for a sign-in link; the answer is the same whether or not the address has access. */
  requestLink: publicProcedure.input(z.object({ email })).mutation(async ({ ctx, input }) => {
    if (await hasPortalAccess(ctx.db, input.email)) await sendPortalLink(ctx, input.email);
    return { sent: true };
  }),
  /** Owners/admins give a customer's contact access and email them a sign-in link. */
  invite: tenantAdminProcedure
    .input(z.object({ customerId: z.uuid(), email }))
    .mutation(async ({ ctx, input }) => {
      const access = await grantPortalAccess(ctx, input, ctx.actor.type === "user" ? ctx.actor.userId : null);
      await sendPortalLink(ctx, access.email);
      return { id: access.id, email: access.email, acceptedAt: access.acceptedAt };
    }),
  access: tenantAdminProcedure
    .input(z.object({ customerId: z.uuid() }))
    .query(({ ctx, input }) => listPortalAccess(ctx, input.customerId)),
  revoke: tenantAdminProcedure
    .input(z.object({ accessId: z.uuid() }))
    .mutation(({ ctx, input }) => revokePortalAccess(ctx, input.accessId)),
});
