import { z } from "zod";

import {
  getPortalInvoice,
  grantPortalAccess,
  isPortalOnly,
  listPortalAccess,
  listPortalInvoices,
  revokePortalAccess,
} from "@/server/services/portal/portal";
import { requestPortalLink, sendPortalSignInLink } from "@/server/services/portal/sign-in";
import { createTRPCRouter, publicProcedure, tenantAdminProcedure, userProcedure } from "../trpc";

const email = z.email("Enter a valid email address").trim().toLowerCase();

const portalUserOf = (session: { user: { id: string; email: string; emailVerified: boolean } }) => ({
  id: session.user.id,
  email: session.user.email,
  emailVerified: session.user.emailVerified,
});

export const portalRouter = createTRPCRouter({
  /** The signed-in contact's invoices, across every customer that granted them access. */
  /** Whether the signed-in user is only a portal contact (no tenant): the dashboard sends them to /portal. */
  portalOnly: userProcedure.query(({ ctx }) => isPortalOnly(ctx.db, portalUserOf(ctx.session))),
  invoices: userProcedure.query(({ ctx }) => listPortalInvoices(ctx.db, portalUserOf(ctx.session))),
  invoice: userProcedure
    .input(z.object({ invoiceId: z.uuid() }))
    .query(({ ctx, input }) => getPortalInvoice(ctx.db, portalUserOf(ctx.session), input.invoiceId)),
  /** Asks for a sign-in link; the answer is the same whether or not the address has access. */
  requestLink: publicProcedure
    .input(z.object({ email }))
    .mutation(({ ctx, input }) => requestPortalLink(ctx.db, { email: input.email, ip: ctx.ip })),
  /** Owners/admins give a customer's contact access and email them a sign-in link. */
  invite: tenantAdminProcedure
    .input(z.object({ customerId: z.uuid(), email }))
    .mutation(async ({ ctx, input }) => {
      const access = await grantPortalAccess(ctx, input, ctx.actor.type === "user" ? ctx.actor.userId : null);
      await sendPortalSignInLink(ctx.auth, access.email, ctx.headers);
      return { id: access.id, email: access.email, acceptedAt: access.acceptedAt };
    }),
  access: tenantAdminProcedure
    .input(z.object({ customerId: z.uuid() }))
    .query(({ ctx, input }) => listPortalAccess(ctx, input.customerId)),
  revoke: tenantAdminProcedure
    .input(z.object({ accessId: z.uuid() }))
    .mutation(({ ctx, input }) => revokePortalAccess(ctx, input.accessId)),
});
