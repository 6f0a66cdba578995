import { z } from "zod";
import { tenantRoleNames } from "@/lib/roles";

export const slugSchema = z
  .string()
  .trim()
  .min(3, "At least 3 characters")
  .max(48, "At most 48 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Lowercase letters, digits and single dashes");

export const createTenantInput = z.object({
  name: z.string().trim().min(2, "At least 2 characters").max(80, "At most 80 characters"),
  slug: slugSchema,
});

export const inviteMemberInput = z.object({
  email: z.email("Enter a valid email address").trim().toLowerCase(),
  role: z.enum(tenantRoleNames.filter((role) => role !== "owner") as ["admin", "member"]),
});

export const updateMemberRoleInput = z.object({
  memberId: z.string().min(1),
  role: z.enum(tenantRoleNames),
});

export const createApiKeyInput = z.object({
  name: z.string().trim().min(2, "At least 2 characters").max(60, "At most 60 characters"),
  expiresInDays: z.number().int().min(1).max(730).nullable().default(null),
});

export const signUpInput = z.object({
  name: z.string().trim().min(2, "At least 2 characters").max(80),
  email: z.email("Enter a valid email address").trim().toLowerCase(),
  password: z.string().min(8, "At least 8 characters").max(128),
});

export const signInInput = z.object({
  email: z.email("Enter a valid email address").trim().toLowerCase(),
  password: z.string().min(1, "Enter your password"),
});

export function slugify(name: string) {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
}

export const tenantOutput = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  createdAt: z.date(),
  role: z.enum(tenantRoleNames),
});

/** What the tenant prints on invoices and shows in the portal (the name is the tenant's own). */
export const tenantSettingsInput = z.object({
  name: z.string().trim().min(2, "At least 2 characters").max(80, "At most 80 characters"),
  businessAddress: z.string().trim().max(500, "At most 500 characters").optional(),
  taxNumber: z
    .string()
    .trim()
    .max(40, "At most 40 characters")
    .regex(/^[A-Za-z0-9 .\-/]*$/, "Letters, digits, spaces, dots, dashes and slashes only")
    .optional(),
});

export const LOGO_MAX_BYTES = 256 * 1024;
export const logoTypeSchema = z.enum(["image/png", "image/jpeg"], "Use a PNG or JPEG image");

export const uploadLogoInput = z.object({
  type: logoTypeSchema,
  /** The image file, base64-encoded (at most 256 KiB once decoded). */
  contentBase64: z
    .string()
    .min(1, "Choose an image")
    .max(Math.ceil(LOGO_MAX_BYTES / 3) * 4 + 4, "The logo must be at most 256 KiB")
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "Not base64"),
});

export const tenantSettingsOutput = z.object({
  id: z.string(),
  name: z.string(),
  businessAddress: z.string().nullable(),
  taxNumber: z.string().nullable(),
  logoType: logoTypeSchema.nullable(),
  updatedAt: z.date().nullable(),
});

export const forgotPasswordInput = z.object({
  email: z.email("Enter a valid email address").trim().toLowerCase(),
});

export const resetPasswordInput = z
  .object({
    password: z.string().min(8, "At least 8 characters").max(128),
    confirm: z.string(),
  })
  .refine((values) => values.password === values.confirm, {
    message: "The two passwords differ",
    path: ["confirm"],
  });
