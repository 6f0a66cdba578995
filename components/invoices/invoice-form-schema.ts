import { z } from "zod";
import { bpsToPercentString, currencyDigits, decimalToMinor, minorToDecimalString } from "@/lib/money";

// The invoice form's fields as a person types them, and their exact conversion to what the API takes.

const decimal = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, message);

/** What a person types: prices and tax in everyday decimals; converted exactly to minor units and basis points. */
export const formSchema = z
  .object({
    customerId: z.string().min(1, "Choose a customer"),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "Three letters, e.g. GBP"),
    issueDate: z.iso.date("Pick the issue date"),
    dueDate: z.iso.date("Pick the due date"),
    memo: z.string().max(2000).optional(),
    lines: z
      .array(
        z.object({
          description: z.string().trim().min(1, "Describe the line").max(500),
          quantity: z.coerce.number<string>().int("Whole numbers").min(1, "At least 1"),
          unitPrice: decimal("A price like 120.00"),
          taxPercent: decimal("A rate like 20").refine((value) => Number(value) <= 100, "At most 100"),
        }),
      )
      .min(1, "Add at least one line"),
  })
  .refine((value) => value.dueDate >= value.issueDate, {
    message: "The due date cannot be before the issue date",
    path: ["dueDate"],
  })
  .superRefine((value, ctx) => {
    const digits = currencyDigits(value.currency);
    value.lines.forEach((line, index) => {
      const fraction = line.unitPrice.split(".")[1] ?? "";
      if (fraction.length > digits)
        ctx.addIssue({
          code: "custom",
          path: ["lines", index, "unitPrice"],
          message: digits
            ? `At most ${digits} decimals in ${value.currency}`
            : `${value.currency} has no decimals`,
        });
    });
  });
export type FormInput = z.input<typeof formSchema>;
export type FormOutput = z.output<typeof formSchema>;

export const isoToday = () => new Date().toISOString().slice(0, 10);
export const isoInDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const toLine = (line: FormOutput["lines"][number], currency: string) => ({
  description: line.description,
  quantity: line.quantity,
  unitAmountMinor: decimalToMinor(line.unitPrice, currency),
  taxRateBps: decimalToMinor(line.taxPercent, "XXX"),
});

/** A draft being edited: its current values, in minor units as stored. */
export type DraftValues = {
  id: string;
  number: string;
  customerId: string;
  customerName: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  memo: string | null;
  lines: { description: string; quantity: number; unitAmountMinor: number; taxRateBps: number }[];
};

export const formValuesOf = (draft: DraftValues): FormInput => ({
  customerId: draft.customerId,
  currency: draft.currency,
  issueDate: draft.issueDate,
  dueDate: draft.dueDate,
  memo: draft.memo ?? "",
  lines: draft.lines.map((line) => ({
    description: line.description,
    quantity: String(line.quantity),
    unitPrice: minorToDecimalString(line.unitAmountMinor, draft.currency),
    taxPercent: bpsToPercentString(line.taxRateBps),
  })),
});
