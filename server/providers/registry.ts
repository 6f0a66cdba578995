import { z } from "zod";
import { capabilities } from "./capabilities";
import { logos } from "./logos";
import type { CredentialFieldMeta, OAuthDefinition, ProviderDefinition } from "./types";

/**
 * The provider catalog as typed data (GUIDE §4). Everything provider-specific that is not code lives
 * here: credential schemas (the single source for validation and the setup wizard), OAuth endpoints,
 * API bases (`<PREFIX>_API_BASE` overrides), rate limits, webhook schemes and capabilities.
 * Rate limits marked "not published" are conservative paces; gateways still honour 429/Retry-After.
 */

/** Attaches the wizard metadata last in the chain, on the outermost schema, where credentialFieldsOf reads it. */
const withMeta = <T extends z.ZodType>(schema: T, meta: CredentialFieldMeta): T => schema.meta(meta);

const text = () => z.string().trim().min(1, "Required");
const pattern = (regex: RegExp, message: string) => z.string().trim().regex(regex, message);
const httpsUrl = () => z.url({ protocol: /^https$/, error: "Must be an https:// URL" });
const httpUrl = () => z.url({ protocol: /^https?$/, error: "Must be an http:// or https:// URL" });
const none = z.object({});

const microsoftIdentity = (scopes: string[], requiredScopes: string[]): OAuthDefinition => ({
  authorizationUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
  tokenUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
  // The Microsoft identity platform has no token revocation endpoint; disconnecting deletes our tokens.
  scopes,
  requiredScopes,
  clientAuth: "client_secret_post",
});

export const registry = {
  stripe: {
    id: "stripe",
    displayName: "Stripe",
    category: "payments",
    description:
      "Creates and sends invoices in your Stripe account and keeps their status in sync; paid invoices arrive via Stripe webhooks.",
    logo: logos.stripe,
    docsUrl: "https://docs.stripe.com/api",
    status: "active",
    authMode: "api_key",
    credentials: z.object({
      secretKey: withMeta(
        pattern(
          /^(sk|rk)_(test|live)_[0-9A-Za-z]+$/,
          "Stripe secret keys are sk_test_ or sk_live_ (restricted keys rk_test_ or rk_live_) followed by letters and digits only",
        ),
        {
          label: "Secret key",
          help: "In the Stripe Dashboard, open Developers → API keys and copy the secret (or a restricted) key.",
          whereToFind: "https://dashboard.stripe.com/apikeys",
          secret: true,
          placeholder: "sk_live_…",
        },
      ),
      webhookSigningSecret: withMeta(
        pattern(/^whsec_\S+$/, "Stripe signing secrets start with whsec_ and contain no spaces").optional(),
        {
          label: "Webhook signing secret",
          help: "In Developers → Webhooks, open the endpoint pointing at Plugboard and reveal its signing secret.",
          whereToFind: "https://dashboard.stripe.com/webhooks",
          secret: true,
          placeholder: "whsec_…",
        },
      ),
    }),
    apiBase: "https://api.stripe.com",
    envPrefix: "STRIPE",
    // Stripe allows 100 req/s in live mode and 25 req/s in test mode; we pace to the lower one.
    rateLimits: { appWide: { requests: 25, perSeconds: 1 } },
    webhook: { scheme: "stripe" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the Stripe account the key belongs to.",
      SEND_INVOICE: "Creates the invoice in Stripe, finalises it and emails it to the customer.",
      SYNC_INVOICE_STATUS: "Fetches the Stripe invoice and updates paid/void/overdue status.",
      SYNC_CUSTOMER: "Creates or updates the matching Stripe customer.",
    }),
  },

  paypal: {
    id: "paypal",
    displayName: "PayPal",
    category: "payments",
    description:
      "Sends PayPal invoices your customers can pay by PayPal or card, and tracks their payment status.",
    logo: logos.paypal,
    docsUrl: "https://developer.paypal.com/docs/api/invoicing/v2/",
    status: "active",
    authMode: "api_key",
    credentials: z.object({
      clientId: withMeta(text(), {
        label: "Client ID",
        help: "In the PayPal Developer Dashboard, open Apps & Credentials and select your REST app.",
        whereToFind: "https://developer.paypal.com/dashboard/applications",
        secret: false,
      }),
      clientSecret: withMeta(text(), {
        label: "Client secret",
        help: "On the same REST app page under Apps & Credentials, show and copy the secret.",
        whereToFind: "https://developer.paypal.com/dashboard/applications",
        secret: true,
      }),
      environment: withMeta(z.enum(["sandbox", "live"]).default("sandbox"), {
        label: "Environment",
        help: "Choose the toggle (Sandbox or Live) that was active in Apps & Credentials when you copied the keys.",
        secret: false,
      }),
      webhookId: withMeta(text().optional(), {
        label: "Webhook ID (optional)",
        help: "To receive payment events: add this integration's webhook URL to your REST app under Webhooks, then copy the webhook's ID here.",
        whereToFind: "https://developer.paypal.com/dashboard/applications",
        secret: false,
      }),
    }),
    // Live API; the sandbox is https://api-m.sandbox.paypal.com, chosen by the environment credential.
    apiBase: "https://api-m.paypal.com",
    envPrefix: "PAYPAL",
    rateLimits: { perTenant: { requests: 10, perSeconds: 1 } }, // not published
    webhook: { scheme: "paypal" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Requests an OAuth access token with the client credentials.",
      SEND_INVOICE: "Creates a PayPal invoice as a draft and sends it.",
      SYNC_INVOICE_STATUS: "Fetches the PayPal invoice and updates its status.",
      SYNC_CUSTOMER: "Keeps the customer's billing details on their PayPal invoices current.",
    }),
  },

  square: {
    id: "square",
    displayName: "Square",
    category: "payments",
    description:
      "Publishes invoices through Square Invoices (with an order behind each) and follows their payment status.",
    logo: logos.square,
    docsUrl: "https://developer.squareup.com/reference/square",
    status: "active",
    authMode: "api_key",
    credentials: z.object({
      accessToken: withMeta(text(), {
        label: "Access token",
        help: "In the Square Developer Console, open your application → Credentials and copy the production access token.",
        whereToFind: "https://developer.squareup.com/apps",
        secret: true,
        placeholder: "EAAA…",
      }),
      webhookSignatureKey: withMeta(text().optional(), {
        label: "Webhook signature key",
        help: "In your application → Webhooks → Subscriptions, open the Plugboard subscription and copy its signature key.",
        whereToFind: "https://developer.squareup.com/apps",
        secret: true,
      }),
    }),
    apiBase: "https://connect.squareup.com",
    envPrefix: "SQUARE",
    // Sellers can also connect through Square OAuth instead of pasting an access token.
    oauth: {
      authorizationUrl: "https://connect.squareup.com/oauth2/authorize",
      tokenUrl: "https://connect.squareup.com/oauth2/token",
      // Non-standard: JSON body with client_id + access_token and `Authorization: Client <secret>`.
      revocationUrl: "https://connect.squareup.com/oauth2/revoke",
      scopes: [
        "MERCHANT_PROFILE_READ",
        "CUSTOMERS_READ",
        "CUSTOMERS_WRITE",
        "ORDERS_READ",
        "ORDERS_WRITE",
        "INVOICES_READ",
        "INVOICES_WRITE",
        "PAYMENTS_READ",
      ],
      requiredScopes: ["CUSTOMERS_WRITE", "ORDERS_WRITE", "INVOICES_WRITE"],
      clientAuth: "client_secret_post",
    },
    rateLimits: { perTenant: { requests: 10, perSeconds: 1 } }, // not published
    webhook: { scheme: "square" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Lists the seller's locations with the access token.",
      SEND_INVOICE: "Creates an order and a Square invoice for it, then publishes the invoice.",
      SYNC_INVOICE_STATUS: "Fetches the Square invoice and updates its status.",
      SYNC_CUSTOMER: "Creates or updates the customer in the Square customer directory.",
    }),
  },

  quickbooks: {
    id: "quickbooks",
    displayName: "QuickBooks Online",
    category: "accounting",
    description:
      "Posts invoices, customers and payments to QuickBooks Online so your books match what Plugboard billed.",
    logo: logos.quickbooks,
    docsUrl: "https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/invoice",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    apiBase: "https://quickbooks.api.intuit.com",
    envPrefix: "QUICKBOOKS",
    oauth: {
      authorizationUrl: "https://appcenter.intuit.com/connect/oauth2",
      tokenUrl: "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
      revocationUrl: "https://developer.api.intuit.com/v2/oauth2/tokens/revoke",
      scopes: ["com.intuit.quickbooks.accounting"],
      requiredScopes: ["com.intuit.quickbooks.accounting"],
      clientAuth: "client_secret_basic",
    },
    rateLimits: { perTenant: { requests: 500, perSeconds: 60 }, concurrentPerTenant: 10 },
    webhook: { scheme: "quickbooks" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the connected company's CompanyInfo.",
      SEND_INVOICE: "Creates the invoice in QuickBooks and emails it from QuickBooks.",
      SYNC_INVOICE_STATUS: "Reads the QuickBooks invoice balance and updates its status.",
      RECORD_PAYMENT: "Records a payment against the QuickBooks invoice.",
      SYNC_CUSTOMER: "Creates or updates the QuickBooks customer.",
    }),
  },

  xero: {
    id: "xero",
    displayName: "Xero",
    category: "accounting",
    description:
      "Posts invoices, contacts and payments to Xero and follows invoice status through Xero webhooks.",
    logo: logos.xero,
    docsUrl: "https://developer.xero.com/documentation/api/accounting/overview",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    apiBase: "https://api.xero.com",
    envPrefix: "XERO",
    oauth: {
      authorizationUrl: "https://login.xero.com/identity/connect/authorize",
      tokenUrl: "https://identity.xero.com/connect/token",
      revocationUrl: "https://identity.xero.com/connect/revocation",
      scopes: [
        "openid",
        "profile",
        "email",
        "offline_access",
        "accounting.transactions",
        "accounting.contacts",
        "accounting.settings.read",
      ],
      requiredScopes: ["offline_access", "accounting.transactions", "accounting.contacts"],
      clientAuth: "client_secret_basic",
    },
    // Per organisation: 60/min, 5 concurrent, 5,000/day; per app across all tenants: 10,000/min.
    rateLimits: {
      perTenant: { requests: 60, perSeconds: 60 },
      appWide: { requests: 10_000, perSeconds: 60 },
      concurrentPerTenant: 5,
      daily: 5000,
    },
    webhook: { scheme: "xero" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Lists the connected Xero organisations (tenants).",
      SEND_INVOICE: "Creates an authorised sales invoice in Xero and emails it.",
      SYNC_INVOICE_STATUS: "Reads the Xero invoice and updates its status.",
      RECORD_PAYMENT: "Applies a payment to the Xero invoice.",
      SYNC_CUSTOMER: "Creates or updates the Xero contact.",
    }),
  },

  freshbooks: {
    id: "freshbooks",
    displayName: "FreshBooks",
    category: "accounting",
    description:
      "Creates and sends invoices in FreshBooks, keeps clients in sync and records payments against them.",
    logo: logos.freshbooks,
    docsUrl: "https://www.freshbooks.com/api/start",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    apiBase: "https://api.freshbooks.com",
    envPrefix: "FRESHBOOKS",
    oauth: {
      authorizationUrl: "https://auth.freshbooks.com/oauth/authorize",
      tokenUrl: "https://api.freshbooks.com/auth/oauth/token",
      revocationUrl: "https://api.freshbooks.com/auth/oauth/revoke",
      scopes: [
        "user:profile:read",
        "user:clients:read",
        "user:clients:write",
        "user:invoices:read",
        "user:invoices:write",
        "user:payments:read",
        "user:payments:write",
      ],
      requiredScopes: [
        "user:profile:read",
        "user:clients:write",
        "user:invoices:write",
        "user:payments:write",
      ],
      clientAuth: "client_secret_post",
    },
    rateLimits: { perTenant: { requests: 60, perSeconds: 60 } }, // not published
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the signed-in identity and its FreshBooks business memberships.",
      SEND_INVOICE: "Creates the FreshBooks invoice and sends it by email.",
      SYNC_INVOICE_STATUS: "Reads the FreshBooks invoice and updates its status.",
      RECORD_PAYMENT: "Records a payment against the FreshBooks invoice.",
      SYNC_CUSTOMER: "Creates or updates the FreshBooks client.",
    }),
  },

  bill_com: {
    id: "bill_com",
    displayName: "BILL",
    category: "bill_pay",
    description:
      "Imports payable bills from BILL and records their payments, so bill-pay activity lands in Plugboard.",
    logo: logos.bill_com,
    docsUrl: "https://developer.bill.com/docs/home",
    status: "active",
    authMode: "api_key",
    credentials: z.object({
      apiKey: withMeta(text(), {
        label: "Developer key",
        help: "In BILL, go to Settings → Sync & Integrations → Manage Developer Keys and copy the key.",
        whereToFind: "https://developer.bill.com/docs/sign-up-for-a-developer-account",
        secret: true,
      }),
      organizationId: withMeta(text(), {
        label: "Organization ID",
        help: "In BILL, Settings → Profiles → Company profile shows the organization ID (it starts with 008).",
        secret: false,
        placeholder: "00801…",
      }),
      username: withMeta(z.email(), {
        label: "Username (email)",
        help: "The email address of the BILL user the integration signs in as; use a dedicated API user.",
        secret: false,
        placeholder: "api@yourcompany.com",
      }),
      password: withMeta(text(), {
        label: "Password",
        help: "The password of that BILL user, set in BILL under your user profile.",
        secret: true,
      }),
      sandboxMode: withMeta(z.boolean().default(false), {
        label: "Sandbox",
        help: "Turn on if the developer key and user come from a BILL sandbox (gateway.stage.bill.com).",
        secret: false,
      }),
    }),
    // Production v3 API; sandbox is https://gateway.stage.bill.com/connect (sandboxMode).
    apiBase: "https://gateway.prod.bill.com/connect",
    envPrefix: "BILL_COM",
    // Per developer key: 20,000 requests per hour, 3 concurrent per organisation.
    rateLimits: { perTenant: { requests: 20_000, perSeconds: 3600 }, concurrentPerTenant: 3 },
    webhook: { scheme: "bill_com" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Signs in to BILL with the developer key and user, then signs out.",
      RECORD_PAYMENT: "Records an external payment against the matching BILL bill.",
      SYNC_BILL: "Fetches the BILL bill and updates its status and amounts.",
    }),
  },

  melio: {
    id: "melio",
    displayName: "Melio",
    category: "bill_pay",
    description:
      "Syncs payable bills and their payment status from Melio and records payments made outside it.",
    logo: logos.melio,
    docsUrl: "https://meliopayments.com/partners/",
    status: "beta",
    authMode: "api_key",
    credentials: z.object({
      apiKey: withMeta(text(), {
        label: "API key",
        help: "In the Melio Partner Portal, open API keys and create or copy a key.",
        secret: true,
      }),
      accountId: withMeta(text(), {
        label: "Account ID",
        help: "The Melio organization (account) ID shown in the Partner Portal next to the connected account.",
        secret: false,
      }),
    }),
    apiBase: "https://api.melio.com",
    envPrefix: "MELIO",
    rateLimits: { perTenant: { requests: 10, perSeconds: 1 } }, // not published (set per partner agreement)
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the Melio account the key gives access to.",
      RECORD_PAYMENT: "Marks the matching Melio bill as paid outside Melio.",
      SYNC_BILL: "Fetches the Melio bill and its payment status.",
    }),
  },

  vic_ai: {
    id: "vic_ai",
    displayName: "Vic.ai",
    category: "bill_pay",
    description:
      "Pulls AI-processed supplier invoices (bills) from Vic.ai and keeps their approval and payment state.",
    logo: logos.vic_ai,
    docsUrl: "https://docs.vic.ai",
    status: "beta",
    authMode: "api_key",
    credentials: z.object({
      apiKey: withMeta(text(), {
        label: "API key",
        help: "Issued by your Vic.ai representative with the integration credentials (Vic.ai has no self-service keys).",
        secret: true,
      }),
      clientId: withMeta(text(), {
        label: "Client ID",
        help: "The OAuth client ID from the same Vic.ai credential set, used to obtain access tokens.",
        secret: false,
      }),
      clientSecret: withMeta(text(), {
        label: "Client secret",
        help: "The client secret that came with the client ID from Vic.ai.",
        secret: true,
      }),
    }),
    // US region; EU customers override VIC_AI_API_BASE.
    apiBase: "https://api.us.vic.ai",
    envPrefix: "VIC_AI",
    rateLimits: { perTenant: { requests: 10, perSeconds: 1 } }, // not published (per OAuth client)
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Exchanges the client credentials for a token and calls the health check.",
      SYNC_BILL: "Fetches the Vic.ai bill and updates its status.",
    }),
  },

  glean_ai: {
    id: "glean_ai",
    displayName: "Glean.ai",
    category: "bill_pay",
    description:
      "Syncs bills from Glean.ai's AP inbox and uses its line-item extraction on uploaded invoices.",
    logo: logos.glean_ai,
    docsUrl: "https://www.glean.ai",
    status: "beta",
    authMode: "api_key",
    credentials: z.object({
      apiKey: withMeta(text(), {
        label: "API key",
        help: "Requested from Glean.ai support for your workspace; it is shown once when issued.",
        secret: true,
      }),
      workspaceId: withMeta(text(), {
        label: "Workspace ID",
        help: "The workspace identifier Glean.ai gives with the key (also in your Glean.ai workspace settings).",
        secret: false,
      }),
    }),
    apiBase: "https://api.glean.ai",
    envPrefix: "GLEAN_AI",
    rateLimits: { perTenant: { requests: 5, perSeconds: 1 } }, // not published
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the workspace the key belongs to.",
      SYNC_BILL: "Fetches the Glean.ai bill and updates its status.",
      EXTRACT_DOCUMENT: "Sends a document to Glean.ai for header and line-item extraction.",
    }),
  },

  zapier: {
    id: "zapier",
    displayName: "Zapier",
    category: "automation",
    description:
      "Posts Plugboard events (invoice paid, customer created, …) to a Zapier Catch Hook to start your Zaps.",
    logo: logos.zapier,
    docsUrl: "https://help.zapier.com/hc/en-us/articles/8496288690317-Trigger-Zaps-from-webhooks",
    status: "active",
    authMode: "webhook_only",
    credentials: z.object({
      hookUrl: withMeta(httpsUrl(), {
        label: "Webhook URL",
        help: "In your Zap, add the Webhooks by Zapier trigger → Catch Hook and copy the URL it shows.",
        secret: true,
        placeholder: "https://hooks.zapier.com/hooks/catch/…",
      }),
    }),
    // Informational: requests go to the hook URL in the credentials.
    apiBase: "https://hooks.zapier.com",
    envPrefix: "ZAPIER",
    rateLimits: { perTenant: { requests: 30, perSeconds: 1 } },
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Sends a test event to the hook URL.",
      TRIGGER_WORKFLOW: "Posts the event and its payload to the Zapier hook.",
    }),
  },

  make: {
    id: "make",
    displayName: "Make",
    category: "automation",
    description: "Posts Plugboard events to a Make custom webhook to start your scenarios.",
    logo: logos.make,
    docsUrl: "https://www.make.com/en/help/tools/webhooks",
    status: "active",
    authMode: "webhook_only",
    credentials: z.object({
      webhookUrl: withMeta(httpsUrl(), {
        label: "Webhook URL",
        help: "In your scenario, add Webhooks → Custom webhook as the trigger, create a webhook and copy its address.",
        secret: true,
        placeholder: "https://hook.eu1.make.com/…",
      }),
    }),
    // Informational (EU1 zone): requests go to the webhook URL in the credentials.
    apiBase: "https://hook.eu1.make.com",
    envPrefix: "MAKE",
    rateLimits: { perTenant: { requests: 30, perSeconds: 1 } },
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Sends a test event to the webhook URL.",
      TRIGGER_WORKFLOW: "Posts the event and its payload to the Make webhook.",
    }),
  },

  n8n: {
    id: "n8n",
    displayName: "n8n",
    category: "automation",
    description: "Posts Plugboard events to an n8n Webhook node, on n8n Cloud or your own instance.",
    logo: logos.n8n,
    docsUrl: "https://docs.n8n.io/integrations/builtin/core-nodes/n8n-nodes-base.webhook/",
    status: "active",
    authMode: "webhook_only",
    credentials: z.object({
      webhookUrl: withMeta(httpUrl(), {
        label: "Webhook URL",
        help: "In your workflow, open the Webhook trigger node (method POST) and copy its Production URL.",
        secret: true,
        placeholder: "https://your-instance.app.n8n.cloud/webhook/…",
      }),
    }),
    // Informational: requests go to the webhook URL in the credentials (often self-hosted).
    apiBase: "https://app.n8n.cloud",
    envPrefix: "N8N",
    rateLimits: {}, // self-hosted instances have no fixed limit
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Sends a test event to the webhook URL.",
      TRIGGER_WORKFLOW: "Posts the event and its payload to the n8n webhook.",
    }),
  },

  custom_webhook: {
    id: "custom_webhook",
    displayName: "Custom webhook",
    category: "automation",
    description:
      "Delivers invoices and events to your own endpoint, signed with Standard Webhooks, for systems we don't integrate yet.",
    logo: logos.custom_webhook,
    docsUrl: "https://www.standardwebhooks.com",
    status: "active",
    authMode: "webhook_only",
    credentials: z.object({
      endpointUrl: withMeta(httpUrl(), {
        label: "Endpoint URL",
        help: "The URL in your own system that accepts POST requests from Plugboard.",
        secret: false,
        placeholder: "https://example.com/plugboard/webhooks",
      }),
      signingSecret: withMeta(
        pattern(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "Must be whsec_ followed by base64").optional(),
        {
          label: "Signing secret",
          help: "Leave empty and Plugboard generates one to show you once; or paste a whsec_ secret your receiver already uses.",
          secret: true,
          placeholder: "whsec_…",
        },
      ),
    }),
    // No fixed host: deliveries go to endpointUrl. `.invalid` (RFC 2606) fails fast if ever used as a base.
    apiBase: "https://custom-webhook.invalid",
    envPrefix: "CUSTOM_WEBHOOK",
    rateLimits: {},
    webhook: { scheme: "standard_webhooks" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Sends a signed test event and expects a 2xx answer.",
      SEND_INVOICE: "Delivers the invoice as a signed invoice.created event.",
      SYNC_INVOICE_STATUS:
        "Asks the endpoint for the invoice's status with a signed invoice.status_requested event.",
      TRIGGER_WORKFLOW: "Delivers the event and its payload, signed.",
    }),
  },

  slack: {
    id: "slack",
    displayName: "Slack",
    category: "communication",
    description:
      "Posts billing notifications (invoice paid, payment failed, sync errors) to a Slack channel.",
    logo: logos.slack,
    docsUrl: "https://docs.slack.dev/reference/methods/chat.postMessage",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    apiBase: "https://slack.com/api",
    envPrefix: "SLACK",
    oauth: {
      authorizationUrl: "https://slack.com/oauth/v2/authorize",
      tokenUrl: "https://slack.com/api/oauth.v2.access",
      // auth.revoke takes the token itself (form field `token` or bearer).
      revocationUrl: "https://slack.com/api/auth.revoke",
      scopes: ["chat:write", "chat:write.public", "channels:read"],
      requiredScopes: ["chat:write"],
      clientAuth: "client_secret_basic",
    },
    // chat.postMessage: about one message per second per channel, short bursts tolerated.
    rateLimits: { perTenant: { requests: 1, perSeconds: 1 } },
    webhook: { scheme: "slack" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Calls auth.test with the bot token.",
      SEND_NOTIFICATION: "Posts the message to the channel given as the recipient.",
    }),
  },

  microsoft_teams: {
    id: "microsoft_teams",
    displayName: "Microsoft Teams",
    category: "communication",
    description: "Posts billing notifications to a Microsoft Teams channel through Microsoft Graph.",
    logo: logos.microsoft_teams,
    docsUrl: "https://learn.microsoft.com/en-us/graph/api/channel-post-messages",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    apiBase: "https://graph.microsoft.com/v1.0",
    envPrefix: "TEAMS",
    oauth: microsoftIdentity(
      ["offline_access", "User.Read", "Team.ReadBasic.All", "Channel.ReadBasic.All", "ChannelMessage.Send"],
      ["offline_access", "ChannelMessage.Send"],
    ),
    rateLimits: { perTenant: { requests: 1, perSeconds: 1 } }, // Graph throttles channel posts per app per team
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the signed-in user (/me) with the access token.",
      SEND_NOTIFICATION: "Posts the message to the channel given as the recipient (teamId/channelId).",
    }),
  },

  smtp: {
    id: "smtp",
    displayName: "Email (SMTP)",
    category: "communication",
    description:
      "Sends invoice and payment emails through your own mail server, so they come from your domain.",
    logo: logos.smtp,
    docsUrl: "https://datatracker.ietf.org/doc/html/rfc5321",
    status: "active",
    authMode: "basic",
    credentials: z.object({
      host: withMeta(pattern(/^[A-Za-z0-9.-]+$/, "Host name only, without smtp:// or a port"), {
        label: "SMTP host",
        help: "Your mail provider's SMTP server name, listed in its SMTP or app-password settings.",
        secret: false,
        placeholder: "smtp.example.com",
      }),
      port: withMeta(z.coerce.number().int().min(1).max(65535).default(587), {
        label: "Port",
        help: "Usually 587 (STARTTLS) or 465 (TLS), as given in your mail provider's SMTP settings.",
        secret: false,
        placeholder: "587",
      }),
      secure: withMeta(z.boolean().default(false), {
        label: "Use TLS from the start",
        help: "Turn on for port 465; leave off for 587, where the connection upgrades with STARTTLS.",
        secret: false,
      }),
      username: withMeta(text(), {
        label: "Username",
        help: "The SMTP login from your mail provider, often the full mailbox address.",
        secret: false,
      }),
      password: withMeta(text(), {
        label: "Password",
        help: "The SMTP password or app password created in your mail provider's security settings.",
        secret: true,
      }),
      fromAddress: withMeta(z.email(), {
        label: "From address",
        help: "A sender address your mail server is allowed to send as (a verified sender or domain).",
        secret: false,
        placeholder: "billing@yourcompany.com",
      }),
    }),
    // Informational: the gateway connects to host:port from the credentials.
    apiBase: "smtp://localhost:587",
    envPrefix: "SMTP",
    rateLimits: {},
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Connects and authenticates to the SMTP server without sending mail.",
      SEND_NOTIFICATION: "Sends a plain-text email to the recipient address.",
    }),
  },

  resend: {
    id: "resend",
    displayName: "Resend",
    category: "communication",
    description: "Sends invoice and payment emails through Resend from your verified domain.",
    logo: logos.resend,
    docsUrl: "https://resend.com/docs/api-reference/introduction",
    status: "active",
    authMode: "api_key",
    credentials: z.object({
      apiKey: withMeta(pattern(/^re_\S+$/, "Must start with re_"), {
        label: "API key",
        help: "In the Resend dashboard, open API Keys and create a key with sending access.",
        whereToFind: "https://resend.com/api-keys",
        secret: true,
        placeholder: "re_…",
      }),
      fromAddress: withMeta(z.email(), {
        label: "From address",
        help: "An address on a domain verified under Domains in the Resend dashboard.",
        whereToFind: "https://resend.com/domains",
        secret: false,
        placeholder: "billing@yourcompany.com",
      }),
    }),
    apiBase: "https://api.resend.com",
    envPrefix: "RESEND",
    rateLimits: { appWide: { requests: 2, perSeconds: 1 } }, // default per team; raised on request
    // Resend signs webhooks with Svix, i.e. Standard Webhooks (headers are named svix-id/-timestamp/-signature).
    webhook: { scheme: "standard_webhooks" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Lists the account's domains with the key and checks the from-address domain.",
      SEND_NOTIFICATION: "Sends an email to the recipient address.",
    }),
  },

  google_drive: {
    id: "google_drive",
    displayName: "Google Drive",
    category: "storage",
    description: "Archives invoice PDFs into a Plugboard folder in your Google Drive.",
    logo: logos.google_drive,
    docsUrl: "https://developers.google.com/workspace/drive/api/reference/rest/v3",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    apiBase: "https://www.googleapis.com",
    envPrefix: "GOOGLE_DRIVE",
    oauth: {
      authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
      tokenUrl: "https://oauth2.googleapis.com/token",
      revocationUrl: "https://oauth2.googleapis.com/revoke",
      scopes: ["https://www.googleapis.com/auth/drive.file"],
      requiredScopes: ["https://www.googleapis.com/auth/drive.file"],
      clientAuth: "client_secret_post",
      // offline + consent: Google only returns a refresh token on first consent otherwise.
      extraAuthorizationParams: { access_type: "offline", prompt: "consent" },
    },
    // 12,000 queries/min per project; sustained writes about 3/s per account.
    rateLimits: { perTenant: { requests: 3, perSeconds: 1 }, appWide: { requests: 12_000, perSeconds: 60 } },
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the connected Google account (about?fields=user).",
      ARCHIVE_DOCUMENT: "Uploads the invoice PDF to the Plugboard folder in Drive.",
    }),
  },

  dropbox: {
    id: "dropbox",
    displayName: "Dropbox",
    category: "storage",
    description: "Archives invoice PDFs into the Plugboard app folder in your Dropbox.",
    logo: logos.dropbox,
    docsUrl: "https://www.dropbox.com/developers/documentation/http/documentation",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    // RPC endpoints; uploads go to https://content.dropboxapi.com.
    apiBase: "https://api.dropboxapi.com",
    envPrefix: "DROPBOX",
    oauth: {
      authorizationUrl: "https://www.dropbox.com/oauth2/authorize",
      tokenUrl: "https://api.dropboxapi.com/oauth2/token",
      // Non-standard: POST with the access token as bearer and no body.
      revocationUrl: "https://api.dropboxapi.com/2/auth/token/revoke",
      scopes: ["account_info.read", "files.content.read", "files.content.write"],
      requiredScopes: ["files.content.write"],
      clientAuth: "client_secret_basic",
      extraAuthorizationParams: { token_access_type: "offline" },
    },
    rateLimits: { perTenant: { requests: 10, perSeconds: 1 } }, // not published
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the current Dropbox account.",
      ARCHIVE_DOCUMENT: "Uploads the invoice PDF to the app folder.",
    }),
  },

  onedrive: {
    id: "onedrive",
    displayName: "OneDrive",
    category: "storage",
    description:
      "Archives invoice PDFs into a Plugboard folder in OneDrive or SharePoint through Microsoft Graph.",
    logo: logos.onedrive,
    docsUrl: "https://learn.microsoft.com/en-us/onedrive/developer/rest-api/",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    apiBase: "https://graph.microsoft.com/v1.0",
    envPrefix: "ONEDRIVE",
    oauth: microsoftIdentity(
      ["offline_access", "User.Read", "Files.ReadWrite"],
      ["offline_access", "Files.ReadWrite"],
    ),
    rateLimits: { perTenant: { requests: 10, perSeconds: 1 } }, // Graph throttling is dynamic
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the user's default drive (/me/drive).",
      ARCHIVE_DOCUMENT: "Uploads the invoice PDF to the Plugboard folder.",
    }),
  },

  s3: {
    id: "s3",
    displayName: "Amazon S3 / MinIO",
    category: "storage",
    description: "Archives invoice PDFs into an S3 bucket, on AWS or any S3-compatible store such as MinIO.",
    logo: logos.s3,
    docsUrl: "https://docs.aws.amazon.com/AmazonS3/latest/API/Welcome.html",
    status: "active",
    authMode: "api_key",
    credentials: z.object({
      endpoint: withMeta(httpUrl().optional(), {
        label: "Endpoint URL",
        help: "Leave empty for AWS; for MinIO or another S3-compatible store, its API URL from that service's console.",
        secret: false,
        placeholder: "https://minio.example.com:9000",
      }),
      region: withMeta(pattern(/^[a-z0-9-]+$/, "A region code such as eu-west-2"), {
        label: "Region",
        help: "The bucket's region, shown in the S3 console's bucket list (MinIO usually uses us-east-1).",
        secret: false,
        placeholder: "eu-west-2",
      }),
      bucket: withMeta(
        pattern(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "3–63 lowercase letters, digits, dots or hyphens"),
        {
          label: "Bucket",
          help: "The bucket name as listed in the S3 (or MinIO) console.",
          secret: false,
        },
      ),
      accessKeyId: withMeta(text(), {
        label: "Access key ID",
        help: "In AWS IAM → Users → Security credentials, create an access key for a user allowed to write the bucket.",
        whereToFind: "https://console.aws.amazon.com/iam/home#/users",
        secret: false,
        placeholder: "AKIA…",
      }),
      secretAccessKey: withMeta(text(), {
        label: "Secret access key",
        help: "Shown once next to the access key ID when you create the key in IAM (or MinIO's Access Keys page).",
        secret: true,
      }),
      forcePathStyle: withMeta(z.boolean().optional(), {
        label: "Path-style URLs",
        help: "Turn on for MinIO and other stores that don't support bucket-name subdomains.",
        secret: false,
      }),
    }),
    // Global endpoint; the SDK derives the regional one, and `endpoint` overrides it per integration.
    apiBase: "https://s3.amazonaws.com",
    envPrefix: "S3",
    rateLimits: { perTenant: { requests: 3500, perSeconds: 1 } }, // S3: 3,500 writes/s per prefix
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Checks the bucket exists and the key may access it (HeadBucket).",
      ARCHIVE_DOCUMENT: "Uploads the invoice PDF under invoices/ in the bucket.",
    }),
  },

  salesforce: {
    id: "salesforce",
    displayName: "Salesforce",
    category: "crm",
    description:
      "Keeps Salesforce accounts and contacts in step with Plugboard customers and their billing status.",
    logo: logos.salesforce,
    docsUrl: "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest.htm",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    // Login host; API calls go to the org's instance_url returned with the token.
    apiBase: "https://login.salesforce.com",
    envPrefix: "SALESFORCE",
    oauth: {
      authorizationUrl: "https://login.salesforce.com/services/oauth2/authorize",
      tokenUrl: "https://login.salesforce.com/services/oauth2/token",
      revocationUrl: "https://login.salesforce.com/services/oauth2/revoke",
      scopes: ["api", "refresh_token"],
      requiredScopes: ["api", "refresh_token"],
      clientAuth: "client_secret_post",
    },
    // Daily API allocation depends on edition (15,000 is the smallest); 25 concurrent long-running calls.
    rateLimits: { concurrentPerTenant: 25, daily: 15_000 },
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the connected user from the userinfo endpoint.",
      SYNC_CUSTOMER: "Creates or updates the Salesforce account for the customer.",
      SYNC_CONTACT: "Creates or updates the customer's billing contact in Salesforce.",
    }),
  },

  hubspot: {
    id: "hubspot",
    displayName: "HubSpot",
    category: "crm",
    description:
      "Keeps HubSpot companies and contacts in step with Plugboard customers and their billing status.",
    logo: logos.hubspot,
    docsUrl: "https://developers.hubspot.com/docs/api/overview",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    apiBase: "https://api.hubapi.com",
    envPrefix: "HUBSPOT",
    oauth: {
      authorizationUrl: "https://app.hubspot.com/oauth/authorize",
      tokenUrl: "https://api.hubapi.com/oauth/v1/token",
      // No RFC 7009 endpoint: HubSpot revokes with DELETE /oauth/v1/refresh-tokens/{token} (gateway revoke()).
      scopes: [
        "oauth",
        "crm.objects.contacts.read",
        "crm.objects.contacts.write",
        "crm.objects.companies.read",
        "crm.objects.companies.write",
      ],
      requiredScopes: ["crm.objects.contacts.write", "crm.objects.companies.write"],
      clientAuth: "client_secret_post",
    },
    rateLimits: { perTenant: { requests: 110, perSeconds: 10 } }, // OAuth apps: 110 per 10 s per account
    webhook: { scheme: "hubspot_v3" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the access token's metadata (hub id and user).",
      SYNC_CUSTOMER: "Creates or updates the HubSpot company for the customer.",
      SYNC_CONTACT: "Creates or updates the customer's billing contact in HubSpot.",
    }),
  },

  pipedrive: {
    id: "pipedrive",
    displayName: "Pipedrive",
    category: "crm",
    description: "Keeps Pipedrive organizations and people in step with Plugboard customers.",
    logo: logos.pipedrive,
    docsUrl: "https://developers.pipedrive.com/docs/api/v1",
    status: "active",
    authMode: "oauth2",
    credentials: none,
    // API calls go to the company domain (api_domain) returned with the token.
    apiBase: "https://api.pipedrive.com",
    envPrefix: "PIPEDRIVE",
    oauth: {
      authorizationUrl: "https://oauth.pipedrive.com/oauth/authorize",
      tokenUrl: "https://oauth.pipedrive.com/oauth/token",
      revocationUrl: "https://oauth.pipedrive.com/oauth/revoke",
      // Pipedrive grants the scopes chosen at app registration; these are what we register and expect back.
      scopes: ["base", "contacts:full"],
      requiredScopes: ["contacts:full"],
      clientAuth: "client_secret_basic",
    },
    rateLimits: { perTenant: { requests: 20, perSeconds: 2 } }, // burst limit of the smallest plan
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Reads the connected user (/users/me).",
      SYNC_CUSTOMER: "Creates or updates the Pipedrive organization for the customer.",
      SYNC_CONTACT: "Creates or updates the customer's billing contact as a Pipedrive person.",
    }),
  },

  lem_verify: {
    id: "lem_verify",
    displayName: "LEM Verify",
    category: "identity",
    description: "Runs KYC checks (ID document and liveness) on customers before high-value invoicing.",
    logo: logos.lem_verify,
    docsUrl: "https://developer.lemverify.com",
    status: "beta",
    authMode: "api_key",
    credentials: z.object({
      apiKey: withMeta(text(), {
        label: "API key",
        help: "In the LEM Verify dashboard, open Webhooks Connections and copy the API key (sent as x-lem-key).",
        secret: true,
      }),
      accountId: withMeta(text(), {
        label: "Account id",
        help: "In the LEM Verify dashboard, Account Setup shows your account id (every API path includes it).",
        secret: false,
      }),
    }),
    apiBase: "https://api.lemverify.io",
    envPrefix: "LEM_VERIFY",
    rateLimits: { perTenant: { requests: 5, perSeconds: 1 } }, // not published
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Calls the API with the key and checks it is accepted.",
      VERIFY_IDENTITY: "Requests a document + liveness verification and emails the customer the link.",
    }),
  },

  companies_house: {
    id: "companies_house",
    displayName: "Companies House",
    category: "data",
    description:
      "Looks up UK company names, numbers and registered addresses (cached) to fill in customer details.",
    logo: logos.companies_house,
    docsUrl:
      "https://developer-specs.company-information.service.gov.uk/companies-house-public-data-api/reference",
    status: "active",
    authMode: "api_key",
    credentials: z.object({
      apiKey: withMeta(text(), {
        label: "API key",
        help: "In the Companies House developer hub, open your application and create a REST API key.",
        whereToFind: "https://developer.company-information.service.gov.uk/manage-applications",
        secret: true,
      }),
    }),
    apiBase: "https://api.company-information.service.gov.uk",
    envPrefix: "COMPANIES_HOUSE",
    rateLimits: { perTenant: { requests: 600, perSeconds: 300 } },
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Fetches a known company profile with the key.",
      LOOKUP_COMPANY: "Finds a company by number or searches by name (give one of companyNumber or query).",
    }),
  },

  gemini: {
    id: "gemini",
    displayName: "Google Gemini",
    category: "data",
    description:
      "Extracts invoice and bill fields (supplier, totals, line items) from uploaded PDFs and images.",
    logo: logos.gemini,
    docsUrl: "https://ai.google.dev/gemini-api/docs",
    status: "active",
    authMode: "api_key",
    credentials: z.object({
      apiKey: withMeta(text(), {
        label: "API key",
        help: "In Google AI Studio, open Get API key and create or copy a key.",
        whereToFind: "https://aistudio.google.com/apikey",
        secret: true,
        placeholder: "AIza…",
      }),
    }),
    apiBase: "https://generativelanguage.googleapis.com",
    envPrefix: "GEMINI",
    rateLimits: { perTenant: { requests: 10, perSeconds: 60 } }, // free-tier floor; paid tiers allow more
    webhook: { scheme: "none" },
    capabilities: capabilities({
      VALIDATE_CREDENTIALS: "Lists the models the key can use.",
      EXTRACT_DOCUMENT: "Sends the document to Gemini and returns the structured fields it extracted.",
    }),
  },
} satisfies Record<string, ProviderDefinition>;

export type ProviderId = keyof typeof registry;
export const providerIds = Object.keys(registry) as [ProviderId, ...ProviderId[]];
export const providerIdSchema = z.enum(providerIds);

export function getProvider(id: ProviderId): ProviderDefinition {
  return registry[id];
}

export type CredentialField = {
  key: string;
  optional: boolean;
  kind: "string" | "boolean" | "enum" | "number";
  options?: string[];
  defaultValue?: string | number | boolean;
} & CredentialFieldMeta;

/** The setup wizard's field list, derived from the credentials schema's shape and each field's `.meta()`. */
export function credentialFieldsOf(provider: ProviderDefinition): CredentialField[] {
  const shape: Record<string, z.ZodType> = provider.credentials.shape;
  return Object.entries(shape).map(([key, schema]) => {
    // Walk optional/default/nullable wrappers inwards; meta may sit on any layer, the outer one wins.
    const meta: Record<string, unknown> = {};
    let defaultValue: unknown;
    let base: z.core.$ZodType = schema;
    for (;;) {
      Object.assign(meta, { ...z.globalRegistry.get(base), ...meta });
      if (base instanceof z.ZodDefault) {
        defaultValue ??= base._zod.def.defaultValue;
        base = base.unwrap();
      } else if (base instanceof z.ZodOptional || base instanceof z.ZodNullable) {
        base = base.unwrap();
      } else break;
    }
    if (!isCredentialFieldMeta(meta)) {
      throw new Error(`${provider.id}.${key}: credential field lacks label/help/secret meta`);
    }
    const field: CredentialField = {
      ...meta,
      key,
      optional: schema.safeParse(undefined).success,
      kind: kindOf(base),
    };
    if (base instanceof z.ZodEnum) field.options = base.options.map(String);
    if (["string", "number", "boolean"].includes(typeof defaultValue)) {
      field.defaultValue = defaultValue as CredentialField["defaultValue"];
    }
    return field;
  });

  function kindOf(base: z.core.$ZodType): CredentialField["kind"] {
    if (base instanceof z.ZodEnum) return "enum";
    if (base instanceof z.ZodBoolean) return "boolean";
    if (base instanceof z.ZodNumber) return "number";
    if (base._zod.def.type === "string") return "string";
    throw new Error(`${provider.id}: unsupported credential field type ${base._zod.def.type}`);
  }
}

function isCredentialFieldMeta(
  meta: Record<string, unknown>,
): meta is CredentialFieldMeta & Record<string, unknown> {
  return typeof meta.label === "string" && typeof meta.help === "string" && typeof meta.secret === "boolean";
}

/** Environment variables a provider reads (API base override, plus OAuth client and endpoint overrides). */
export function envKeysOf(provider: ProviderDefinition): string[] {
  const oauthKeys = ["CLIENT_ID", "CLIENT_SECRET", "AUTHORIZATION_URL", "TOKEN_URL", "REVOCATION_URL"];
  return [
    `${provider.envPrefix}_API_BASE`,
    ...(provider.oauth ? oauthKeys.map((k) => `${provider.envPrefix}_${k}`) : []),
  ];
}
