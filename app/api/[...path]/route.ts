// /api/* that matches no route: the standard 404 body rather than an HTML page.
import { errorResponse } from "@/server/http/responses";

function notFound(req: Request) {
  return errorResponse("NOT_FOUND", `No API route ${req.method} ${new URL(req.url).pathname}`);
}

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
