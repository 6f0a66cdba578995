import {
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

const models = [
  { name: "models/gemini-2.5-flash", displayName: "Gemini 2.5 Flash", inputTokenLimit: 1_048_576 },
  { name: "models/gemini-2.5-pro", displayName: "Gemini 2.5 Pro", inputTokenLimit: 1_048_576 },
].map((model) => ({
  ...model,
  version: "001",
  outputTokenLimit: 65_536,
  supportedGenerationMethods: ["generateContent"],
}));

/** Google's error envelope (https://cloud.google.com/apis/design/errors). */
const googleError = (code: number, status: string, message: string, reason?: string): ProviderReply => ({
  status: code,
  body: {
    error: {
      code,
      message,
      status,
      ...(reason
        ? {
            details: [
              {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                reason,
                domain: "googleapis.com",
                metadata: { service: "generativelanguage.googleapis.com" },
              },
            ],
          }
        : {}),
    },
  },
});

/**
 * A Gemini API stand-in: the key comes from `x-goog-api-key` (or `?key=`); no key is 403
 * PERMISSION_DENIED, a wrong key is Google's 400 INVALID_ARGUMENT with reason API_KEY_INVALID; GET
 * /v1beta/models pages with pageSize (1–1000) and nextPageToken.
 */
export async function startGeminiServer(options: { apiKeys: string[] }): Promise<LocalProviderServer> {
  const handle = (request: RecordedRequest): ProviderReply => {
    const header = request.headers["x-goog-api-key"];
    const key = typeof header === "string" ? header : request.query.get("key");
    if (!key) {
      const message =
        "Method doesn't allow unregistered callers (callers without established identity). " +
        "Please use API Key or other form of API consumer identity to call this API.";
      return googleError(403, "PERMISSION_DENIED", message);
    }
    if (!options.apiKeys.includes(key)) {
      return googleError(
        400,
        "INVALID_ARGUMENT",
        "API key not valid. Please pass a valid API key.",
        "API_KEY_INVALID",
      );
    }
    if (request.method === "GET" && request.path === "/v1beta/models") {
      const pageSize = Number(request.query.get("pageSize") ?? 50);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
        return googleError(400, "INVALID_ARGUMENT", "Invalid value at 'page_size'");
      }
      const start = Number(request.query.get("pageToken") ?? 0);
      const page = models.slice(start, start + pageSize);
      const nextPageToken = start + pageSize < models.length ? String(start + pageSize) : undefined;
      return { status: 200, body: { models: page, ...(nextPageToken ? { nextPageToken } : {}) } };
    }
    return googleError(404, "NOT_FOUND", `Method not found: ${request.method} ${request.path}`);
  };
  return startLocalProviderServer({
    handle,
    errorBody: (status) =>
      status === 429
        ? {
            error: {
              code: 429,
              message: "Resource has been exhausted (e.g. check quota).",
              status: "RESOURCE_EXHAUSTED",
            },
          }
        : {
            error: {
              code: status,
              message: "The model is overloaded. Please try again later.",
              status: "UNAVAILABLE",
            },
          },
  });
}
