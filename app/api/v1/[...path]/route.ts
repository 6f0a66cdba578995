// /api/v1/* – the REST API, generated from the tRPC procedures that declare an OpenAPI path.
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { type ErrorResponse, errorBody } from "@/lib/errors";
import { handlerOptions } from "@/server/api/http";
import { appRouter } from "@/server/api/root";
import { errorResponse, withRequestId } from "@/server/http/responses";
import { logger } from "@/server/logger";

async function handler(req: Request) {
  const { requestId, options } = handlerOptions(req, "REST");
  try {
    const response = await createOpenApiFetchHandler({ ...options, endpoint: "/api/v1", router: appRouter });
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
