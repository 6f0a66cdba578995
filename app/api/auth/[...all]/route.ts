// /api/auth/* – better-auth: sign-up, sign-in, sessions, organizations, invitations, API keys.
import { getAuth } from "@/server/auth";
import { explainRefusedOrigin } from "@/server/auth/origins";

async function handle(req: Request) {
  const auth = await getAuth();
  return explainRefusedOrigin(req, await auth.handler(req));
}

export { handle as GET, handle as POST };
