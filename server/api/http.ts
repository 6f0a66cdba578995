import type { TRPCError } from "@trpc/server";
import { AppError } from "@/lib/errors";
import { isTrustedForCookies } from "@/server/http/origin";
import { requestIdOf } from "@/server/http/responses";
import { logger } from "@/server/logger";
import { retryAfterHeaders, toTRPCError } from "./errors";
import { createTRPCContext } from "./trpc";

/**
 * What the tRPC and REST route handlers share: the request id (propagated into the context and
 * logs), context creation, Retry-After headers and logging of internal errors.
 */
export function handlerOptions(req: Request, surface: "tRPC" | "REST") {
  const requestId = requestIdOf(req);
  const headers = new Headers(req.headers);
  headers.set("x-request-id", requestId);
  return {
    requestId,
    options: {
      req,
      createContext: async () => {
        const context = await createTRPCContext({ headers });
        // A session cookie rides along on any site's request: changes on its strength must come from
        // the app's own pages. API keys are sent deliberately, so they are not affected.
        if (context.session && !isTrustedForCookies(req.method, req.headers)) {
          throw toTRPCError(
            new AppError("FORBIDDEN", "Cross-origin request refused: send it from the app's own origin", {
              details: [{ field: "origin", reason: "missing or not a trusted origin" }],
            }),
          );
        }
        return context;
      },
      responseMeta: ({ errors }: { errors: readonly TRPCError[] }) => ({
        headers: retryAfterHeaders(errors),
      }),
      onError: ({ error, path }: { error: TRPCError; path?: string }) => {
        if (error.code === "INTERNAL_SERVER_ERROR")
          logger.error({ err: error.cause ?? error, path, requestId }, `${surface} request failed`);
      },
    },
  };
}
