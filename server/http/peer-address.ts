import { type IncomingMessage, Server } from "node:http";

/**
 * The header that carries the TCP peer's address of a request into route handlers, which only see
 * headers. Set by the server process itself for every request, over anything a caller sent under
 * the same name, so it can be trusted where X-Forwarded-For cannot (Next fills X-Forwarded-For from
 * the socket only when the caller sent none, so with no proxy in front it is the caller's choice).
 */
export const PEER_ADDRESS_HEADER = "x-plugboard-peer-address";

const installed = Symbol.for("plugboard.peerAddressStamp");

/** True once this process stamps its requests: only then is the header the server's own word. */
export const peerAddressesStamped = () =>
  (Server.prototype as Server & { [installed]?: true })[installed] === true;

/**
 * Stamps every request the process's HTTP servers receive with its socket's peer address. Installed
 * once per process at start (instrumentation.ts), before the first request is served.
 */
export function stampPeerAddresses() {
  const prototype = Server.prototype as Server & { [installed]?: true };
  if (prototype[installed]) return;
  prototype[installed] = true;
  const emit = prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  prototype.emit = function stampedEmit(this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as IncomingMessage;
      const peer = request.socket?.remoteAddress;
      if (peer) request.headers[PEER_ADDRESS_HEADER] = peer.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
      else delete request.headers[PEER_ADDRESS_HEADER];
    }
    return emit.call(this, event, ...args);
  } as Server["emit"];
}
