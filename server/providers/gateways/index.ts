import { AppError } from "@/lib/errors";
import type { ProviderId } from "../registry";
import type { Gateway, GatewayContext, GatewayFactory } from "./base";
import { billComGateway } from "./bill-com";
import { companiesHouseGateway } from "./companies-house";
import { customWebhookGateway } from "./custom-webhook";
import { freshbooksGateway } from "./freshbooks";
import { geminiGateway } from "./gemini";
import { gleanAiGateway } from "./glean-ai";
import { lemVerifyGateway } from "./lem-verify";
import { makeGateway } from "./make";
import { melioGateway } from "./melio";
import { n8nGateway } from "./n8n";
import { paypalGateway } from "./paypal";
import { quickbooksGateway } from "./quickbooks";
import { resendGateway } from "./resend";
import { s3Gateway } from "./s3";
import { smtpGateway } from "./smtp";
import { squareGateway } from "./square";
import { stripeGateway } from "./stripe";
import { vicAiGateway } from "./vic-ai";
import { xeroGateway } from "./xero";
import { zapierGateway } from "./zapier";

/**
 * Every provider's gateway, exhaustively: adding a provider to the registry fails the type check
 * until it is listed here. `null` marks OAuth providers whose gateways arrive with the OAuth client.
 */
export const gatewayFactories: Record<ProviderId, GatewayFactory | null> = {
  stripe: stripeGateway,
  paypal: paypalGateway,
  square: squareGateway,
  quickbooks: quickbooksGateway,
  xero: xeroGateway,
  freshbooks: freshbooksGateway,
  bill_com: billComGateway,
  melio: melioGateway,
  vic_ai: vicAiGateway,
  glean_ai: gleanAiGateway,
  zapier: zapierGateway,
  make: makeGateway,
  n8n: n8nGateway,
  custom_webhook: customWebhookGateway,
  slack: null,
  microsoft_teams: null,
  smtp: smtpGateway,
  resend: resendGateway,
  google_drive: null,
  dropbox: null,
  onedrive: null,
  s3: s3Gateway,
  salesforce: null,
  hubspot: null,
  pipedrive: null,
  lem_verify: lemVerifyGateway,
  companies_house: companiesHouseGateway,
  gemini: geminiGateway,
};

export function createGateway(providerId: string, ctx: GatewayContext): Gateway {
  const factory = gatewayFactories[providerId as ProviderId];
  if (!factory)
    throw new AppError(
      "BAD_REQUEST",
      `${ctx.provider.displayName} cannot be used through an API key in this version`,
    );
  return factory(ctx);
}
