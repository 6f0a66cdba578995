// /api/auth/* – better-auth: sign-up, sign-in, sessions, organizations, invitations, API keys.
import { getAuth } from "@/server/auth";

async function handle(req: Request) {
  const auth = await getAuth();
  return auth.handler(req);
}

export { handle as GET, handle as POST };
