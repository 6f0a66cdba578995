import { Agent as HttpAgent } from "node:http";
import net from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { env } from "@/lib/env";
import { getDb } from "@/server/db/client";
import { auditLog, integrations } from "@/server/db/schema";
import { hostResolver, type ResolvedAddress } from "@/server/providers/target-guard";
import { unreachableUrl } from "../helpers/providers/local-server";
import { type Person, refresh, signUp, unique } from "../helpers/world";

/**
 * SSRF through tenant-supplied targets, with production settings (private targets refused). Every
 * target here is a server of the test's own on loopback; the guard must refuse it before a single byte
 * reaches it, give one classified reason whatever listens there, and store nothing.
 */

type Behaviour = "http-ok" | "banner" | "redirect" | "huge";
type Listener = { port: number; connections: number; requests: string[]; close(): Promise<void> };

const httpBodyMarker = "internal-only-body-5f1c";
const bannerMarker = "probe-banner-7f3a";

/** A TCP server on `host` that counts connections and answers as an HTTP service, a banner service or a redirector. */
async function startListener(
  behaviour: Behaviour,
  options: { host?: string; port?: number; location?: string } = {},
): Promise<Listener> {
  const listener: Listener = { port: 0, connections: 0, requests: [], close: async () => {} };
  const server = net.createServer((socket) => {
    listener.connections += 1;
    socket.on("error", () => {});
    if (behaviour === "banner") socket.write(`220 ${bannerMarker} ESMTP ready\r\n`);
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      if (behaviour === "banner") {
        socket.write(`502 ${bannerMarker} does not understand\r\n`);
        return;
      }
      if (!received.includes("\r\n\r\n")) return;
      listener.requests.push(received.split("\r\n")[0] ?? "");
      if (behaviour === "huge") {
        // 64 MiB announced and streamed: a client that buffers it all would hold it in memory.
        const chunk = Buffer.alloc(64 * 1024, "a");
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${1024 * chunk.length}\r\n\r\n`,
        );
        let sent = 0;
        const pump = () => {
          while (sent < 1024 && !socket.destroyed) {
            sent += 1;
            if (!socket.write(chunk)) return void socket.once("drain", pump);
          }
          socket.end();
        };
        pump();
        return;
      }
      const head =
        behaviour === "redirect"
          ? `HTTP/1.1 302 Found\r\nlocation: ${options.location}\r\ncontent-length: 0\r\n`
          : `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${httpBodyMarker.length}\r\n`;
      socket.end(`${head}connection: close\r\n\r\n${behaviour === "redirect" ? "" : httpBodyMarker}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  listener.port = (server.address() as net.AddressInfo).port;
  listener.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return listener;
}

/** The same listener on 127.0.0.1 and, where the machine has IPv6 loopback, on [::1] at the same port. */
async function startLoopbackListener(behaviour: Behaviour) {
  const v4 = await startListener(behaviour);
  const v6 = await startListener(behaviour, { host: "::1", port: v4.port }).catch(() => undefined);
  return {
    port: v4.port,
    connections: () => v4.connections + (v6?.connections ?? 0),
    close: async () => {
      await v4.close();
      await v6?.close();
    },
  };
}

/** Connect credentials for each provider whose target the tenant chooses, pointed at `host` and `port`. */
function credentialsFor(provider: string, host: string, port: number): Record<string, unknown> {
  switch (provider) {
    case "custom_webhook":
      return { endpointUrl: `http://${host}:${port}/plugboard/webhooks` };
    case "zapier":
      return { hookUrl: `https://${host}:${port}/hooks/catch/123456/abcdef/` };
    case "make":
      return { webhookUrl: `https://${host}:${port}/l2x9plugboardtoken` };
    case "n8n":
      return { webhookUrl: `http://${host}:${port}/webhook/billing` };
    case "s3":
      return {
        endpoint: `http://${host}:${port}`,
        region: "us-east-1",
        bucket: "invoices-archive",
        accessKeyId: "AKIAPLUGBOARDPROBE01",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/PROBE",
      };
    default:
      return {
        host,
        port,
        secure: false,
        username: "probe@mail.example",
        password: "correct horse battery staple",
        fromAddress: "billing@mail.example",
      };
  }
}

const displayNames: Record<string, string> = {
  custom_webhook: "Custom webhook",
  zapier: "Zapier",
  make: "Make",
  n8n: "n8n",
  s3: "Amazon S3 / MinIO",
  smtp: "Email (SMTP)",
};
const providers = Object.keys(displayNames);
const refusalOf = (provider: string) => ({
  code: "BAD_REQUEST",
  message: `${displayNames[provider]}: the target is not allowed: resolves to a private address`,
});

/** A name only this test's resolver knows, and what it answers. */
const internalName = "billing-db.plugboard.test";
const fakeDns = new Map<string, () => string>([[internalName, () => "127.0.0.1"]]);

/**
 * Routes for the test's pretend internet: a connection to a public address in `routes` reaches the
 * loopback address it maps to instead (the socket gets the mapped address from the lookup, or as
 * its host). What the guard checked is still the public address.
 */
const routes = new Map<string, string>();

/** The same connection options, with a routed host or a lookup whose answers are routed. */
function routed(first: unknown): unknown {
  if (!first || typeof first !== "object") return first;
  const options = { ...(first as net.TcpNetConnectOpts) };
  const routedHost = options.host ? routes.get(options.host) : undefined;
  if (routedHost) options.host = routedHost;
  const lookup = options.lookup;
  if (lookup) {
    options.lookup = ((hostname, lookupOptions, callback) =>
      lookup(hostname, lookupOptions, (error, address, family) => {
        if (error || typeof address === "string")
          return callback(
            error,
            typeof address === "string" ? (routes.get(address) ?? address) : address,
            family,
          );
        callback(
          null,
          address.map((entry) => ({ ...entry, address: routes.get(entry.address) ?? entry.address })),
        );
      })) as net.LookupFunction;
  }
  return options;
}

/** Routes sockets opened through net.connect (undici, nodemailer) and Node's http Agent (the S3 SDK). */
function routeConnections() {
  const realConnect = net.connect as (...args: unknown[]) => net.Socket;
  const realAgentConnection = HttpAgent.prototype.createConnection as (...args: unknown[]) => net.Socket;
  const spies = [
    vi
      .spyOn(net, "connect")
      .mockImplementation(((first: unknown, ...rest: unknown[]) =>
        realConnect(routed(first), ...rest)) as typeof net.connect),
    vi.spyOn(HttpAgent.prototype, "createConnection").mockImplementation(function (
      this: HttpAgent,
      first: unknown,
      ...rest: unknown[]
    ) {
      return realAgentConnection.call(this, routed(first), ...rest);
    } as typeof HttpAgent.prototype.createConnection),
  ];
  return {
    mockRestore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

let owner: Person;
let tenantId: string;

async function storedIntegrations() {
  return (await getDb()).select().from(integrations).where(eq(integrations.tenantId, tenantId));
}

async function failedConnectReasons(): Promise<string[]> {
  const rows = await (await getDb()).select().from(auditLog).where(eq(auditLog.tenantId, tenantId));
  return rows
    .filter((row) => row.action === "integration.connect_failed")
    .map((row) => String((row.metadata as { reason?: unknown }).reason));
}

/** The error a connect attempt ends with (or the fact that it connected), as the tenant sees it. */
async function connectOutcome(provider: string, credentials: Record<string, unknown>) {
  try {
    await owner.caller.integrations.connect({ provider: provider as "s3", credentials });
    return { connected: true };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return { code, message };
  }
}

beforeAll(async () => {
  owner = await signUp("ssrf-owner");
  const tenant = await owner.caller.tenants.create({ name: "SSRF probes", slug: unique("ssrf") });
  tenantId = tenant.id;
  owner = await refresh(owner);
});

let resolver: MockInstance<typeof hostResolver.resolve>;
const realResolve = hostResolver.resolve.bind(hostResolver);
beforeAll(() => {
  resolver = vi.spyOn(hostResolver, "resolve").mockImplementation(async (hostname: string) => {
    const answer = fakeDns.get(hostname);
    if (!answer) return realResolve(hostname);
    const address = answer();
    return [{ address, family: address.includes(":") ? 6 : 4 } satisfies ResolvedAddress];
  });
});
afterAll(() => vi.restoreAllMocks());

describe("tenant-supplied targets, private targets refused", () => {
  it("refuses every loopback form of the target for every provider: classified, nothing stored, nothing sent", async () => {
    expect(env.ALLOW_PRIVATE_WEBHOOK_TARGETS).toBe(false);
    const listener = await startLoopbackListener("http-ok");
    try {
      const hosts = ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", internalName, "2130706433"];
      for (const provider of providers) {
        for (const host of hosts) {
          const smtpLiteral = provider === "smtp" && host.startsWith("[");
          const outcome = await connectOutcome(provider, credentialsFor(provider, host, listener.port));
          if (smtpLiteral) {
            // The SMTP host field takes host names and IPv4 only; the schema refuses an IPv6 literal first.
            expect(outcome, `${provider} ${host}`).toMatchObject({ code: "BAD_REQUEST" });
          } else {
            expect(outcome, `${provider} ${host}`).toEqual(refusalOf(provider));
          }
        }
      }
      expect(listener.connections()).toBe(0);
      expect(await storedIntegrations()).toEqual([]);
      const reasons = await failedConnectReasons();
      expect(reasons.length).toBeGreaterThanOrEqual(providers.length * 5);
      expect(new Set(reasons)).toEqual(new Set(["resolves to a private address"]));
    } finally {
      await listener.close();
    }
  });

  it("answers an open HTTP port, an open banner port and a closed port identically (no port scanner)", async () => {
    const http = await startListener("http-ok");
    const banner = await startListener("banner");
    const closedPort = Number(new URL(await unreachableUrl()).port);
    try {
      for (const provider of providers) {
        const outcomes = [];
        for (const port of [http.port, banner.port, closedPort]) {
          outcomes.push(await connectOutcome(provider, credentialsFor(provider, "127.0.0.1", port)));
        }
        expect(outcomes, provider).toEqual([refusalOf(provider), refusalOf(provider), refusalOf(provider)]);
      }
      expect(http.connections + banner.connections).toBe(0);
      expect(await storedIntegrations()).toEqual([]);
      const reasons = (await failedConnectReasons()).join("\n");
      expect(reasons).not.toContain(bannerMarker);
      expect(reasons).not.toContain(httpBodyMarker);
    } finally {
      await http.close();
      await banner.close();
    }
  });
});

describe("connections to a public target", () => {
  const publicAddress = "93.184.215.14";
  let routing: ReturnType<typeof routeConnections>;
  beforeAll(() => {
    routing = routeConnections();
    routes.set(publicAddress, "127.0.0.2");
  });
  afterEach(() => fakeDns.delete("hooks.plugboard.test"));
  afterAll(() => {
    routing.mockRestore();
    routes.clear();
  });

  it("does not follow a redirect from a public target to an internal address", async () => {
    const internal = await startListener("http-ok");
    const redirector = await startListener("redirect", {
      host: "127.0.0.2",
      location: `http://127.0.0.1:${internal.port}/internal`,
    });
    fakeDns.set("hooks.plugboard.test", () => publicAddress);
    try {
      for (const provider of ["custom_webhook", "n8n"]) {
        const outcome = await connectOutcome(
          provider,
          credentialsFor(provider, "hooks.plugboard.test", redirector.port),
        );
        expect(outcome, provider).toEqual({
          code: "BAD_REQUEST",
          message: `${displayNames[provider]} refused the request: redirect not followed (HTTP 302)`,
        });
      }
      expect(redirector.requests).toHaveLength(2);
      expect(internal.connections).toBe(0);
      expect(await storedIntegrations()).toEqual([]);
    } finally {
      await internal.close();
      await redirector.close();
    }
  });

  it("stops reading an oversized answer and refuses it, instead of buffering it", async () => {
    const huge = await startListener("huge", { host: "127.0.0.2" });
    fakeDns.set("hooks.plugboard.test", () => publicAddress);
    try {
      const outcome = await connectOutcome(
        "custom_webhook",
        credentialsFor("custom_webhook", "hooks.plugboard.test", huge.port),
      );
      expect(outcome).toEqual({
        code: "BAD_REQUEST",
        message: "Custom webhook refused the request: answer too large",
      });
      expect(huge.requests).toHaveLength(1);
      expect(await storedIntegrations()).toEqual([]);
    } finally {
      await huge.close();
    }
  });

  it("connects to the address it checked, not a second DNS answer, and checks again at every call", async () => {
    // Public server on 127.0.0.2 (where the public address routes), internal one on 127.0.0.1, same port.
    const outside = await startListener("http-ok", { host: "127.0.0.2" });
    const inside = await startListener("http-ok", { port: outside.port });
    let answers = 0;
    fakeDns.set("hooks.plugboard.test", () => (answers++ === 0 ? publicAddress : "127.0.0.1"));
    resolver.mockClear();
    try {
      const { integration } = await owner.caller.integrations.connect({
        provider: "custom_webhook",
        name: "Rebinding probe",
        credentials: credentialsFor("custom_webhook", "hooks.plugboard.test", outside.port),
      });
      expect(resolver.mock.calls.filter(([name]) => name === "hooks.plugboard.test")).toHaveLength(1);
      expect(outside.requests).toEqual([expect.stringMatching(/^POST \/plugboard\/webhooks /)]);
      expect(inside.connections).toBe(0);

      // The name now answers 127.0.0.1: the next delivery is checked again and refused.
      const trigger = await owner.caller.integrations
        .execute({
          integrationId: integration.id,
          capability_code: "TRIGGER_WORKFLOW",
          parameters: { event: "invoice.paid", payload: {} },
        })
        .catch((error: unknown) => error as { code?: string; message?: string });
      expect(trigger).toMatchObject(refusalOf("custom_webhook"));
      expect(inside.connections).toBe(0);
      expect(outside.requests).toHaveLength(1);
    } finally {
      await outside.close();
      await inside.close();
    }
  });

  it("checks the SMTP host again at every send and connects to the checked address", async () => {
    const mails: string[] = [];
    const outside = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onAuth: (_auth, _session, callback) => callback(null, { user: "probe" }),
      onData(stream, _session, callback) {
        stream.on("data", (chunk: Buffer) => mails.push(chunk.toString()));
        stream.on("end", () => callback());
      },
    });
    await new Promise<void>((resolve) => outside.listen(0, "127.0.0.2", resolve));
    const port = (outside.server.address() as net.AddressInfo).port;
    const inside = await startListener("banner", { port });
    let answers = 0;
    fakeDns.set("hooks.plugboard.test", () => (answers++ === 0 ? publicAddress : "127.0.0.1"));
    resolver.mockClear();
    try {
      const { integration } = await owner.caller.integrations.connect({
        provider: "smtp",
        credentials: credentialsFor("smtp", "hooks.plugboard.test", port),
      });
      expect(resolver.mock.calls.filter(([name]) => name === "hooks.plugboard.test")).toHaveLength(1);
      expect(inside.connections).toBe(0);

      const send = await owner.caller.integrations
        .execute({
          integrationId: integration.id,
          capability_code: "SEND_NOTIFICATION",
          parameters: { to: "ap@customer.example", text: "Invoice INV-1 is due." },
        })
        .catch((error: unknown) => error as { code?: string; message?: string });
      expect(send).toMatchObject(refusalOf("smtp"));
      expect(inside.connections).toBe(0);
      expect(mails).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => outside.close(() => resolve()));
      await inside.close();
    }
  });

  it("connects S3 to the endpoint address it checked, not a second DNS answer", async () => {
    const outside = await startListener("http-ok", { host: "127.0.0.2" });
    const inside = await startListener("http-ok", { port: outside.port });
    let answers = 0;
    fakeDns.set("hooks.plugboard.test", () => (answers++ === 0 ? publicAddress : "127.0.0.1"));
    resolver.mockClear();
    try {
      const { integration } = await owner.caller.integrations.connect({
        provider: "s3",
        credentials: credentialsFor("s3", "hooks.plugboard.test", outside.port),
      });
      expect(integration.status).toBe("active");
      expect(resolver.mock.calls.filter(([name]) => name === "hooks.plugboard.test")).toHaveLength(1);
      expect(outside.requests).toEqual([expect.stringMatching(/^HEAD \/invoices-archive/)]);
      expect(inside.connections).toBe(0);
    } finally {
      await outside.close();
      await inside.close();
    }
  });
});
