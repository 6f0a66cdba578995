import { AppError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import { tenantLogo } from "./profile";

/** The tenant's logo as an image response (404 when it has none); never sniffed as anything else. */
export async function logoResponse(db: Db, tenantId: string): Promise<Response> {
  const logo = await tenantLogo(db, tenantId);
  if (!logo) throw new AppError("NOT_FOUND", "No logo");
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      "content-type": logo.type,
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=60",
    },
  });
}
