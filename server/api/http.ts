import type { TRPCError } from "@trpc/server";
import { requestIdOf } from "@/server/http/responses";
import { logger } from "@/server/logger";
import { retryAfterHeaders } from "./errors";
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
      createContext: () => createTRPCContext({ headers }),
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
