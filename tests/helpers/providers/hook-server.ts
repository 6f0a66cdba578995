import { Webhook } from "standardwebhooks";
import {
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

/** Which receiver the stand-in imitates: its success body and its answer for an unknown or disabled hook. */
export type HookFlavour = "zapier" | "make" | "n8n" | "custom_webhook";

/** A hook receiver; `tamperBodies` makes it check signatures against a body altered in transit. */
export type HookServer = LocalProviderServer & {
  /** The URL of the one registered hook (with a query string, which receivers keep as data). */
  hookUrl: string;
  tamperBodies: boolean;
  /** The receiver's 2xx body for an accepted event; undefined (or no function) answers the flavour's default. */
  answer?: (event: { type: string; timestamp: string; data: Record<string, unknown> }) => unknown;
};

const hookPaths: Record<HookFlavour, string> = {
  zapier: "/hooks/catch/123456/abcdef/",
  make: "/l2x9plugboardtoken",
  n8n: "/webhook/3f6c2c44-plugboard/billing",
  custom_webhook: "/plugboard/webhooks",
};

/** What each receiver answers when the hook URL is unknown or its Zap/scenario/workflow is off. */
function unknownHook(flavour: HookFlavour, request: RecordedRequest): ProviderReply {
  switch (flavour) {
    case "n8n": {
      const webhookPath = request.path.replace(/^\/webhook\//, "");
      return {
        status: 404,
        body: {
          code: 404,
          message: `The requested webhook "${request.method} ${webhookPath}" is not registered.`,
          hint: "Click the 'Execute workflow' button on the canvas, then try again.",
        },
      };
    }
    case "make":
      return { status: 410, body: "There is no scenario listening for this webhook." };
    case "zapier":
      // Zapier answers 410 Gone once the Zap behind a hook is turned off or deleted.
      return { status: 410, body: { status: "error", message: "This hook is no longer active." } };
    default:
      return { status: 404, body: { message: "Not Found" } };
  }
}

const acceptedBodies: Record<HookFlavour, unknown> = {
  zapier: { attempt: "0190c2d1-7d4e", id: "0190c2d1-7d4e", request_id: "0190c2d1-7d4e", status: "success" },
  make: "Accepted",
  n8n: { message: "Workflow was started" },
  custom_webhook: { received: true },
};

/**
 * Starts a hook receiver on 127.0.0.1. It accepts only JSON POSTs to its hook path; with `signingSecret`
 * it verifies the Standard Webhooks signature with the `standardwebhooks` package (401 when it fails).
 */
export async function startHookServer(options: {
  flavour: HookFlavour;
  signingSecret?: string;
}): Promise<HookServer> {
  const hookPath = hookPaths[options.flavour];
  const handle = (request: RecordedRequest): ProviderReply => {
    if (request.method !== "POST" || request.path !== hookPath) return unknownHook(options.flavour, request);
    if (!String(request.headers["content-type"]).startsWith("application/json")) {
      return { status: 415, body: { message: "expected application/json" } };
    }
    const event = JSON.parse(request.body);
    if (options.signingSecret) {
      const received = hookServer.tamperBodies
        ? request.body.replace("plugboard", "pluggedboard")
        : request.body;
      const headers = Object.fromEntries(
        ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [
          name,
          String(request.headers[name] ?? ""),
        ]),
      );
      try {
        new Webhook(options.signingSecret).verify(received, headers);
      } catch (error) {
        return {
          status: 401,
          body: { message: `signature rejected: ${error instanceof Error ? error.message : error}` },
        };
      }
    }
    return { status: 200, body: hookServer.answer?.(event) ?? acceptedBodies[options.flavour] };
  };
  const server = await startLocalProviderServer({
    handle,
    errorBody: (status) => ({ message: `injected ${status}` }),
  });
  const hookServer: HookServer = {
    ...server,
    hookUrl: `${server.url}${hookPath}?source=plugboard`,
    tamperBodies: false,
  };
  return hookServer;
}
