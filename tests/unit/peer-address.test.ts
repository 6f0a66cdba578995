import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { clientAddressOf } from "@/server/http/client-address";
import { PEER_ADDRESS_HEADER, peerAddressesStamped, stampPeerAddresses } from "@/server/http/peer-address";

/** A server that answers with the address clientAddressOf finds in the request's headers. */
function echoServer() {
  const server = createServer((request, response) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === "string") headers.set(name, value);
    response.end(JSON.stringify({ address: clientAddressOf(headers, 0) }));
  });
  return new Promise<{ url: string; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: () => server.close(),
      }),
    ),
  );
}

describe("the socket's peer address with no proxy declared", () => {
  const forged = { "x-forwarded-for": "203.0.113.9", [PEER_ADDRESS_HEADER]: "198.51.100.77" };
  let close = () => {};
  afterAll(() => close());

  it("ignores a caller's own peer header while the process does not stamp requests", async () => {
    expect(peerAddressesStamped()).toBe(false);
    const server = await echoServer();
    const answer = await (await fetch(server.url, { headers: forged })).json();
    server.close();
    expect(answer).toEqual({ address: null });
  });

  it("is the socket's address once stamped, whatever the caller claims under any header", async () => {
    stampPeerAddresses();
    stampPeerAddresses();
    const server = await echoServer();
    close = server.close;
    const claims: Record<string, string>[] = [forged, {}, { [PEER_ADDRESS_HEADER]: "10.0.0.1, 10.0.0.2" }];
    for (const headers of claims) {
      const answer = await (await fetch(server.url, { headers })).json();
      expect(answer).toEqual({ address: "127.0.0.1" });
    }
  });
});
