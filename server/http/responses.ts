import { randomUUID } from "node:crypto";
import { type ErrorDetail, type ErrorKind, errorBody } from "@/lib/errors";

/** A JSON response with the standard error body. */
export function errorResponse(
  kind: ErrorKind,
  message: string,
  init: { details?: ErrorDetail[]; headers?: HeadersInit } = {},
) {
  const body = errorBody(kind, message, init.details);
  return Response.json(body, { status: body.statusCode, headers: init.headers });
}

/** The caller's request id, or a new one; echoed in `x-request-id` and attached to log lines. */
export function requestIdOf(req: Request) {
  return req.headers.get("x-request-id") ?? randomUUID();
}

export function withRequestId(response: Response, requestId: string) {
  response.headers.set("x-request-id", requestId);
  return response;
}
