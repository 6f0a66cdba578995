import { z } from "zod";

export const productInput = z.object({
  name: z.string().trim().min(1, "Name the product").max(200),
  description: z.string().trim().max(500).optional(),
  unitAmountMinor: z.coerce.number().int("Whole minor units (cents)").min(0).max(100_000_000_000),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 code such as GBP"),
  taxRateBps: z.coerce.number().int().min(0).max(10_000, "At most 100 %").default(0),
});
export const updateProductInput = productInput.extend({ productId: z.uuid() });
export const productRefInput = z.object({ productId: z.uuid() });

export const productOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  unitAmountMinor: z.number().int(),
  currency: z.string(),
  taxRateBps: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
