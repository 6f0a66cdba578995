import { randomBytes } from "node:crypto";
import { stripeFixture } from "./stripe-spec";

/** Form parameters as parseStripeForm gives them: strings, nested objects and arrays. */
type Params = Record<string, unknown>;

/** Stripe's customer object, built from the spec's fixture. */
export type StripeCustomerLike = {
  id: string;
  object: "customer";
  created: number;
  email: string | null;
  name: string | null;
  currency: string | null;
  invoice_prefix: string;
  next_invoice_sequence: number;
  metadata: Record<string, string>;
  [field: string]: unknown;
};

/** Stripe's invoice item object, built from the spec's fixture. */
export type StripeInvoiceItemLike = {
  id: string;
  object: "invoiceitem";
  amount: number;
  currency: string;
  customer: string;
  invoice: string | null;
  description: string | null;
  quantity: number;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  metadata: Record<string, string>;
  [field: string]: unknown;
};

/** One line of an invoice (`line_item`), made from an invoice item. */
export type StripeLineItemLike = {
  id: string;
  object: "line_item";
  amount: number;
  currency: string;
  description: string | null;
  invoice_item: string;
  quantity: number;
  [field: string]: unknown;
};

export type StripeInvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

/** Stripe's invoice object (API version 2023-08-16, the spec's), built from the spec's fixture. */
export type StripeInvoiceLike = {
  id: string;
  object: "invoice";
  status: StripeInvoiceStatus;
  number: string | null;
  customer: string;
  customer_email: string | null;
  customer_name: string | null;
  currency: string;
  collection_method: "charge_automatically" | "send_invoice";
  auto_advance: boolean;
  created: number;
  due_date: number | null;
  description: string | null;
  custom_fields: { name: string; value: string }[] | null;
  metadata: Record<string, string>;
  subtotal: number;
  total: number;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  paid: boolean;
  paid_out_of_band: boolean;
  payment_intent: string | null;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  status_transitions: {
    finalized_at: number | null;
    paid_at: number | null;
    voided_at: number | null;
    marked_uncollectible_at: number | null;
  };
  lines: { object: "list"; data: StripeLineItemLike[]; has_more: boolean; url: string };
  [field: string]: unknown;
};

/** How a test marks an invoice paid. */
export type PayOptions = {
  /** When the payment happened (a Date or unix seconds); default now. */
  paidAt?: Date | number;
  /** Paid outside Stripe (`paid_out_of_band`), so without a PaymentIntent. */
  outOfBand?: boolean;
};

/** A Stripe API error: thrown by the state, answered by the stand-in in Stripe's error shape. */
export class StripeRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: { type?: string; code?: string; param?: string } = {},
  ) {
    super(message);
  }

  /** The `{ error: ... }` body Stripe answers with. */
  body(): { error: Record<string, string> } {
    const { type = this.status >= 500 ? "api_error" : "invalid_request_error", code, param } = this.details;
    return {
      error: {
        message: this.message,
        type,
        ...(code
          ? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll("_", "-")}` }
          : {}),
        ...(param ? { param } : {}),
      },
    };
  }
}

export const accountSegment = "acct_test";

/**
 * Customers, invoices and invoice items of one Stripe stand-in, changed the way Stripe changes them: totals
 * follow the items, finalize numbers the invoice (`<customer prefix>-0001`) and opens it, send/pay/void/
 * mark_uncollectible move it on, and requests that Stripe would refuse get Stripe's errors.
 */
export class StripeBillingState {
  /** Objects really created (idempotent replays do not create). */
  readonly created = { customers: 0, invoices: 0, invoiceItems: 0 };
  /** The id of each invoice sent, once per real send. */
  readonly sent: string[] = [];
  /** What Stripe would announce by webhook, in order: `invoice.finalized`, `invoice.sent`, `invoice.paid`, … */
  readonly events: { type: string; invoiceId: string }[] = [];
  /** Where hosted invoice pages live; a local server sets its own URL so the pages work offline. */
  hostedBase = "https://invoice.stripe.com";
  private readonly customerById = new Map<string, StripeCustomerLike>();
  private readonly deletedCustomers = new Set<string>();
  private readonly invoiceById = new Map<string, StripeInvoiceLike>();
  private readonly itemById = new Map<string, StripeInvoiceItemLike>();
  private readonly usedIds = new Set<string>();

  /**
   * Answers a modelled operation (by the spec's operationId) with a snapshot of the resulting object, or
   * returns undefined when the operation is not modelled here. Throws StripeRequestError as Stripe would fail.
   */
  handle(
    operationId: string,
    pathParameters: Record<string, string>,
    query: Params,
    body: Params,
    path: string,
  ): unknown {
    const id = pathParameters.customer ?? pathParameters.invoice ?? pathParameters.invoiceitem ?? "";
    switch (operationId) {
      case "GetCustomers":
        return this.listCustomers(query, path);
      case "PostCustomers":
        return snapshot(this.createCustomer(body));
      case "GetCustomersCustomer":
        return this.deletedCustomers.has(id)
          ? { id, object: "customer", deleted: true }
          : snapshot(this.customer(id, "id"));
      case "PostCustomersCustomer":
        return snapshot(this.updateCustomer(id, body));
      case "DeleteCustomersCustomer":
        this.customer(id, "id");
        this.customerById.delete(id);
        this.deletedCustomers.add(id);
        return { id, object: "customer", deleted: true };
      case "GetInvoices":
        return this.listInvoices(query, path);
      case "PostInvoices":
        return snapshot(this.createInvoice(body));
      case "GetInvoicesInvoice":
        return snapshot(this.invoice(id, "id"));
      case "PostInvoicesInvoice":
        return snapshot(this.updateInvoice(id, body));
      case "DeleteInvoicesInvoice":
        return this.deleteInvoice(id);
      case "GetInvoicesInvoiceLines":
        return listOf(this.invoice(id, "invoice").lines.data, query, path);
      case "PostInvoicesInvoiceFinalize":
        return snapshot(this.finalize(id, bool(body.auto_advance)));
      case "PostInvoicesInvoiceSend":
        return snapshot(this.send(id));
      case "PostInvoicesInvoicePay":
        return snapshot(this.pay(id, { outOfBand: bool(body.paid_out_of_band) ?? false }));
      case "PostInvoicesInvoiceVoid":
        return snapshot(this.voidInvoice(id));
      case "PostInvoicesInvoiceMarkUncollectible":
        return snapshot(this.markUncollectible(id));
      case "GetInvoiceitems":
        return this.listInvoiceItems(query, path);
      case "PostInvoiceitems":
        return snapshot(this.createInvoiceItem(body));
      case "GetInvoiceitemsInvoiceitem":
        return snapshot(this.invoiceItem(id, "id"));
      case "DeleteInvoiceitemsInvoiceitem":
        return this.deleteInvoiceItem(id);
      default:
        return undefined;
    }
  }

  /** Every invoice, oldest first (snapshots). */
  invoices(): StripeInvoiceLike[] {
    return [...this.invoiceById.values()].map(snapshot);
  }

  /** Every customer that is not deleted, oldest first (snapshots). */
  customers(): StripeCustomerLike[] {
    return [...this.customerById.values()].map(snapshot);
  }

  /** Every invoice item, oldest first (snapshots). */
  invoiceItems(): StripeInvoiceItemLike[] {
    return [...this.itemById.values()].map(snapshot);
  }

  /** Creates a customer; `countAsCreated: false` seeds one without counting it in `created`. */
  createCustomer(body: Params, countAsCreated = true): StripeCustomerLike {
    const customer: StripeCustomerLike = {
      ...stripeFixture("customer"),
      id: this.newId("cus", 14),
      object: "customer",
      created: nowSeconds(),
      email: null,
      name: null,
      currency: null,
      description: null,
      phone: null,
      metadata: {},
      invoice_prefix: randomBytes(4).toString("hex").toUpperCase(),
      next_invoice_sequence: 1,
    };
    this.applyCustomerParams(customer, body);
    this.customerById.set(customer.id, customer);
    if (countAsCreated) this.created.customers += 1;
    return customer;
  }

  private updateCustomer(id: string, body: Params): StripeCustomerLike {
    const customer = this.customer(id, "id");
    this.applyCustomerParams(customer, body);
    return customer;
  }

  private applyCustomerParams(customer: StripeCustomerLike, body: Params): void {
    for (const field of ["email", "name", "phone", "description"] as const) {
      if (field in body) customer[field] = text(body[field]) ?? null;
    }
    for (const field of ["address", "shipping", "preferred_locales", "invoice_settings"] as const) {
      if (field in body) customer[field] = body[field] === "" ? null : body[field];
    }
    const prefix = text(body.invoice_prefix);
    if (prefix) customer.invoice_prefix = prefix;
    if ("metadata" in body) customer.metadata = mergedMetadata(customer.metadata, body.metadata);
  }

  private listCustomers(query: Params, path: string) {
    const email = text(query.email);
    const customers = [...this.customerById.values()].filter(
      (customer) => email === undefined || customer.email === email,
    );
    return listOf(customers.reverse(), query, path);
  }

  createInvoice(body: Params): StripeInvoiceLike {
    const customer = this.customer(text(body.customer) ?? "", "customer");
    const collectionMethod = text(body.collection_method) ?? "charge_automatically";
    if (collectionMethod !== "charge_automatically" && collectionMethod !== "send_invoice")
      throw new StripeRequestError(400, `Invalid collection_method: ${collectionMethod}`, {
        param: "collection_method",
      });
    const created = nowSeconds();
    const daysUntilDue = integer(body.days_until_due);
    const dueDate = integer(body.due_date);
    if (collectionMethod === "charge_automatically" && (daysUntilDue !== undefined || dueDate !== undefined))
      throw new StripeRequestError(
        400,
        "Invoices with `collection_method=charge_automatically` cannot have a `due_date` or `days_until_due`.",
        { param: daysUntilDue !== undefined ? "days_until_due" : "due_date" },
      );
    if (collectionMethod === "send_invoice" && daysUntilDue === undefined && dueDate === undefined)
      throw new StripeRequestError(
        400,
        "Invoices with `collection_method=send_invoice` must have either a `due_date` or `days_until_due`.",
        { param: "days_until_due" },
      );
    const currency = text(body.currency)?.toLowerCase() ?? customer.currency ?? "usd";
    const id = this.newId("in", 24);
    const invoice: StripeInvoiceLike = {
      ...(stripeFixture("invoice") as StripeInvoiceLike),
      id,
      object: "invoice",
      status: "draft",
      number: null,
      customer: customer.id,
      customer_email: customer.email,
      customer_name: customer.name,
      customer_phone: customer.phone ?? null,
      customer_address: customer.address ?? null,
      customer_shipping: customer.shipping ?? null,
      currency,
      collection_method: collectionMethod,
      auto_advance: bool(body.auto_advance) ?? false,
      billing_reason: "manual",
      created,
      effective_at: null,
      period_start: created,
      period_end: created,
      due_date:
        collectionMethod === "send_invoice" ? (dueDate ?? created + (daysUntilDue ?? 0) * 86_400) : null,
      next_payment_attempt: null,
      webhooks_delivered_at: null,
      description: text(body.description) ?? null,
      footer: text(body.footer) ?? null,
      statement_descriptor: text(body.statement_descriptor) ?? null,
      custom_fields: customFieldsOf(body.custom_fields),
      metadata: mergedMetadata({}, body.metadata),
      paid: false,
      paid_out_of_band: false,
      payment_intent: null,
      charge: null,
      attempted: false,
      attempt_count: 0,
      hosted_invoice_url: null,
      invoice_pdf: null,
      status_transitions: {
        finalized_at: null,
        paid_at: null,
        voided_at: null,
        marked_uncollectible_at: null,
      },
      lines: { object: "list", data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    };
    customer.currency ??= currency;
    const behaviour = text(body.pending_invoice_items_behavior) ?? "exclude";
    if (behaviour !== "exclude") {
      const pending = [...this.itemById.values()].filter(
        (item) => item.customer === customer.id && item.invoice === null && item.currency === currency,
      );
      if (behaviour === "include_and_require" && pending.length === 0)
        throw new StripeRequestError(400, "Nothing to invoice for customer", {
          code: "invoice_no_customer_line_items",
          param: "customer",
        });
      for (const item of pending) attach(invoice, item, this.newId("il", 24));
    }
    recompute(invoice);
    this.invoiceById.set(id, invoice);
    this.created.invoices += 1;
    return invoice;
  }

  private updateInvoice(id: string, body: Params): StripeInvoiceLike {
    const invoice = this.invoice(id, "id");
    const changed = Object.keys(body).filter((field) => field !== "expand");
    const allowedAfterFinalize = new Set([
      "metadata",
      "description",
      "footer",
      "custom_fields",
      "auto_advance",
    ]);
    if (invoice.status !== "draft" && changed.some((field) => !allowedAfterFinalize.has(field)))
      throw notEditable(invoice);
    if ("description" in body) invoice.description = text(body.description) ?? null;
    if ("footer" in body) invoice.footer = text(body.footer) ?? null;
    if ("custom_fields" in body) invoice.custom_fields = customFieldsOf(body.custom_fields);
    if ("metadata" in body) invoice.metadata = mergedMetadata(invoice.metadata, body.metadata);
    const autoAdvance = bool(body.auto_advance);
    if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
    const daysUntilDue = integer(body.days_until_due);
    if (daysUntilDue !== undefined) invoice.due_date = invoice.created + daysUntilDue * 86_400;
    const dueDate = integer(body.due_date);
    if (dueDate !== undefined) invoice.due_date = dueDate;
    return invoice;
  }

  private deleteInvoice(id: string) {
    const invoice = this.invoice(id, "id");
    if (invoice.status !== "draft")
      throw new StripeRequestError(400, "You can only delete draft invoices.", {
        code: "invoice_unexpected_state",
      });
    for (const line of invoice.lines.data) this.itemById.delete(line.invoice_item);
    this.invoiceById.delete(id);
    return { id, object: "invoice", deleted: true };
  }

  private listInvoices(query: Params, path: string) {
    const customer = text(query.customer);
    const status = text(query.status);
    const collectionMethod = text(query.collection_method);
    const invoices = [...this.invoiceById.values()].filter(
      (invoice) =>
        (customer === undefined || invoice.customer === customer) &&
        (status === undefined || invoice.status === status) &&
        (collectionMethod === undefined || invoice.collection_method === collectionMethod),
    );
    return listOf(invoices.reverse(), query, path);
  }

  /** Draft → open: numbered, given its hosted page and PDF; an invoice with nothing due is paid at once. */
  finalize(id: string, autoAdvance?: boolean): StripeInvoiceLike {
    const invoice = this.invoice(id, "invoice");
    if (invoice.status !== "draft")
      throw new StripeRequestError(
        400,
        "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
        { code: "invoice_unexpected_state" },
      );
    const customer = this.customerById.get(invoice.customer);
    const now = nowSeconds();
    const sequence = customer?.next_invoice_sequence ?? 1;
    if (customer) {
      customer.next_invoice_sequence = sequence + 1;
      Object.assign(invoice, {
        customer_email: customer.email,
        customer_name: customer.name,
        customer_phone: customer.phone ?? null,
        customer_address: customer.address ?? null,
        customer_shipping: customer.shipping ?? null,
      });
    }
    invoice.number = `${customer?.invoice_prefix ?? "INV"}-${String(sequence).padStart(4, "0")}`;
    invoice.status = "open";
    invoice.status_transitions.finalized_at = now;
    invoice.effective_at = now;
    invoice.hosted_invoice_url = `${this.hostedBase}/i/${accountSegment}/${invoice.id}`;
    this.events.push({ type: "invoice.finalized", invoiceId: invoice.id });
    invoice.invoice_pdf = `https://pay.stripe.com/invoice/${accountSegment}/${invoice.id}/pdf`;
    invoice.webhooks_delivered_at = now;
    if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
    if (invoice.amount_due === 0) markPaid(invoice, now, { outOfBand: false, withPayment: false });
    return invoice;
  }

  /** Emails the invoice to the customer (here: records the send). */
  send(id: string): StripeInvoiceLike {
    const invoice = this.invoice(id, "invoice");
    if (invoice.collection_method !== "send_invoice")
      throw new StripeRequestError(
        400,
        "You can only manually send an invoice if its collection method is 'send_invoice'.",
        { code: "invoice_unexpected_state" },
      );
    if (invoice.status === "draft" || invoice.status === "void")
      throw new StripeRequestError(
        400,
        `You can only send an invoice that is finalized and not voided; this invoice is ${invoice.status}.`,
        { code: "invoice_unexpected_state" },
      );
    this.sent.push(invoice.id);
    this.events.push({ type: "invoice.sent", invoiceId: invoice.id });
    return invoice;
  }

  /** Open or uncollectible → paid (a draft is finalized first, as Stripe does). */
  pay(id: string, options: PayOptions = {}): StripeInvoiceLike {
    const invoice = this.invoice(id, "invoice");
    if (invoice.status === "draft") this.finalize(id);
    if (invoice.status === "paid")
      throw new StripeRequestError(400, "Invoice is already paid", { code: "invoice_unexpected_state" });
    if (invoice.status === "void")
      throw new StripeRequestError(400, "This invoice has been voided and can no longer be paid.", {
        code: "invoice_unexpected_state",
      });
    const paidAt =
      options.paidAt instanceof Date ? Math.floor(options.paidAt.getTime() / 1000) : options.paidAt;
    markPaid(invoice, paidAt ?? nowSeconds(), {
      outOfBand: options.outOfBand ?? false,
      withPayment: !options.outOfBand,
      newId: (prefix) => this.newId(prefix, 24),
    });
    this.events.push({ type: "invoice.paid", invoiceId: invoice.id });
    return invoice;
  }

  /** Open or uncollectible → void. */
  voidInvoice(id: string): StripeInvoiceLike {
    const invoice = this.invoice(id, "invoice");
    if (invoice.status !== "open" && invoice.status !== "uncollectible")
      throw new StripeRequestError(
        400,
        `You can only void an open or uncollectible invoice; this invoice is ${invoice.status}.`,
        { code: "invoice_unexpected_state" },
      );
    invoice.status = "void";
    invoice.status_transitions.voided_at = nowSeconds();
    this.events.push({ type: "invoice.voided", invoiceId: invoice.id });
    return invoice;
  }

  /** Open → uncollectible. */
  markUncollectible(id: string): StripeInvoiceLike {
    const invoice = this.invoice(id, "invoice");
    if (invoice.status !== "open")
      throw new StripeRequestError(
        400,
        `You can only mark an open invoice as uncollectible; this invoice is ${invoice.status}.`,
        { code: "invoice_unexpected_state" },
      );
    invoice.status = "uncollectible";
    invoice.status_transitions.marked_uncollectible_at = nowSeconds();
    this.events.push({ type: "invoice.marked_uncollectible", invoiceId: invoice.id });
    return invoice;
  }

  createInvoiceItem(body: Params): StripeInvoiceItemLike {
    const customer = this.customer(text(body.customer) ?? "", "customer");
    const invoiceId = text(body.invoice);
    const invoice = invoiceId === undefined ? undefined : this.invoice(invoiceId, "invoice");
    if (invoice && invoice.customer !== customer.id)
      throw new StripeRequestError(
        400,
        `The invoice ${invoice.id} belongs to customer ${invoice.customer}, not ${customer.id}.`,
        { param: "invoice" },
      );
    if (invoice && invoice.status !== "draft") throw notEditable(invoice);
    const priceData = (typeof body.price_data === "object" ? body.price_data : {}) as Params;
    const currency =
      (text(body.currency) ?? text(priceData.currency))?.toLowerCase() ??
      invoice?.currency ??
      customer.currency;
    if (!currency)
      throw new StripeRequestError(400, "Missing required param: currency.", {
        code: "parameter_missing",
        param: "currency",
      });
    if (invoice && currency !== invoice.currency)
      throw new StripeRequestError(
        400,
        `The currency of the invoice item (${currency}) must match the currency of the invoice (${invoice.currency}).`,
        { param: "currency" },
      );
    const priced = pricing(body, priceData);
    const now = nowSeconds();
    const fixture = stripeFixture("invoiceitem");
    const price = {
      ...(fixture.price as Params),
      id: text(body.price) ?? this.newId("price", 24),
      created: now,
      currency,
      product: text(priceData.product) ?? this.newId("prod", 14),
      unit_amount: priced.unitAmount,
      unit_amount_decimal: priced.unitAmountDecimal,
    };
    const period = (typeof body.period === "object" ? body.period : {}) as Params;
    const item: StripeInvoiceItemLike = {
      ...fixture,
      id: this.newId("ii", 24),
      object: "invoiceitem",
      amount: priced.amount,
      currency,
      customer: customer.id,
      date: now,
      description: text(body.description) ?? null,
      discountable: bool(body.discountable) ?? priced.amount >= 0,
      invoice: null,
      metadata: mergedMetadata({}, body.metadata),
      period: { start: integer(period.start) ?? now, end: integer(period.end) ?? now },
      price,
      quantity: priced.quantity,
      unit_amount: priced.unitAmount,
      unit_amount_decimal: priced.unitAmountDecimal,
    };
    customer.currency ??= currency;
    this.itemById.set(item.id, item);
    if (invoice) {
      attach(invoice, item, this.newId("il", 24));
      recompute(invoice);
    }
    this.created.invoiceItems += 1;
    return item;
  }

  private deleteInvoiceItem(id: string) {
    const item = this.invoiceItem(id, "id");
    const invoice = item.invoice ? this.invoiceById.get(item.invoice) : undefined;
    if (invoice && invoice.status !== "draft") throw notEditable(invoice);
    if (invoice) {
      invoice.lines.data = invoice.lines.data.filter((line) => line.invoice_item !== id);
      recompute(invoice);
    }
    this.itemById.delete(id);
    return { id, object: "invoiceitem", deleted: true };
  }

  private listInvoiceItems(query: Params, path: string) {
    const invoice = text(query.invoice);
    const customer = text(query.customer);
    const pending = bool(query.pending);
    const items = [...this.itemById.values()].filter(
      (item) =>
        (invoice === undefined || item.invoice === invoice) &&
        (customer === undefined || item.customer === customer) &&
        (pending === undefined || (item.invoice === null) === pending),
    );
    return listOf(items.reverse(), query, path);
  }

  private customer(id: string, param: string): StripeCustomerLike {
    const customer = this.customerById.get(id);
    if (!customer) throw noSuch("customer", id, param);
    return customer;
  }

  private invoice(id: string, param: string): StripeInvoiceLike {
    const invoice = this.invoiceById.get(id);
    if (!invoice) throw noSuch("invoice", id, param);
    return invoice;
  }

  private invoiceItem(id: string, param: string): StripeInvoiceItemLike {
    const item = this.itemById.get(id);
    if (!item) throw noSuch("invoiceitem", id, param);
    return item;
  }

  /** A Stripe-style id, e.g. `in_` and 24 base62 characters, never handed out twice. */
  private newId(prefix: string, length: number): string {
    for (;;) {
      const id = `${prefix}_${base62(length)}`;
      if (this.usedIds.has(id)) continue;
      this.usedIds.add(id);
      return id;
    }
  }
}

/** Quantity, unit amount and amount from `amount`, `unit_amount(_decimal)` with `quantity`, or `price_data`. */
function pricing(body: Params, priceData: Params) {
  const quantity = integer(body.quantity) ?? 1;
  const amount = integer(body.amount);
  const unitDecimal =
    text(body.unit_amount_decimal) ??
    text(body.unit_amount) ??
    text(priceData.unit_amount_decimal) ??
    text(priceData.unit_amount);
  if (amount !== undefined && unitDecimal !== undefined)
    throw new StripeRequestError(400, "You may only specify one of these parameters: amount, unit_amount.", {
      param: "amount",
    });
  if (amount !== undefined) {
    const unit = amount / quantity;
    return {
      amount,
      quantity,
      unitAmount: Number.isInteger(unit) ? unit : null,
      unitAmountDecimal: String(unit),
    };
  }
  if (unitDecimal !== undefined) {
    const unit = Number(unitDecimal);
    return {
      amount: Math.round(unit * quantity),
      quantity,
      unitAmount: Number.isInteger(unit) ? unit : null,
      unitAmountDecimal: unitDecimal,
    };
  }
  if (text(body.price) !== undefined) {
    // The stand-in knows no prices; a price id stands for the fixture's price.
    const unit = 1000;
    return { amount: unit * quantity, quantity, unitAmount: unit, unitAmountDecimal: String(unit) };
  }
  throw new StripeRequestError(400, "Missing required param: amount.", {
    code: "parameter_missing",
    param: "amount",
  });
}

function attach(invoice: StripeInvoiceLike, item: StripeInvoiceItemLike, lineId: string): void {
  item.invoice = invoice.id;
  const line: StripeLineItemLike = {
    ...stripeFixture("line_item"),
    id: lineId,
    object: "line_item",
    amount: item.amount,
    amount_excluding_tax: item.amount,
    currency: item.currency,
    description: item.description,
    discountable: item.discountable,
    invoice_item: item.id,
    metadata: item.metadata,
    period: item.period,
    price: item.price,
    quantity: item.quantity,
    unit_amount_excluding_tax: item.unit_amount_decimal,
  };
  invoice.lines.data.push(line);
}

/** Totals from the lines (no discounts, taxes or balances in this stand-in). */
function recompute(invoice: StripeInvoiceLike): void {
  const subtotal = invoice.lines.data.reduce((sum, line) => sum + line.amount, 0);
  Object.assign(invoice, {
    subtotal,
    subtotal_excluding_tax: subtotal,
    total: subtotal,
    total_excluding_tax: subtotal,
    amount_due: Math.max(0, subtotal),
    amount_paid: 0,
    amount_remaining: Math.max(0, subtotal),
  });
}

function markPaid(
  invoice: StripeInvoiceLike,
  paidAt: number,
  how: { outOfBand: boolean; withPayment: boolean; newId?: (prefix: string) => string },
): void {
  invoice.status = "paid";
  invoice.paid = true;
  invoice.paid_out_of_band = how.outOfBand;
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.status_transitions.paid_at = paidAt;
  if (how.withPayment && how.newId) {
    invoice.payment_intent = how.newId("pi");
    invoice.charge = how.newId("ch");
    invoice.attempted = true;
    invoice.attempt_count = 1;
  }
}

function notEditable(invoice: StripeInvoiceLike): StripeRequestError {
  return new StripeRequestError(
    400,
    `You can only modify draft invoices; invoice ${invoice.id} is ${invoice.status}.`,
    { code: "invoice_not_editable" },
  );
}

function noSuch(resource: string, id: string, param: string): StripeRequestError {
  return new StripeRequestError(id ? 404 : 400, `No such ${resource}: '${id}'`, {
    code: "resource_missing",
    param,
  });
}

/** A page of a list (newest first, except invoice lines), with Stripe's limit (default 10), starting_after and ending_before. */
function listOf<T extends { id: string }>(all: T[], query: Params, url: string) {
  const limit = Math.min(100, Math.max(1, integer(query.limit) ?? 10));
  const after = text(query.starting_after);
  const before = text(query.ending_before);
  let from = 0;
  let to = all.length;
  if (after !== undefined) from = all.findIndex((entry) => entry.id === after) + 1;
  if (before !== undefined)
    to = Math.max(
      0,
      all.findIndex((entry) => entry.id === before),
    );
  const window = all.slice(from, to);
  const page = before !== undefined ? window.slice(-limit) : window.slice(0, limit);
  return { object: "list", data: page.map(snapshot), has_more: window.length > page.length, url };
}

/** Stripe merges metadata on update; an empty value removes a key and `metadata=""` removes them all. */
function mergedMetadata(current: Record<string, string>, update: unknown): Record<string, string> {
  if (update === "" || update === undefined) return update === "" ? {} : current;
  const merged = { ...current };
  for (const [key, value] of Object.entries(update as Params)) {
    if (value === "") delete merged[key];
    else merged[key] = String(value);
  }
  return merged;
}

function customFieldsOf(value: unknown): { name: string; value: string }[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  return value.map((field: Params) => ({ name: String(field.name ?? ""), value: String(field.value ?? "") }));
}

function text(value: unknown): string | undefined {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

function integer(value: unknown): number | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const parsed = Number(raw);
  return Number.isFinite(parsed) ? Math.trunc(parsed) : undefined;
}

function bool(value: unknown): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function snapshot<T>(value: T): T {
  return structuredClone(value);
}

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function base62(length: number): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/** A random Stripe-style id such as `evt_` and 24 base62 characters. */
export function randomStripeId(prefix: string, length = 24): string {
  return `${prefix}_${base62(length)}`;
}
