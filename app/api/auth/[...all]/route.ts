// /api/auth/* – better-auth: sign-up, sign-in, email verification, password reset, sessions,
// organizations and invitations (API keys only through our own procedures), behind our guards.
import { getAuth } from "@/server/auth";
import { handleAuthRequest } from "@/server/auth/http";
import { explainRefusedOrigin } from "@/server/auth/origins";

async function handle(req: Request) {
  return explainRefusedOrigin(req, await handleAuthRequest(await getAuth(), req));
}

export { handle as GET, handle as POST };
