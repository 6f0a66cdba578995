import { z } from "zod";

export const createCustomerInput = z.object({
  name: z.string().trim().min(1, "Enter the customer's name").max(200),
  email: z.email("Enter a valid email address").trim().toLowerCase(),
  billingAddress: z.string().trim().max(500).optional(),
});

export const listInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});
