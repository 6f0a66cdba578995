/**
 * A local Stripe for trying Plugboard without a Stripe account or the internet:
 *
 *   npm run stripe:local -- [--port 12111] [--forward-to <webhook URL> --secret <whsec_…>]
 *
 * It speaks Stripe's API (every request checked against Stripe's official OpenAPI spec), keeps the
 * customers and invoices Plugboard creates, serves each invoice's hosted page with a Pay button, and,
 * with --forward-to, delivers `invoice.*` events signed with the Stripe SDK (like `stripe listen`).
 */
import { parseArgs } from "node:util";
import Stripe from "stripe";
import { localStripeKey, localStripeSigningSecret } from "../helpers/fixtures";
import { startStripeServer, stripeEvent } from "../helpers/providers/stripe-server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.LOCAL_STRIPE_PORT ?? "12111" },
    key: { type: "string", default: localStripeKey },
    "forward-to": { type: "string" },
    secret: { type: "string" },
  },
});
const forwardTo = values["forward-to"];
if (forwardTo && !values.secret?.startsWith("whsec_")) {
  console.error("--forward-to needs --secret whsec_… (the webhook signing secret saved on the integration)");
  process.exit(2);
}

const stripe = await startStripeServer({
  apiKeys: [values.key],
  hostedPages: true,
  port: Number(values.port),
});
console.log(`Local Stripe on ${stripe.url}
  1. In .env set STRIPE_API_BASE=${stripe.url} and restart \`npm run dev\`.
  2. Connect Stripe in Integrations with the secret key ${values.key}
     (and a webhook signing secret such as ${localStripeSigningSecret} if you want events forwarded).
  3. Link it as the default for invoicing, create an invoice, and watch it sync.
  4. Open "View in Stripe" on the invoice to pay it here.${
    forwardTo
      ? `\nForwarding invoice events to ${forwardTo}`
      : "\nStart with --forward-to <webhook URL> --secret <whsec_…> to forward events."
  }`);

const signer = new Stripe(values.key);
let delivered = 0;
async function forwardEvents() {
  if (!forwardTo || !values.secret) return;
  while (delivered < stripe.events.length) {
    const event = stripe.events[delivered];
    delivered += 1;
    if (!event) continue;
    const invoice = stripe.invoices().find((candidate) => candidate.id === event.invoiceId);
    const payload = JSON.stringify(stripeEvent(event.type, invoice));
    const signature = signer.webhooks.generateTestHeaderString({ payload, secret: values.secret });
    try {
      const response = await fetch(forwardTo, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
      console.log(`${event.type} ${event.invoiceId} → ${response.status}`);
    } catch (error) {
      console.error(`${event.type} ${event.invoiceId} → ${error instanceof Error ? error.message : error}`);
    }
  }
}
setInterval(() => void forwardEvents(), 250);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void stripe.close().then(() => process.exit(0)));
}
