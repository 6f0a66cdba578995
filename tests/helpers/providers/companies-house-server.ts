import {
  type LocalProviderServer,
  type ProviderReply,
  type RecordedRequest,
  startLocalProviderServer,
} from "./local-server";

/** A company profile as GET /company/{company_number} returns it (the fields Plugboard reads, and more). */
export type CompanyProfile = {
  company_number: string;
  company_name: string;
  company_status: string;
  date_of_creation: string;
  type: string;
  registered_office_address: Record<string, string>;
};

/** Public data a test can rely on: Tesco PLC's register entry. */
export const tescoProfile: CompanyProfile = {
  company_number: "00445790",
  company_name: "TESCO PLC",
  company_status: "active",
  date_of_creation: "1947-11-27",
  type: "plc",
  registered_office_address: {
    address_line_1: "Tesco House, Shire Park",
    address_line_2: "Kestrel Way",
    locality: "Welwyn Garden City",
    postal_code: "AL7 1GA",
  },
};

const chError = (status: number, error: string): ProviderReply => ({
  status,
  body: { error, type: "ch:service" },
});

/**
 * A Companies House public data API stand-in: HTTP Basic auth with the key as user name and an empty
 * password (401 `{error, type: "ch:service"}` otherwise), GET /company/{number} (404
 * company-profile-not-found) and GET /search/companies with q and items_per_page.
 */
export async function startCompaniesHouseServer(options: {
  apiKeys: string[];
  companies?: CompanyProfile[];
}): Promise<LocalProviderServer> {
  const companies = options.companies ?? [tescoProfile];
  const handle = (request: RecordedRequest): ProviderReply => {
    const authorization = request.headers.authorization;
    if (!authorization) return chError(401, "Empty Authorization header");
    const [scheme, encoded = ""] = authorization.split(" ");
    const [user, password] = Buffer.from(encoded, "base64").toString("utf8").split(":");
    if (scheme !== "Basic" || password !== "" || !options.apiKeys.includes(user ?? "")) {
      return chError(401, "Invalid Authorization");
    }
    if (request.method !== "GET") return chError(405, "Method Not Allowed");
    const companyNumber = /^\/company\/([A-Z0-9]{8})$/.exec(request.path)?.[1];
    if (companyNumber) {
      const company = companies.find((candidate) => candidate.company_number === companyNumber);
      if (!company)
        return {
          status: 404,
          body: { errors: [{ error: "company-profile-not-found", type: "ch:service" }] },
        };
      return { status: 200, body: { ...company, links: { self: `/company/${companyNumber}` } } };
    }
    if (request.path === "/search/companies") return search(request.query);
    return { status: 404, body: { errors: [{ error: "not-found", type: "ch:service" }] } };
  };

  function search(query: URLSearchParams): ProviderReply {
    const words = query.get("q")?.trim().toLowerCase();
    if (!words)
      return { status: 400, body: { errors: [{ error: "query-param-missing", type: "ch:service" }] } };
    const itemsPerPage = Number(query.get("items_per_page") ?? 20);
    const matches = companies.filter((company) => company.company_name.toLowerCase().includes(words));
    const items = matches.slice(0, itemsPerPage).map((company) => ({
      kind: "searchresults#company",
      title: company.company_name,
      company_number: company.company_number,
      company_status: company.company_status,
      company_type: company.type,
      date_of_creation: company.date_of_creation,
      address_snippet: Object.values(company.registered_office_address).join(", "),
    }));
    const body = {
      kind: "search#companies",
      items,
      items_per_page: itemsPerPage,
      page_number: 1,
      start_index: 0,
    };
    return { status: 200, body: { ...body, total_results: matches.length } };
  }

  return startLocalProviderServer({
    handle,
    errorBody: (status) => ({ error: `HTTP ${status}`, type: "ch:service" }),
  });
}
