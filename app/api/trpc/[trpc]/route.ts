// /api/trpc/* – the tRPC endpoint used by the dashboard.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPC_MAX_BATCH_SIZE } from "@/lib/trpc/batch";
import { handlerOptions } from "@/server/api/http";
import { appRouter } from "@/server/api/root";
import { withRequestId } from "@/server/http/responses";

async function handler(req: Request) {
  const { requestId, options } = handlerOptions(req, "tRPC");
  return withRequestId(
    await fetchRequestHandler({
      ...options,
      endpoint: "/api/trpc",
      router: appRouter,
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
    }),
    requestId,
  );
}

export { handler as GET, handler as POST };
