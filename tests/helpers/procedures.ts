import { appRouter } from "@/server/api/root";
import { type Caller, unique, type World } from "./world";

export type Access = "public" | "user" | "tenant" | "tenantAdmin" | "tenantUserAdmin" | "platformAdmin";
type Fixture = { access: Access; input?: (world: World) => unknown };

/**
 * Every tRPC procedure with who may call it and an input that points at tenant A's resources.
 * The isolation test fails for any procedure missing here, so each new procedure declares its access.
 */
export const procedureFixtures: Record<string, Fixture> = {
  "tenants.mine": { access: "user" },
  "tenants.create": { access: "user", input: () => ({ name: "Probe", slug: unique("probe") }) },
  "tenants.setActive": { access: "user", input: (world) => ({ tenantId: world.tenantA.id }) },
  "tenants.current": { access: "tenant" },
  "tenants.overview": { access: "tenant" },
  "tenants.settings": { access: "tenant" },
  "tenants.updateSettings": {
    access: "tenantAdmin",
    input: () => ({ name: "Probe tenant", businessAddress: "1 Probe Street", taxNumber: "GB123456789" }),
  },
  "tenants.uploadLogo": {
    access: "tenantAdmin",
    input: () => ({
      type: "image/png",
      contentBase64:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==",
    }),
  },
  "tenants.removeLogo": { access: "tenantAdmin" },
  "members.list": { access: "tenant" },
  "members.invite": {
    access: "tenantUserAdmin",
    input: () => ({ email: `${unique("probe")}@test.example`, role: "member" }),
  },
  "members.cancelInvitation": {
    access: "tenantUserAdmin",
    input: (world) => ({ id: world.pendingInvitationA.id }),
  },
  "members.updateRole": {
    access: "tenantUserAdmin",
    input: (world) => ({ memberId: world.memberRecordA.id, role: "admin" }),
  },
  "members.remove": { access: "tenantUserAdmin", input: (world) => ({ id: world.memberRecordA.id }) },
  "members.myInvitations": { access: "user" },
  "members.accept": { access: "user", input: (world) => ({ id: world.pendingInvitationA.id }) },
  "apiKeys.list": { access: "tenantUserAdmin" },
  "apiKeys.create": { access: "tenantUserAdmin", input: () => ({ name: "Probe key", expiresInDays: null }) },
  "apiKeys.revoke": { access: "tenantUserAdmin", input: (world) => ({ id: world.apiKeyA.id }) },
  "customers.list": { access: "tenant", input: () => ({ limit: 50, offset: 0 }) },
  "customers.create": {
    access: "tenantAdmin",
    input: () => ({ name: "Probe", email: `${unique("probe")}@test.example` }),
  },
  "customers.byId": { access: "tenant", input: (world) => ({ customerId: world.customerA.id }) },
  "customers.update": {
    access: "tenantAdmin",
    input: (world) => ({
      customerId: world.customerA.id,
      name: "Probe",
      email: `${unique("probe")}@test.example`,
    }),
  },
  "customers.remove": { access: "tenantAdmin", input: (world) => ({ customerId: world.customerA.id }) },
  "customers.billingIntegration": {
    access: "tenant",
    input: (world) => ({ customerId: world.customerA.id }),
  },
  "customers.setupBillingIntegration": {
    access: "tenantAdmin",
    input: (world) => ({ customerId: world.customerA.id, integrationId: world.integrationA.id }),
  },
  "customers.updateBillingCredentials": {
    access: "tenantAdmin",
    input: (world) => ({
      customerId: world.customerA.id,
      credentials: { endpointUrl: world.hookServer.hookUrl },
    }),
  },
  "customers.testBillingIntegration": {
    access: "tenantAdmin",
    input: (world) => ({ customerId: world.customerA.id }),
  },
  "customers.removeBillingIntegration": {
    access: "tenantAdmin",
    input: (world) => ({ customerId: world.customerA.id }),
  },
  "products.list": { access: "tenant" },
  "products.create": {
    access: "tenantAdmin",
    input: () => ({ name: unique("probe"), unitAmountMinor: 100, currency: "GBP", taxRateBps: 0 }),
  },
  "products.update": {
    access: "tenantAdmin",
    input: (world) => ({
      productId: world.productA.id,
      name: unique("probe"),
      unitAmountMinor: 100,
      currency: "GBP",
      taxRateBps: 0,
    }),
  },
  "products.remove": { access: "tenantAdmin", input: (world) => ({ productId: world.productA.id }) },
  "invoices.list": { access: "tenant", input: () => ({ limit: 50, offset: 0 }) },
  "invoices.byId": { access: "tenant", input: (world) => ({ invoiceId: world.draftInvoiceA.id }) },
  "invoices.listForCustomer": {
    access: "tenant",
    input: (world) => ({ customerId: world.customerA.id, limit: 50, offset: 0 }),
  },
  "invoices.forCustomer": {
    access: "tenant",
    input: (world) => ({ customerId: world.customerA.id, invoiceId: world.draftInvoiceA.id }),
  },
  "invoices.status": {
    access: "tenant",
    input: (world) => ({ customerId: world.customerA.id, invoiceId: world.draftInvoiceA.id }),
  },
  "invoices.create": {
    access: "tenantAdmin",
    input: (world) => ({
      customerId: world.customerA.id,
      currency: "GBP",
      dueDate: "2099-01-31",
      lines: [{ description: "Probe", quantity: 1, unitAmountMinor: 100, taxRateBps: 0 }],
      send: false,
    }),
  },
  "invoices.updateDraft": {
    access: "tenantAdmin",
    input: (world) => ({
      invoiceId: world.draftInvoiceA.id,
      currency: "GBP",
      dueDate: "2099-01-31",
      lines: [{ description: "Probe", quantity: 1, unitAmountMinor: 100, taxRateBps: 0 }],
    }),
  },
  "invoices.deleteDraft": {
    access: "tenantAdmin",
    input: (world) => ({ invoiceId: world.draftInvoiceA.id }),
  },
  "invoices.send": { access: "tenantAdmin", input: (world) => ({ invoiceId: world.draftInvoiceA.id }) },
  "invoices.void": { access: "tenantAdmin", input: (world) => ({ invoiceId: world.draftInvoiceA.id }) },
  "invoices.recordPayment": {
    access: "tenantAdmin",
    input: (world) => ({
      invoiceId: world.draftInvoiceA.id,
      amountMinor: 100,
      paidOn: "2026-01-02",
      method: "cash",
    }),
  },
  "invoices.sync": {
    access: "tenantAdmin",
    input: (world) => ({ customerId: world.customerA.id, invoiceId: world.draftInvoiceA.id }),
  },
  "invoices.syncNow": { access: "tenantAdmin", input: (world) => ({ invoiceId: world.draftInvoiceA.id }) },
  "invoices.syncAllPending": { access: "tenantAdmin" },
  "invoices.integrationStatus": { access: "tenant" },
  "invoices.providerSyncStatus": { access: "tenant", input: () => ({ provider: "custom_webhook" }) },
  "portal.portalOnly": { access: "user" },
  "portal.invoices": { access: "user" },
  "portal.invoice": { access: "user", input: (world) => ({ invoiceId: world.draftInvoiceA.id }) },
  "portal.requestLink": { access: "public", input: () => ({ email: `${unique("nobody")}@test.example` }) },
  "portal.invite": {
    access: "tenantAdmin",
    input: (world) => ({ customerId: world.customerA.id, email: `${unique("contact")}@test.example` }),
  },
  "portal.access": { access: "tenantAdmin", input: (world) => ({ customerId: world.customerA.id }) },
  "portal.revoke": {
    access: "tenantAdmin",
    input: () => ({ accessId: "00000000-0000-4000-8000-000000000000" }),
  },
  "admin.tenants": { access: "platformAdmin" },
  "admin.stats": { access: "platformAdmin" },
  "admin.providers": { access: "platformAdmin" },
  "admin.provider": { access: "platformAdmin", input: () => ({ connection_code: "melio" }) },
  "admin.updateProvider": {
    access: "platformAdmin",
    input: () => ({ connection_code: "melio", description: "Probe" }),
  },
  "admin.saveCapability": {
    access: "platformAdmin",
    input: () => ({
      connection_code: "melio",
      capability_code: "SYNC_BILL",
      description: "Probe",
      parameters: { type: "object" },
    }),
  },
  "admin.disableCapability": {
    access: "platformAdmin",
    input: () => ({ connection_code: "melio", capability_code: "SYNC_BILL" }),
  },
  "admin.keys": { access: "platformAdmin" },
  "admin.syncAllPending": { access: "platformAdmin" },
  "admin.rotateKeys": { access: "platformAdmin" },
  "integrations.catalog": { access: "tenant" },
  "integrations.provider": { access: "tenant", input: () => ({ provider: "stripe" }) },
  "integrations.list": { access: "tenant" },
  "integrations.connect": {
    access: "tenantAdmin",
    input: (world) => ({
      provider: "custom_webhook",
      name: unique("probe"),
      credentials: { endpointUrl: world.hookServer.hookUrl },
    }),
  },
  "integrations.create": {
    access: "tenantAdmin",
    input: (world) => ({
      providerId: "custom_webhook",
      name: unique("probe"),
      credentials: { endpointUrl: world.hookServer.hookUrl },
    }),
  },
  "integrations.providerStatus": { access: "tenant", input: () => ({ provider: "custom_webhook" }) },
  "integrations.disconnectProvider": { access: "tenantAdmin", input: () => ({ provider: "custom_webhook" }) },
  "integrations.get": { access: "tenant", input: (world) => ({ integrationId: world.integrationA.id }) },
  "integrations.update": {
    access: "tenantAdmin",
    input: (world) => ({ integrationId: world.integrationA.id, name: "Renamed" }),
  },
  "integrations.disconnect": {
    access: "tenantAdmin",
    input: (world) => ({ integrationId: world.integrationA.id }),
  },
  "integrations.test": {
    access: "tenantAdmin",
    input: (world) => ({ integrationId: world.integrationA.id }),
  },
  "integrations.capabilities": {
    access: "tenant",
    input: (world) => ({ integrationId: world.integrationA.id }),
  },
  "integrations.execute": {
    access: "tenantAdmin",
    input: (world) => ({
      integrationId: world.integrationA.id,
      capability_code: "TRIGGER_WORKFLOW",
      parameters: { event: "probe" },
    }),
  },
  "links.link": {
    access: "tenantAdmin",
    input: (world) => ({
      entity_type: "customer",
      entity_id: world.customerA.id,
      integrationId: world.integrationA.id,
      purpose: "invoicing",
    }),
  },
  "links.list": {
    access: "tenant",
    input: (world) => ({ entity_type: "customer", entity_id: world.customerA.id }),
  },
  "links.ofIntegration": { access: "tenant", input: (world) => ({ integrationId: world.integrationA.id }) },
  "links.unlink": {
    access: "tenantAdmin",
    input: (world) => ({
      entity_type: "customer",
      entity_id: world.customerA.id,
      integrationId: world.integrationA.id,
    }),
  },
  "audit.list": { access: "tenantAdmin", input: () => ({ limit: 50, offset: 0 }) },
  "oauth.start": { access: "tenantUserAdmin", input: () => ({ provider: "xero" }) },
  "oauth.complete": {
    access: "tenantUserAdmin",
    input: () => ({
      provider: "xero",
      callbackUrl: "http://localhost:3000/api/oauth/xero/callback?code=probe&state=probe",
    }),
  },
  "oauth.chooseOrganisation": {
    access: "tenantUserAdmin",
    input: (world) => ({ integrationId: world.integrationA.id, xeroTenantId: "probe" }),
  },
  "oauth.tokenStatus": { access: "tenant", input: (world) => ({ integrationId: world.integrationA.id }) },
  "webhooks.list": { access: "tenant", input: () => ({ limit: 50, offset: 0 }) },
  "webhooks.get": { access: "tenant", input: (world) => ({ id: world.webhookEventA.id }) },
  "webhooks.lastForIntegration": {
    access: "tenant",
    input: (world) => ({ integrationId: world.integrationA.id }),
  },
  "webhooks.replay": { access: "tenantAdmin", input: (world) => ({ id: world.webhookEventA.id }) },
  "webhooks.replayFailed": { access: "tenantAdmin", input: () => ({}) },
};

/** Every procedure path of the app router, enumerated from the router itself. */
export const procedurePaths = () => Object.keys(appRouter._def.procedures).sort();

/** Calls a procedure by its dotted path; resolves to the result or the thrown error. */
export async function callPath(
  caller: Caller,
  path: string,
  input: unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  const procedure = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    return { ok: true, value: await procedure(input) };
  } catch (error) {
    return { ok: false, error };
  }
}

export const codeOf = (result: { ok: boolean; error?: unknown }) =>
  result.ok ? "OK" : (result.error as { code?: string }).code;
