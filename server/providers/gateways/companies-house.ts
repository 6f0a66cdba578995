import { z } from "zod";
import { ProviderError } from "../errors";
import { type AccountIdentity, type GatewayFactory, HttpGateway } from "./base";
import { secretFingerprint } from "./fingerprint";

const cacheTtlMs = 10 * 60 * 1000;
const cacheMaxEntries = 1000;

/**
 * Lookups per process, keyed by (account, company number | query), kept 10 minutes: company records
 * change rarely and the API allows 600 requests per 5 minutes per application. That app-wide limit
 * itself is enforced by the shared limiter that lands with the sync engine, not here.
 */
const lookupCache = new Map<string, { expiresAt: number; result: unknown }>();

const companyProfile = z.object({
  company_number: z.string(),
  company_name: z.string(),
  company_status: z.string().optional(),
  date_of_creation: z.string().optional(),
  registered_office_address: z.record(z.string(), z.unknown()).optional(),
});
const searchResults = z.object({
  items: z
    .array(z.object({ company_number: z.string(), title: z.string(), company_status: z.string().optional() }))
    .default([]),
});

/** Companies House public data API: HTTP Basic with the API key as user name and an empty password. */
class CompaniesHouseGateway extends HttpGateway {
  /** LOOKUP_COMPANY by companyNumber (profile) or query (name search), served from the cache when fresh. */
  readonly capabilities = {
    LOOKUP_COMPANY: (parameters: Record<string, unknown>) => this.lookupCompany(parameters),
  };

  protected override authHeaders(): Record<string, string> {
    return { authorization: `Basic ${Buffer.from(`${this.credential("apiKey")}:`).toString("base64")}` };
  }

  async validateCredentials(): Promise<AccountIdentity> {
    await this.request<unknown>("GET", "/search/companies", { query: { q: "plugboard", items_per_page: 1 } });
    // The API has no endpoint describing the key's owner, so the id is a key fingerprint.
    return { accountId: this.accountId() };
  }

  private accountId(): string {
    return `companies_house:${secretFingerprint(this.credential("apiKey"))}`;
  }

  private async lookupCompany(parameters: Record<string, unknown>): Promise<unknown> {
    const companyNumber =
      typeof parameters.companyNumber === "string" ? parameters.companyNumber.trim().toUpperCase() : "";
    const query = typeof parameters.query === "string" ? parameters.query.trim() : "";
    if (!companyNumber && !query)
      throw new ProviderError("invalid_request", "companyNumber or query is required");
    const lookupKey = companyNumber ? `number:${companyNumber}` : `query:${query.toLowerCase()}`;
    const cacheKey = `${this.accountId()}|${lookupKey}`;
    const cached = lookupCache.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.result;
    const result = companyNumber ? await this.profile(companyNumber) : await this.search(query);
    if (lookupCache.size >= cacheMaxEntries) {
      const oldestKey = lookupCache.keys().next().value;
      if (oldestKey !== undefined) lookupCache.delete(oldestKey);
    }
    lookupCache.set(cacheKey, { expiresAt: Date.now() + cacheTtlMs, result });
    return result;
  }

  private async profile(companyNumber: string) {
    const body = await this.request<unknown>("GET", `/company/${encodeURIComponent(companyNumber)}`);
    const company = parseResponse(companyProfile, body);
    return {
      companyNumber: company.company_number,
      name: company.company_name,
      status: company.company_status,
      incorporatedOn: company.date_of_creation,
      address: company.registered_office_address,
    };
  }

  private async search(query: string) {
    const body = await this.request<unknown>("GET", "/search/companies", {
      query: { q: query, items_per_page: 10 },
    });
    const { items } = parseResponse(searchResults, body);
    return {
      results: items.map((item) => ({
        companyNumber: item.company_number,
        name: item.title,
        status: item.company_status,
      })),
    };
  }
}

function parseResponse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ProviderError("unknown", "unexpected Companies House response", { cause: parsed.error });
  return parsed.data;
}

/** Companies House gateway factory. */
export const companiesHouseGateway: GatewayFactory = (ctx) => new CompaniesHouseGateway(ctx);
