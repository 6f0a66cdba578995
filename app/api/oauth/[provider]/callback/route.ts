// GET /api/oauth/[provider]/callback – where the provider sends the user back after consent. It runs
// the oauth.complete procedure as the signed-in user (session and owner/admin role re-checked),
// then lands on the integration page, or on the wizard with a clear message.
import { TRPCError } from "@trpc/server";
import { env } from "@/lib/env";
import { errorBodyFromTRPC } from "@/server/api/errors";
import { appRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { logger } from "@/server/logger";
import { redirectUriOf } from "@/server/services/oauth/connect";

export async function GET(req: Request, { params }: { params: Promise<{ provider: string }> }) {
  const { provider } = await params;
  const search = new URL(req.url).search;
  // The URL the provider was told to return to (the public one, not the proxied request URL).
  const callbackUrl = `${redirectUriOf(provider)}${search}`;
  const back = (path: string) => Response.redirect(new URL(path, env.BETTER_AUTH_URL), 303);
  try {
    const caller = appRouter.createCaller(await createTRPCContext({ headers: req.headers }));
    const result = await caller.oauth.complete({ provider, callbackUrl });
    return back(
      `/integrations/${result.integrationId}${result.needsOrganisation ? "?step=organisation" : "?connected=1"}`,
    );
  } catch (error) {
    const body = isTRPCError(error) ? errorBodyFromTRPC(error) : null;
    if (!body || body.statusCode >= 500) logger.error({ err: error, provider }, "OAuth callback failed");
    if (body?.statusCode === 401)
      return back(`/sign-in?next=${encodeURIComponent(`/integrations/connect/${provider}`)}`);
    const message =
      body && body.statusCode < 500 ? body.message : "The connection could not be completed. Try again.";
    return back(`/integrations/connect/${encodeURIComponent(provider)}?error=${encodeURIComponent(message)}`);
  }
}

/** tRPC errors, also when the class was loaded twice (bundled chunks): recognised by name and code. */
function isTRPCError(error: unknown): error is TRPCError {
  return (
    error instanceof TRPCError || (error instanceof Error && error.name === "TRPCError" && "code" in error)
  );
}
