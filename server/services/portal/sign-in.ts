import { AppError } from "@/lib/errors";
import type { Auth } from "@/server/auth";
import type { Db } from "@/server/db/client";
import { enqueue } from "@/server/jobs/boss";
import { takeToken } from "@/server/ratelimit/bucket";

/** Per caller address and per email: enough for a person retrying, not for a script probing. */
const perAddress = { ratePerSecond: 10 / 60, burst: 10 };
const perEmail = { ratePerSecond: 1 / 300, burst: 3 };

/** Sends the portal sign-in link (better-auth magic link, single use, 30 minutes). */
export async function sendPortalSignInLink(auth: Auth, email: string, headers: Headers = new Headers()) {
  await auth.api.signInMagicLink({
    body: { email, callbackURL: "/portal", errorCallbackURL: "/portal/sign-in" },
    headers,
  });
}

/**
 * The public "email me a link" request. It is throttled, then answers the same way and in the same
 * time whether or not the address has access: the check and the send happen in a background job.
 */
export async function requestPortalLink(db: Db, input: { email: string; ip: string | null }) {
  for (const [key, policy] of [
    [`portal-link:ip:${input.ip ?? "unknown"}`, perAddress],
    [`portal-link:email:${input.email}`, perEmail],
  ] as const) {
    const decision = await takeToken(db, key, policy);
    if (!decision.allowed)
      throw new AppError("TOO_MANY_REQUESTS", "Too many sign-in links asked for; try again later", {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
  }
  await enqueue("portal.link", { email: input.email });
  return { sent: true };
}
