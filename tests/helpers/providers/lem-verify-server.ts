import {
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

const unauthorized: ProviderReply = {
  status: 401,
  body: {
    type: "unauthorized",
    message: "Please ensure you have set the x-lem-key header and that it's the correct key.",
  },
};

/**
 * A LEM Verify stand-in (https://developer.lemverify.com): the account id in the path and the
 * case-sensitive `x-lem-key` header must match the configured pair (401 `{type: "unauthorized"}`
 * otherwise); GET /integrations/v1/webhooks/{accountId}/document/{systemId}/url answers signed
 * download URLs for known verifications and 404 `{type: "verification_not_found"}` for others.
 */
export async function startLemVerifyServer(options: {
  accountId: string;
  apiKey: string;
  verificationIds?: string[];
}): Promise<LocalProviderServer> {
  const handle = (request: RecordedRequest): ProviderReply => {
    const download = /^\/integrations\/v1\/webhooks\/([^/]+)\/document\/([^/]+)\/url$/.exec(request.path);
    const create = /^\/api\/v1\/([^/]+)\/(combination|document|liveness)$/.exec(request.path);
    const accountId = download?.[1] ?? create?.[1];
    if (!accountId)
      return {
        status: 404,
        body: { type: "not_found", message: `Cannot ${request.method} ${request.path}` },
      };
    if (
      request.headers["x-lem-key"] !== options.apiKey ||
      decodeURIComponent(accountId) !== options.accountId
    ) {
      return unauthorized;
    }
    if (download && request.method === "GET") {
      const systemId = download[2] ?? "";
      if (!options.verificationIds?.includes(systemId)) {
        return {
          status: 404,
          body: { type: "verification_not_found", message: "The requested verification ID does not exist." },
        };
      }
      const signed = (name: string) => `https://files.lemverify.io/${systemId}/${name}?X-Amz-Signature=0f3c`;
      return { status: 200, body: { report: signed("report.pdf"), documentFront: signed("front.jpg") } };
    }
    if (create && request.method === "POST") {
      const body = JSON.parse(request.body || "{}") as { clientRef?: unknown };
      if (typeof body.clientRef !== "string") {
        return {
          status: 400,
          body: { type: "bad_request", message: "clientRef needs to be set as a String in the body." },
        };
      }
      const id = "8a20ab90-37a1-11e9-a79c-891da1f19982";
      return {
        status: 200,
        body: {
          id,
          friendlyId: "vVebr9keyfZ2sctoZkMfBG",
          url: `https://lemverify.io/v?acc=${id}`,
          balance: 52,
        },
      };
    }
    return { status: 404, body: { type: "not_found", message: `Cannot ${request.method} ${request.path}` } };
  };
  return startLocalProviderServer({
    handle,
    errorBody: (status) => ({
      type: "internal_server_error",
      message: `The LEM Server has encountered an error (${status}).`,
    }),
  });
}
