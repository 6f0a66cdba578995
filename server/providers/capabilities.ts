import type { CapabilityCode, CapabilityDefinition, JsonSchema } from "./types";

/**
 * Parameter schemas (JSON Schema draft 2020-12) shared by every provider that declares a capability.
 * They are a contract: the execute endpoint validates parameters against them before a gateway runs.
 */
const uuid = { type: "string", format: "uuid" };

export const capabilityParameters = {
  VALIDATE_CREDENTIALS: { type: "object", properties: {}, additionalProperties: false },
  SEND_INVOICE: {
    type: "object",
    properties: {
      invoiceId: { ...uuid, description: "Plugboard invoice to create and send at the provider." },
    },
    required: ["invoiceId"],
    additionalProperties: false,
  },
  SYNC_INVOICE_STATUS: {
    type: "object",
    properties: {
      invoiceId: { ...uuid, description: "Plugboard invoice whose provider status is fetched." },
    },
    required: ["invoiceId"],
    additionalProperties: false,
  },
  RECORD_PAYMENT: {
    type: "object",
    properties: {
      invoiceId: uuid,
      amountMinor: { type: "integer", minimum: 1, description: "Amount in minor units (cents)." },
      currency: { type: "string", pattern: "^[A-Z]{3}$", description: "ISO 4217 code, e.g. GBP." },
      paidAt: { type: "string", format: "date-time" },
    },
    required: ["invoiceId", "amountMinor", "currency", "paidAt"],
    additionalProperties: false,
  },
  SYNC_CUSTOMER: {
    type: "object",
    properties: { customerId: uuid },
    required: ["customerId"],
    additionalProperties: false,
  },
  SYNC_BILL: {
    type: "object",
    properties: { billId: { type: "string", minLength: 1, description: "Bill id at the provider." } },
    required: ["billId"],
    additionalProperties: false,
  },
  SEND_NOTIFICATION: {
    type: "object",
    properties: {
      to: {
        type: "string",
        minLength: 1,
        description: "Email address, or channel name/id for chat providers.",
      },
      subject: { type: "string", maxLength: 998 },
      text: { type: "string", minLength: 1 },
    },
    required: ["to", "text"],
    additionalProperties: false,
  },
  TRIGGER_WORKFLOW: {
    type: "object",
    properties: {
      event: { type: "string", minLength: 1, description: "Event name, e.g. invoice.paid." },
      payload: { type: "object", description: "Event data passed to the workflow as JSON." },
    },
    required: ["event"],
    additionalProperties: false,
  },
  ARCHIVE_DOCUMENT: {
    type: "object",
    properties: {
      invoiceId: uuid,
      fileName: { type: "string", minLength: 1, maxLength: 255, pattern: "^[^/\\\\]+$" },
    },
    required: ["invoiceId", "fileName"],
    additionalProperties: false,
  },
  SYNC_CONTACT: {
    type: "object",
    properties: { customerId: uuid },
    required: ["customerId"],
    additionalProperties: false,
  },
  LOOKUP_COMPANY: {
    type: "object",
    // One of the two is needed; JsonSchema has no anyOf, so the gateway checks that.
    properties: {
      companyNumber: { type: "string", pattern: "^[A-Z0-9]{8}$", description: "e.g. 00445790 or SC123456." },
      query: { type: "string", minLength: 2, description: "Company name to search for." },
    },
    additionalProperties: false,
  },
  VERIFY_IDENTITY: {
    type: "object",
    properties: { customerId: uuid, email: { type: "string", format: "email" } },
    required: ["customerId", "email"],
    additionalProperties: false,
  },
  EXTRACT_DOCUMENT: {
    type: "object",
    properties: {
      mimeType: { type: "string", pattern: "^[\\w.+-]+/[\\w.+-]+$", description: "e.g. application/pdf." },
      contentBase64: { type: "string", minLength: 1, contentEncoding: "base64" },
    },
    required: ["mimeType", "contentBase64"],
    additionalProperties: false,
  },
} satisfies Record<CapabilityCode, JsonSchema>;

/** Builds a provider's capability map from one description per declared code; parameters come from above. */
export function capabilities<C extends CapabilityCode>(
  descriptions: Record<C, string>,
): Record<C, CapabilityDefinition> {
  const entries = (Object.keys(descriptions) as C[]).map((code) => [
    code,
    { description: descriptions[code], parameters: capabilityParameters[code] },
  ]);
  return Object.fromEntries(entries) as Record<C, CapabilityDefinition>;
}
