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

export const updateCustomerInput = createCustomerInput.extend({ customerId: z.uuid() });
export const customerRefInput = z.object({ customerId: z.uuid() });
