import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import Stripe from "stripe";

/**
 * The baseline: a bare node:http server doing the same essential work as the app's webhook route
 * (verify the Stripe signature, insert once into Postgres with postgres.js, answer 200).
 */
export async function startBaseline(databaseUrl: string, signingSecret: string) {
  const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });
  await sql`create table if not exists bench_baseline_events (id text primary key, body text not null, received_at timestamptz not null default now())`;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      try {
        const event = Stripe.webhooks.constructEvent(
          body,
          String(req.headers["stripe-signature"] ?? ""),
          signingSecret,
          300,
        );
        await sql`insert into bench_baseline_events (id, body) values (${event.id}, ${body}) on conflict do nothing`;
        res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
      } catch {
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stored: async () => Number((await sql`select count(*)::int as n from bench_baseline_events`)[0]?.n ?? 0),
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await sql.end({ timeout: 5 });
    },
  };
}
