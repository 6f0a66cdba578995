import { z } from "zod";
import { ProviderError } from "../errors";
import {
  type ExternalInvoiceState,
  type InvoiceDocument,
  type InvoicingGateway,
  idempotencyKeyFor,
  type SendInvoiceInput,
  type SendInvoiceResult,
} from "../invoicing";
import type { GatewayContext, GatewayFactory } from "./base";
import { OutboundHookGateway } from "./outbound-hook";

const externalStatuses = ["draft", "open", "paid", "void", "uncollectible"] as const;

/** What a receiver may answer to `invoice.created`; any other 2xx body (or none) means "received". */
const createdAnswer = z.object({
  id: z.string().min(1).max(255).optional(),
  hosted_url: z.url({ protocol: /^https?$/ }).optional(),
  status: z.enum(externalStatuses).optional(),
  paid_at: z.iso.datetime({ offset: true }).optional(),
});

/** What a receiver must answer to `invoice.status_requested`. */
const statusAnswer = createdAnswer.omit({ id: true });

/**
 * Custom webhook: Standard Webhooks–signed events to the tenant's own endpoint. Invoices are delivered as
 * `invoice.created` with the whole invoice; the receiver may answer with its own id, a hosted link and a
 * status. Custom endpoints have no status API, so a status check is an `invoice.status_requested` event
 * the receiver answers; receivers that cannot answer send updates to our inbound webhook instead.
 */
class CustomWebhookGateway extends OutboundHookGateway {
  readonly invoicing: InvoicingGateway = {
    sendInvoice: (input) => this.sendInvoice(input),
    fetchInvoiceStatus: (input) => this.fetchInvoiceStatus(input),
  };

  constructor(ctx: GatewayContext) {
    super(ctx, { urlKey: "endpointUrl", signingSecretKey: "signingSecret" });
  }

  /** The message id derives from the sync, so every attempt carries the same `webhook-id` to deduplicate. */
  private async sendInvoice({ invoice, idempotencyKey }: SendInvoiceInput): Promise<SendInvoiceResult> {
    const webhookId = idempotencyKeyFor(idempotencyKey, "invoice.created");
    const { answer } = await this.deliver(
      "invoice.created",
      { invoice: invoicePayloadOf(invoice) },
      webhookId,
    );
    const parsed = parseAnswer(createdAnswer, answer, "invoice.created", { optional: true });
    return { ...stateOf(parsed?.id ?? invoice.id, parsed ?? {}), externalNumber: invoice.number };
  }

  private async fetchInvoiceStatus(input: { externalId: string; currency: string }) {
    const { answer } = await this.deliver("invoice.status_requested", {
      externalId: input.externalId,
      currency: input.currency,
    });
    const parsed = parseAnswer(statusAnswer, answer, "invoice.status_requested", { optional: false });
    if (!parsed?.status) {
      throw new ProviderError(
        "invalid_request",
        'The endpoint answered invoice.status_requested without a status: answer {"status": "open" | "paid" | "void" | …}, or send status updates to the Plugboard webhook URL instead',
      );
    }
    return stateOf(input.externalId, parsed);
  }
}

/** The invoice as receivers get it: our ids and number, amounts in integer minor units with the currency. */
function invoicePayloadOf(invoice: InvoiceDocument) {
  const { externalId: _atThisIntegration, ...customer } = invoice.customer;
  return { ...invoice, customer };
}

/**
 * Reads a receiver's JSON answer. A non-object body (text, empty) is no answer; an object must match the
 * documented fields, or the receiver is told exactly what was wrong.
 */
function parseAnswer<Schema extends z.ZodType>(
  schema: Schema,
  answer: unknown,
  eventType: string,
  { optional }: { optional: boolean },
): z.infer<Schema> | undefined {
  if (answer === null || typeof answer !== "object" || Array.isArray(answer)) {
    if (optional) return undefined;
    throw new ProviderError("invalid_request", `The endpoint answered ${eventType} without a JSON object`);
  }
  const result = schema.safeParse(answer);
  if (result.success) return result.data;
  throw new ProviderError(
    "invalid_request",
    `The endpoint's answer to ${eventType} is not valid: ${z.prettifyError(result.error).replaceAll("\n", " ")}`,
  );
}

/** The receiver's answer as a state; without a status, a delivered invoice is open. */
function stateOf(externalId: string, answer: z.infer<typeof statusAnswer>): ExternalInvoiceState {
  return {
    externalId,
    status: answer.status ?? "open",
    hostedUrl: answer.hosted_url,
    paidAt: answer.paid_at ? new Date(answer.paid_at) : undefined,
  };
}

/** Builds the custom webhook gateway for one integration. */
export const customWebhookGateway: GatewayFactory = (ctx) => new CustomWebhookGateway(ctx);
