import * as restRoute from "@/app/api/v1/[...path]/route";

type Method = "GET" | "POST" | "PUT" | "DELETE";
const handlers = { GET: restRoute.GET, POST: restRoute.POST, PUT: restRoute.PUT, DELETE: restRoute.DELETE };

/** Calls the REST route handler (/api/v1) in-process with a tenant API key, as an integrator would. */
export function restClient(apiKey: () => string) {
  return (method: Method, path: string, body?: unknown) => {
    const request = new Request(`http://localhost:3000/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey()}`, "content-type": "application/json" },
      body:
        body === undefined
          ? method === "POST" || method === "PUT"
            ? "{}"
            : undefined
          : JSON.stringify(body),
    });
    return handlers[method](request);
  };
}
