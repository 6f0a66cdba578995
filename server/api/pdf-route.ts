import { TRPCError } from "@trpc/server";
import { requestIdOf, withRequestId } from "@/server/http/responses";
import { logger } from "@/server/logger";
import { errorBodyFromTRPC, toTRPCError } from "./errors";
import { type Caller, createCaller } from "./root";
import { createTRPCContext } from "./trpc";

/**
 * A file download behind the same authentication and authorisation as the procedures: the caller is
 * built from the request, `load` runs through it, and failures get the standard error body.
 */
export async function downloadRoute(req: Request, load: (caller: Caller) => Promise<Response>) {
  const requestId = requestIdOf(req);
  try {
    const caller = createCaller(await createTRPCContext({ headers: req.headers }));
    return withRequestId(await load(caller), requestId);
  } catch (error) {
    const trpcError = error instanceof TRPCError ? error : toTRPCError(error);
    if (trpcError.code === "INTERNAL_SERVER_ERROR")
      logger.error({ err: error, requestId }, "download failed");
    const body = errorBodyFromTRPC(trpcError);
    return withRequestId(Response.json(body, { status: body.statusCode }), requestId);
  }
}
