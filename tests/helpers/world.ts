import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import * as webhookRoute from "@/app/api/webhooks/[provider]/[integrationId]/route";
import { appRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { getAuth } from "@/server/auth";
import { getDb } from "@/server/db/client";
import { user } from "@/server/db/schema";
import { startHookServer } from "./providers/hook-server";

export type Caller = ReturnType<typeof appRouter.createCaller>;
export type Person = { email: string; userId: string; headers: Headers; caller: Caller };

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A caller that goes through the real context: session cookie or API key headers. */
export async function callerFor(headers: Headers): Promise<Caller> {
  return appRouter.createCaller(await createTRPCContext({ headers }));
}

export const testPassword = "correct horse battery";

/**
 * Signs a user up through better-auth and returns their session cookie and a caller. The address
 * counts as proven (marked verified in the database): tests about verification itself use
 * signUpUnverified and follow the mailed link.
 */
export async function signUp(name: string, email = `${unique(name)}@test.example`): Promise<Person> {
  const person = await signUpUnverified(name, email);
  await (await getDb()).update(user).set({ emailVerified: true }).where(eq(user.id, person.userId));
  return refresh(person);
}

/** Signs a user up through better-auth, address not yet proven (the verification mail is queued). */
export async function signUpUnverified(
  name: string,
  email = `${unique(name)}@test.example`,
): Promise<Person> {
  const auth = await getAuth();
  const { headers: responseHeaders, response } = await auth.api.signUpEmail({
    body: { name, email, password: testPassword },
    returnHeaders: true,
  });
  const headers = sessionHeaders(responseHeaders);
  return { email, userId: response.user.id, headers, caller: await callerFor(headers) };
}

export function sessionHeaders(responseHeaders: Headers) {
  const cookie = responseHeaders
    .getSetCookie()
    .map((entry) => entry.split(";")[0])
    .join("; ");
  return new Headers({ cookie, origin: "http://localhost:3000" });
}

/** Refreshes a person's caller after their session changed (e.g. the active tenant). */
export async function refresh(person: Person): Promise<Person> {
  return { ...person, caller: await callerFor(person.headers) };
}

/**
 * Two tenants: A with an owner, a member (joined through a real invitation), a customer, a pending
 * invitation and an API key; B with its own owner. The isolation tests probe A's resources from B.
 */
export async function createWorld() {
  let ownerA = await signUp("owner-a");
  const tenantA = await ownerA.caller.tenants.create({ name: "Tenant A", slug: unique("tenant-a") });
  ownerA = await refresh(ownerA);

  let memberA = await signUp("member-a");
  const invitation = await ownerA.caller.members.invite({ email: memberA.email, role: "member" });
  await memberA.caller.members.accept({ id: invitation.id });
  memberA = await refresh(memberA);

  let ownerB = await signUp("owner-b");
  const tenantB = await ownerB.caller.tenants.create({ name: "Tenant B", slug: unique("tenant-b") });
  ownerB = await refresh(ownerB);

  const customerA = await ownerA.caller.customers.create({
    name: "Secret Customer A",
    email: `${unique("cust-a")}@test.example`,
  });
  const pendingInvitationA = await ownerA.caller.members.invite({
    email: `${unique("invitee-a")}@test.example`,
    role: "admin",
  });
  const apiKeyA = await ownerA.caller.apiKeys.create({ name: "Key of A", expiresInDays: null });
  const hookServer = await startHookServer({ flavour: "custom_webhook" });
  const { integration: integrationA, webhook: webhookA } = await ownerA.caller.integrations.connect({
    provider: "custom_webhook",
    name: "Hook of A",
    credentials: { endpointUrl: hookServer.hookUrl },
  });
  await ownerA.caller.links.link({
    entity_type: "customer",
    entity_id: customerA.id,
    integrationId: integrationA.id,
    purpose: "invoicing",
    isDefault: true,
  });
  const webhookEventA = await deliverStandardWebhook(integrationA.id, webhookA.secret ?? "", {
    type: "invoice.paid",
    timestamp: new Date().toISOString(),
    data: { probe: "secret-event-of-a" },
  });
  const draftInvoiceA = await ownerA.caller.invoices.create({
    customerId: customerA.id,
    currency: "GBP",
    dueDate: "2099-01-31",
    memo: "secret-memo-of-a",
    lines: [{ description: "Secret work for A", quantity: 2, unitAmountMinor: 1250, taxRateBps: 2000 }],
    send: false,
  });
  const productA = await ownerA.caller.products.create({
    name: "Secret Product of A",
    unitAmountMinor: 4200,
    currency: "GBP",
    taxRateBps: 2000,
  });
  const members = await ownerA.caller.members.list();
  const memberRecordA = members.members.find((entry) => entry.userId === memberA.userId);
  if (!memberRecordA) throw new Error("member A missing");

  const anonymous = await callerFor(new Headers());
  return {
    anonymous,
    ownerA,
    memberA,
    ownerB,
    tenantA,
    tenantB,
    customerA,
    pendingInvitationA,
    apiKeyA,
    memberRecordA,
    integrationA,
    webhookSecretA: webhookA.secret ?? "",
    webhookEventA,
    hookServer,
    draftInvoiceA,
    productA,
    /** Strings that must never appear in anything tenant B's owner receives. */
    secretsOfA: [
      tenantA.id,
      tenantA.slug,
      customerA.id,
      customerA.email,
      pendingInvitationA.id,
      pendingInvitationA.email,
      apiKeyA.id,
      memberA.email,
      draftInvoiceA.id,
      "secret-memo-of-a",
      productA.id,
      "Secret Product of A",
    ],
  };
}
export type World = Awaited<ReturnType<typeof createWorld>>;

/** Posts a Standard Webhooks–signed body (as is) to a custom_webhook integration's inbound route. */
export function postStandardWebhook(
  integrationId: string,
  secret: string,
  body: string,
  messageId = `msg_${randomUUID()}`,
) {
  const sentAt = new Date();
  return webhookRoute.POST(
    new Request(`http://localhost:3000/api/webhooks/custom_webhook/${integrationId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": messageId,
        "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
        "webhook-signature": new Webhook(secret).sign(messageId, sentAt, body),
      },
      body,
    }),
    { params: Promise.resolve({ provider: "custom_webhook", integrationId }) },
  );
}

/** Posts a Standard Webhooks–signed event to a custom_webhook integration's inbound route. */
export async function deliverStandardWebhook(
  integrationId: string,
  secret: string,
  event: Record<string, unknown>,
  messageId = `msg_${randomUUID()}`,
) {
  const response = await postStandardWebhook(integrationId, secret, JSON.stringify(event), messageId);
  if (response.status !== 200)
    throw new Error(`webhook delivery answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { received: true; id: string; duplicate: boolean };
}
