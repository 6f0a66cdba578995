import { Agent, fetch as undiciFetch } from "undici";
import { ProviderError } from "./errors";
import { assertPublicTarget, guardedLookup } from "./target-guard";

/** The parts of a request the gateways send. */
export type TenantRequestInit = {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
};

/** The parts of an answer the gateways read. */
export type TenantResponse = { status: number; ok: boolean; headers: Headers; text(): Promise<string> };

/** The most of a tenant target's answer we read; beyond it the answer is refused, not buffered. */
export const maxAnswerBytes = 1024 * 1024;

/** A tenant-supplied URL, checked once and pinned to the addresses that passed. */
export type TenantTarget = {
  /** Sends one request to the pinned addresses; a redirect is a classified failure, never followed. */
  fetch(url: URL, init: TenantRequestInit): Promise<TenantResponse>;
  close(): Promise<void>;
};

/**
 * Checks a tenant-supplied URL (http(s), public addresses only) and returns a client whose every
 * connection goes to the addresses that were checked: the undici Agent's `lookup` answers from the
 * pin, so a DNS answer that changes between the check and the connection (rebinding) is never used.
 * The client is undici's own fetch with undici's own Agent, one package and one version, rather than
 * Node's bundled fetch with a dispatcher from another undici.
 */
export async function pinTenantTarget(url: URL): Promise<TenantTarget> {
  const addresses = await assertPublicTarget(url);
  const agent = new Agent({ connect: { lookup: guardedLookup({ hostname: url.hostname, addresses }) } });
  return {
    async fetch(target, init) {
      if (target.host !== url.host) throw new ProviderError("invalid_request", "the target changed");
      const response = await undiciFetch(target, { ...init, redirect: "manual", dispatcher: agent });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        throw new ProviderError("invalid_request", `redirect not followed (HTTP ${response.status})`, {
          status: response.status,
        });
      }
      return {
        status: response.status,
        ok: response.ok,
        headers: new Headers([...response.headers]),
        text: () => readCapped(response),
      };
    },
    close: () => agent.close(),
  };
}

/** Reads an answer body up to maxAnswerBytes, cancelling the stream as soon as it goes beyond. */
async function readCapped(response: Awaited<ReturnType<typeof undiciFetch>>): Promise<string> {
  const { body } = response;
  if (!body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxAnswerBytes) {
      await body.cancel().catch(() => {});
      throw new ProviderError("invalid_request", "answer too large");
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
