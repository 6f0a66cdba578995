// /api/trpc/* – the tRPC endpoint used by the dashboard.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { retryAfterHeaders } from "@/server/api/errors";
import { appRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { requestIdOf, withRequestId } from "@/server/http/responses";
import { logger } from "@/server/logger";

async function handler(req: Request) {
  const requestId = requestIdOf(req);
  const headers = new Headers(req.headers);
  headers.set("x-request-id", requestId);
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers }),
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR")
        logger.error({ err: error.cause ?? error, path, requestId }, "tRPC request failed");
    },
  });
  return withRequestId(response, requestId);
}

export { handler as GET, handler as POST };
