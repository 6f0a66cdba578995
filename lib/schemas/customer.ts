import { z } from "zod";

export const createCustomerInput = z.object({
  name: z.string().trim().min(1, "Enter the customer's name").max(200),
  email: z.email("Enter a valid email address").trim().toLowerCase(),
  billingAddress: z.string().trim().max(500).optional(),
});

export const listInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const customerOutput = z.object({
  id: z.uuid(),
  tenantId: z.string(),
  name: z.string(),
  email: z.string(),
  billingAddress: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const customerPageOutput = z.object({ items: z.array(customerOutput), total: z.number().int() });

export const invoiceSummaryOutput = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(["draft", "open", "paid", "void", "uncollectible"]),
  currency: z.string().length(3),
  totalMinor: z.number().int(),
  issueDate: z.string(),
  dueDate: z.string(),
  customerName: z.string(),
});

export const invoicePageOutput = z.object({ items: z.array(invoiceSummaryOutput), total: z.number().int() });
