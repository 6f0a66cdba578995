// /api/v1/* – the REST API, generated from the tRPC procedures that declare an OpenAPI path.
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { type ErrorResponse, errorBody } from "@/lib/errors";
import { retryAfterHeaders } from "@/server/api/errors";
import { appRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { errorResponse, requestIdOf, withRequestId } from "@/server/http/responses";
import { logger } from "@/server/logger";

async function handler(req: Request) {
  const requestId = requestIdOf(req);
  const headers = new Headers(req.headers);
  headers.set("x-request-id", requestId);
  try {
    const response = await createOpenApiFetchHandler({
      endpoint: "/api/v1",
      req,
      router: appRouter,
      createContext: () => createTRPCContext({ headers }),
      responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR")
          logger.error({ err: error.cause ?? error, path, requestId }, "REST request failed");
      },
    });
    return withRequestId(
      response.status >= 400 ? await standardErrorResponse(response) : response,
      requestId,
    );
  } catch (error) {
    logger.error({ err: error, requestId }, "REST handler failed");
    return withRequestId(errorResponse("INTERNAL", "Internal server error"), requestId);
  }
}

/** Rewrites the adapter's error body into the standard `{ statusCode, error, message, details? }`. */
async function standardErrorResponse(response: Response): Promise<Response> {
  const raw = (await response.json().catch(() => ({}))) as Partial<ErrorResponse> & { code?: string };
  const body: ErrorResponse =
    typeof raw.statusCode === "number" && typeof raw.error === "string" && typeof raw.message === "string"
      ? {
          statusCode: raw.statusCode,
          error: raw.error,
          message: raw.message,
          ...(raw.details ? { details: raw.details } : {}),
        }
      : response.status === 404
        ? errorBody("NOT_FOUND", "No such API route")
        : response.status === 415 || response.status === 400
          ? errorBody("BAD_REQUEST", raw.message ?? "Bad request")
          : errorBody("INTERNAL", "Internal server error");
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return Response.json(body, { status: body.statusCode, headers });
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
