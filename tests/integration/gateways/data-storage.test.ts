import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companiesHouseGateway } from "@/server/providers/gateways/companies-house";
import { secretFingerprint } from "@/server/providers/gateways/fingerprint";
import { geminiGateway } from "@/server/providers/gateways/gemini";
import { lemVerifyGateway } from "@/server/providers/gateways/lem-verify";
import { s3Gateway } from "@/server/providers/gateways/s3";
import { gatewayContext } from "../../helpers/gateway-context";
import { startCompaniesHouseServer, tescoProfile } from "../../helpers/providers/companies-house-server";
import { itSurvivesProviderFailures, rejectionOf } from "../../helpers/providers/gateway-cases";
import { startGeminiServer } from "../../helpers/providers/gemini-server";
import { startLemVerifyServer } from "../../helpers/providers/lem-verify-server";
import { unreachableUrl } from "../../helpers/providers/local-server";
import { startS3Server } from "../../helpers/providers/s3-server";

/** Starts a stand-in before the block's tests and closes it after; the getter returns it. */
function standIn<T extends { close(): Promise<void> }>(start: () => Promise<T>): () => T {
  const started: T[] = [];
  beforeAll(async () => {
    started.push(await start());
  });
  afterAll(() => started[0]?.close());
  return () => started[0] ?? expect.unreachable("the stand-in has not started");
}

describe("companies_house gateway", () => {
  const apiKey = "c891fc18-7cb0-4fbb-8878-7d8e9d708292";
  const tesco = { companyNumber: "00445790", name: "TESCO PLC", status: "active" };
  const profile = { ...tesco, incorporatedOn: "1947-11-27", address: tescoProfile.registered_office_address };
  const server = standIn(() => startCompaniesHouseServer({ apiKeys: [apiKey] }));
  const gateway = async (key = apiKey, apiBase = server().url) =>
    companiesHouseGateway(await gatewayContext("companies_house", apiBase, { apiKey: key }));
  const lookup = async (parameters: Record<string, unknown>) =>
    (await gateway()).capabilities?.LOOKUP_COMPANY?.(parameters);

  itSurvivesProviderFailures({
    server,
    validate: async (apiBase) => (await gateway(apiKey, apiBase)).validateCredentials(),
    accountId: `companies_house:${secretFingerprint(apiKey)}`,
  });

  it("validates with a one-item search; a wrong key is auth with Companies House's message", async () => {
    await (await gateway()).validateCredentials();
    const search = server().requests.at(-1);
    expect([search?.path, search?.query.get("items_per_page")]).toEqual(["/search/companies", "1"]);
    const error = await rejectionOf((await gateway("0f0f0f0f-0000")).validateCredentials());
    expect(error).toMatchObject({ type: "auth", status: 401, message: "Invalid Authorization" });
  });

  it.each([
    { parameters: { companyNumber: "00445790" }, expected: profile, path: "/company/00445790" },
    { parameters: { query: "Tesco" }, expected: { results: [tesco] }, path: "/search/companies" },
  ])("LOOKUP_COMPANY $parameters is fetched once, then served from the cache", async (lookupCase) => {
    const before = server().requests.length;
    await expect(lookup(lookupCase.parameters)).resolves.toEqual(lookupCase.expected);
    await expect(lookup(lookupCase.parameters)).resolves.toEqual(lookupCase.expected);
    const paths = server().requests.map((request) => request.path);
    expect(paths.slice(before)).toEqual([lookupCase.path]);
  });

  it("LOOKUP_COMPANY needs a number or a query, and reports unknown numbers as not_found", async () => {
    expect((await rejectionOf(lookup({}))).type).toBe("invalid_request");
    const unknown = await rejectionOf(lookup({ companyNumber: "SC999999" }));
    expect([unknown.type, unknown.message]).toEqual(["not_found", "company-profile-not-found"]);
  });
});

describe("lem_verify gateway", () => {
  const credentials = { accountId: "gc15f4xa-8ea5-4b7e-94c0-cd0303d80aed", apiKey: "lem_live_5d1c0f9e" };
  const server = standIn(() => startLemVerifyServer(credentials));
  const validate = async (overrides: Record<string, unknown> = {}, apiBase = server().url) =>
    lemVerifyGateway(
      await gatewayContext("lem_verify", apiBase, { ...credentials, ...overrides }),
    ).validateCredentials();

  itSurvivesProviderFailures({
    server,
    validate: (apiBase) => validate({}, apiBase),
    accountId: `lem_verify:${credentials.accountId}`,
  });

  it("validates with a read that spends no credits; a wrong key or account is auth", async () => {
    await expect(validate()).resolves.toEqual({ accountId: `lem_verify:${credentials.accountId}` });
    expect(server().requests.at(-1)?.headers["x-lem-key"]).toBe(credentials.apiKey);
    for (const overrides of [{ apiKey: "lem_live_wrong" }, { accountId: "someone-else" }]) {
      const error = await rejectionOf(validate(overrides));
      expect(error).toMatchObject({ type: "auth", status: 401 });
      expect(error.message).toContain("x-lem-key");
    }
  });
});

describe("gemini gateway", () => {
  const apiKey = "AIzaSyA-plugboard-test-key-000000000";
  const server = standIn(() => startGeminiServer({ apiKeys: [apiKey] }));
  const validate = async (key = apiKey, apiBase = server().url) =>
    geminiGateway(await gatewayContext("gemini", apiBase, { apiKey: key })).validateCredentials();

  itSurvivesProviderFailures({
    server,
    validate: (apiBase) => validate(apiKey, apiBase),
    accountId: `gemini:${secretFingerprint(apiKey)}`,
  });

  it("lists one model with the key in a header; Google's 400 INVALID_ARGUMENT is auth", async () => {
    await validate();
    const request = server().requests.at(-1);
    expect(request).toMatchObject({ method: "GET", path: "/v1beta/models" });
    expect([request?.query.get("pageSize"), request?.query.has("key")]).toEqual(["1", false]);
    const error = await rejectionOf(validate("AIzaSy-wrong"));
    expect(error).toMatchObject({ type: "auth", status: 400 });
    expect(error.message).toMatch(/^API key not valid/);
  });
});

describe("s3 gateway", () => {
  const keys = { accessKeyId: "AKIAPLUGBOARDTEST01", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/PLUGBOARD" };
  const server = standIn(() =>
    startS3Server({ keys: { [keys.accessKeyId]: keys.secretAccessKey }, buckets: ["invoices-archive"] }),
  );
  const validate = async (overrides: Record<string, unknown> = {}, apiBase = server().url) => {
    const credentials = { ...keys, region: "us-east-1", bucket: "invoices-archive", ...overrides };
    return s3Gateway(await gatewayContext("s3", apiBase, credentials)).validateCredentials();
  };

  it("validates with a correctly signed HeadBucket, to the endpoint credential when given", async () => {
    const identity = { accountId: `s3:${server().url}/invoices-archive` };
    await expect(validate()).resolves.toMatchObject(identity);
    expect(server().requests.at(-1)).toMatchObject({ method: "HEAD", signatureValid: true });
    expect(server().requests.at(-1)?.path).toMatch(/^\/invoices-archive\/?$/);
    await expect(validate({ endpoint: server().url }, await unreachableUrl())).resolves.toMatchObject(
      identity,
    );
  });

  it("reports a wrong secret or an unknown key as auth with a classified reason, not the store's message", async () => {
    const wrongSecret = await rejectionOf(validate({ secretAccessKey: "not-the-secret" }));
    expect(wrongSecret).toMatchObject({
      type: "auth",
      status: 403,
      message: "refused: HTTP 403 (the secret access key does not match)",
    });
    expect(server().requests.at(-1)?.signatureValid).toBe(false);
    const unknownKey = await rejectionOf(validate({ accessKeyId: "AKIAUNKNOWN" }));
    expect([unknownKey.type, unknownKey.message]).toEqual([
      "auth",
      "refused: HTTP 403 (the access key ID does not exist)",
    ]);
  });

  it("reports a missing bucket as not_found, a closed port as unavailable, and retries a 503", async () => {
    const missing = await rejectionOf(validate({ bucket: "no-such-bucket" }));
    expect(missing).toMatchObject({ type: "not_found", message: "bucket no-such-bucket does not exist" });
    expect((await rejectionOf(validate({}, await unreachableUrl()))).type).toBe("unavailable");
    const before = server().requests.length;
    server().failNext(1, 503);
    await expect(validate()).resolves.toBeDefined();
    expect(server().requests.length - before).toBe(2);
  });
});
