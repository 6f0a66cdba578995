import { and, eq } from "drizzle-orm";
import { imageSize } from "image-size";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { LOGO_MAX_BYTES, type tenantSettingsInput, type uploadLogoInput } from "@/lib/schemas/tenant";
import type { Db } from "@/server/db/client";
import { organization, tenantProfiles } from "@/server/db/schema";
import { recordAudit } from "../audit/audit";
import type { TenantRequestContext } from "../context";

/** The tenant's name, business address, VAT/tax number and whether it has a logo. */
export async function getTenantSettings(db: Db, tenantId: string) {
  const [row] = await db
    .select({
      id: organization.id,
      name: organization.name,
      businessAddress: tenantProfiles.businessAddress,
      taxNumber: tenantProfiles.taxNumber,
      logoType: tenantProfiles.logoType,
      updatedAt: tenantProfiles.updatedAt,
    })
    .from(organization)
    .leftJoin(tenantProfiles, eq(tenantProfiles.tenantId, organization.id))
    .where(eq(organization.id, tenantId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Tenant not found");
  return row;
}

/** Renames the tenant and stores its business address and VAT/tax number. */
export async function updateTenantSettings(
  ctx: TenantRequestContext,
  input: z.infer<typeof tenantSettingsInput>,
) {
  const profile = { businessAddress: input.businessAddress || null, taxNumber: input.taxNumber || null };
  await ctx.db.transaction(async (tx) => {
    await tx.update(organization).set({ name: input.name }).where(eq(organization.id, ctx.tenantId));
    await tx
      .insert(tenantProfiles)
      .values({ tenantId: ctx.tenantId, ...profile })
      .onConflictDoUpdate({ target: tenantProfiles.tenantId, set: { ...profile, updatedAt: new Date() } });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "tenant.settings_updated",
      targetType: "tenant",
      targetId: ctx.tenantId,
      ip: ctx.ip,
      metadata: {
        name: input.name,
        hasAddress: Boolean(profile.businessAddress),
        taxNumber: profile.taxNumber,
      },
    });
  });
  return getTenantSettings(ctx.db, ctx.tenantId);
}

/** Largest logo drawn: the PDF renderer decodes a PNG whole, 4 bytes a pixel, on every render. */
const LOGO_MAX_PIXELS = 2_000_000;
const LOGO_MAX_SIDE = 4_000;

/**
 * The logo's dimensions when the bytes really are the image type claimed, read from the image's own
 * header (PNG IHDR, JPEG frame), not its name; an error naming the problem otherwise.
 */
function logoProblem(bytes: Buffer, type: "image/png" | "image/jpeg"): string | null {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return "not a PNG or JPEG image";
  }
  if (size.type !== (type === "image/png" ? "png" : "jpg")) return "not a PNG or JPEG image";
  if (size.width > LOGO_MAX_SIDE || size.height > LOGO_MAX_SIDE || size.width * size.height > LOGO_MAX_PIXELS)
    return `${size.width}×${size.height} pixels is too large (at most ${LOGO_MAX_PIXELS / 1_000_000} megapixels)`;
  return null;
}

/** Stores the tenant's logo: a PNG or JPEG of at most 256 KiB, checked by its content, not its name. */
export async function uploadTenantLogo(ctx: TenantRequestContext, input: z.infer<typeof uploadLogoInput>) {
  const bytes = Buffer.from(input.contentBase64, "base64");
  if (bytes.length > LOGO_MAX_BYTES)
    throw new AppError("BAD_REQUEST", "The logo must be at most 256 KiB", {
      details: [{ field: "contentBase64", reason: "too large", suggestion: "Use a smaller PNG or JPEG" }],
    });
  const problem = logoProblem(bytes, input.type);
  if (problem)
    throw new AppError(
      "BAD_REQUEST",
      problem.startsWith("not")
        ? `The file is not a ${input.type === "image/png" ? "PNG" : "JPEG"} image`
        : `The logo is ${problem}`,
      {
        details: [
          {
            field: "contentBase64",
            reason: problem,
            suggestion: "Use a PNG or JPEG of at most 2 megapixels, e.g. 800×200",
          },
        ],
      },
    );
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(tenantProfiles)
      .values({ tenantId: ctx.tenantId, logo: bytes, logoType: input.type })
      .onConflictDoUpdate({
        target: tenantProfiles.tenantId,
        set: { logo: bytes, logoType: input.type, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "tenant.logo_uploaded",
      targetType: "tenant",
      targetId: ctx.tenantId,
      ip: ctx.ip,
      metadata: { type: input.type, bytes: bytes.length },
    });
  });
  return getTenantSettings(ctx.db, ctx.tenantId);
}

export async function removeTenantLogo(ctx: TenantRequestContext) {
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(tenantProfiles)
      .set({ logo: null, logoType: null })
      .where(eq(tenantProfiles.tenantId, ctx.tenantId));
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: "tenant.logo_removed",
      targetType: "tenant",
      targetId: ctx.tenantId,
      ip: ctx.ip,
    });
  });
  return getTenantSettings(ctx.db, ctx.tenantId);
}

/** The logo's bytes, for the portal, the dashboard and the PDF; null when there is none. */
export async function tenantLogo(db: Db, tenantId: string) {
  const [row] = await db
    .select({ logo: tenantProfiles.logo, logoType: tenantProfiles.logoType })
    .from(tenantProfiles)
    .where(and(eq(tenantProfiles.tenantId, tenantId)))
    .limit(1);
  return row?.logo && row.logoType ? { bytes: new Uint8Array(row.logo), type: row.logoType } : null;
}

/** What the invoice PDF prints about its supplier. */
export async function pdfSupplierOf(db: Db, tenantId: string) {
  const [settings, logo] = await Promise.all([getTenantSettings(db, tenantId), tenantLogo(db, tenantId)]);
  return {
    name: settings.name,
    supplier: { businessAddress: settings.businessAddress, taxNumber: settings.taxNumber, logo },
  };
}
