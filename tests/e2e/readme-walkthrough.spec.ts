import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { specsDirectory } from "../helpers/providers/specs-dir";

/**
 * The README, followed literally by a newcomer: a fresh clone of the committed HEAD, `npm install`,
 * `npm run dev` on a port other than 3000 (embedded database), then the money path section step by
 * step. Commands, keys and secrets are read from README.md, so the docs cannot drift from the app;
 * only port numbers are substituted (this test shares the machine with other servers).
 */

const repoRoot = path.resolve(import.meta.dirname, "../..");
const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
const basePort = Number(process.env.E2E_PORT ?? 3100);
const appPort = Number(process.env.E2E_README_PORT ?? basePort + 2);
const stripePort = Number(process.env.E2E_README_STRIPE_PORT ?? basePort + 3);
const app = `http://localhost:${appPort}`;

/** The first README line (outside prose) that starts with `prefix`. */
function readmeLine(prefix: string): string {
  const line = readme
    .split("\n")
    .map((text) => text.trim())
    .find((text) => text.startsWith(prefix));
  if (!line) throw new Error(`README.md has no line starting with "${prefix}"`);
  return line;
}
const readmeValue = (pattern: RegExp) => {
  const match = pattern.exec(readme);
  if (!match) throw new Error(`README.md does not mention ${pattern}`);
  return match[0];
};

/** `npm run x -- a b` → ["run", "x", "--", "a", "b"] (the README's commands have no quoting). */
const npmArgs = (command: string) => command.replace(/^npm\s+/, "").split(/\s+/);

type Running = { child: ChildProcess; output: () => string };

function start(command: string, cwd: string, env: NodeJS.ProcessEnv): Running {
  let output = "";
  const child = spawn("npm", npmArgs(command), {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

/** Ctrl-C, as in the README: the whole process group gets SIGINT; waits for it to exit. */
async function stop(running: Running | undefined) {
  if (!running?.child.pid || running.child.exitCode !== null) return;
  const exited = new Promise((resolve) => running.child.once("exit", resolve));
  try {
    process.kill(-running.child.pid, "SIGINT");
  } catch {
    return;
  }
  const timeout = setTimeout(() => {
    try {
      if (running.child.pid) process.kill(-running.child.pid, "SIGKILL");
    } catch {}
  }, 20_000);
  await exited;
  clearTimeout(timeout);
}

async function waitFor(what: string, running: Running, ready: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) throw new Error(`${what} exited:\n${running.output().slice(-3000)}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms:\n${running.output().slice(-3000)}`);
}

const healthy = async () => (await fetch(`${app}/api/health`)).ok;

/** A development server compiles each route on its first request: minutes on a busy machine. */
const slowExpect = expect.configure({ timeout: 240_000 });

test("a fresh clone follows the README: quick start on another port, then the money path with the local Stripe", async ({
  browser,
}) => {
  test.setTimeout(20 * 60_000);
  const timings: Record<string, number> = {};
  const timed = async <T>(label: string, step: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await step();
    } finally {
      timings[label] = Math.round((Date.now() - started) / 100) / 10;
    }
  };

  // A fresh clone of what is committed, with shared/ (the providers' API specs) beside it as in CI.
  const work = mkdtempSync(path.join(tmpdir(), "plugboard-readme-"));
  const clone = path.join(work, "plugboard");
  let dev: Running | undefined;
  let stripe: Running | undefined;
  let completed = false;
  try {
    execFileSync("git", ["clone", "--quiet", repoRoot, clone]);
    expect(execFileSync("git", ["rev-parse", "HEAD"], { cwd: clone, encoding: "utf8" })).toBe(
      execFileSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot, encoding: "utf8" }),
    );
    if (existsSync(specsDirectory)) symlinkSync(path.dirname(specsDirectory), path.join(work, "shared"));

    // `npm install`: with the same lockfile, the packages this checkout already installed are
    // hard-linked in (what npm would unpack from its cache); otherwise a real offline-first install.
    const installCommand = readmeLine("npm install && npm run dev").split("&&")[0]?.trim();
    expect(installCommand).toBe("npm install");
    await timed("install (s)", async () => {
      const sameLockfile =
        readFileSync(path.join(clone, "package-lock.json"), "utf8") ===
        readFileSync(path.join(repoRoot, "package-lock.json"), "utf8");
      if (sameLockfile && existsSync(path.join(repoRoot, "node_modules"))) {
        execFileSync("cp", ["-al", path.join(repoRoot, "node_modules"), path.join(clone, "node_modules")]);
      } else {
        execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: clone });
      }
    });

    // A newcomer's environment: nothing of this test runner's (no DATABASE_URL, no NODE_ENV, no keys).
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: process.env.LANG ?? "C.UTF-8",
      // The user data directory, kept inside this test's folder so the run leaves nothing behind.
      XDG_DATA_HOME: path.join(work, "data"),
      NEXT_TELEMETRY_DISABLED: "1",
      // The stand-in's port (README: 12111), free on a shared machine.
      LOCAL_STRIPE_PORT: String(stripePort),
    } as unknown as NodeJS.ProcessEnv;
    const devCommand = `${readmeLine("npm install && npm run dev").split("&&")[1]?.split("#")[0]?.trim()} -- -p ${appPort}`;
    expect(devCommand).toBe(`npm run dev -- -p ${appPort}`);
    dev = start(devCommand, clone, env);
    await timed("npm run dev → healthy (s)", () => waitFor("npm run dev", dev as Running, healthy, 240_000));
    // The embedded database is outside the project the dev server watches.
    const dataDir = /"dataDir":"([^"]+)"/.exec(dev.output())?.[1] ?? "";
    expect(dataDir.startsWith(path.join(work, "data", "plugboard"))).toBe(true);
    expect(existsSync(path.join(clone, ".data"))).toBe(false);

    // Money path 1: the local Stripe.
    stripe = start(readmeLine("npm run stripe:local").split("#")[0]?.trim() ?? "", clone, env);
    await waitFor(
      "npm run stripe:local",
      stripe,
      async () => stripe?.output().includes("Local Stripe on") ?? false,
      60_000,
    );

    // 2: STRIPE_API_BASE in .env, restart npm run dev.
    const apiBaseLine = readmeLine("STRIPE_API_BASE=").replace(":12111", `:${stripePort}`);
    appendFileSync(path.join(clone, ".env"), `\n${apiBaseLine}\n`);
    await stop(dev);
    dev = start(devCommand, clone, env);
    await timed("restart → healthy (s)", () =>
      waitFor("npm run dev (restart)", dev as Running, healthy, 240_000),
    );

    // Quick start: sign in as the demo owner, on this port.
    const context = await browser.newContext({ baseURL: app });
    const page = await context.newPage();
    const ownerEmail = readmeValue(/owner@acme\.example/);
    await timed("sign in (s)", async () => {
      // A development server compiles each page on first visit: let it finish before typing.
      await page.goto("/sign-in", { waitUntil: "networkidle", timeout: 120_000 });
      await page.getByLabel("Email").fill(ownerEmail);
      await page.getByLabel("Password").fill(readmeValue(/plugboard-demo/));
      await page.getByRole("button", { name: "Sign in" }).click();
      await slowExpect(page.getByRole("heading", { name: "Acme Field Services" })).toBeVisible();
    });

    // 3: connect Stripe with the documented key.
    const secretKey = readmeValue(/sk_test_[A-Za-z0-9]+/);
    await page.goto("/integrations");
    await page.locator('a[href="/integrations/connect/stripe"]').click();
    await page.waitForURL("**/integrations/connect/stripe");
    await page.waitForLoadState("networkidle"); // the form works once its script has loaded
    await page.getByLabel("Secret key").fill(secretKey);
    await page.getByRole("button", { name: "Test and connect" }).click();
    await slowExpect(page.getByText("Stripe is connected")).toBeVisible();
    const webhookUrl = ((await page.getByTestId("webhook-url").textContent()) ?? "").trim();
    expect(webhookUrl).toMatch(new RegExp(`^${app}/api/webhooks/stripe/[0-9a-f-]{36}$`));
    await page.getByRole("link", { name: "Open the integration" }).click();
    await slowExpect(page.getByTestId("integration-status")).toBeVisible();
    const integrationUrl = page.url();
    await page.waitForLoadState("networkidle");

    // 4: the stand-in again, forwarding to that URL with the documented secret.
    const forwardCommand = readmeLine("npm run stripe:local -- --forward-to");
    const signingSecret = /--secret\s+(\S+)/.exec(forwardCommand)?.[1] ?? "";
    expect(signingSecret).toMatch(/^whsec_/);
    await stop(stripe);
    stripe = start(forwardCommand.replace(/--forward-to\s+\S+/, `--forward-to ${webhookUrl}`), clone, env);
    await waitFor(
      "npm run stripe:local --forward-to",
      stripe,
      async () => stripe?.output().includes(`Forwarding invoice events to ${webhookUrl}`) ?? false,
      60_000,
    );

    // 5: the signing secret, pasted afterwards with Update credentials; then linked for invoicing.
    await page.getByRole("button", { name: "Update credentials" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/Webhook signing secret/).fill(signingSecret);
    await dialog.getByRole("button", { name: "Check and save" }).click();
    await slowExpect(dialog).toBeHidden();
    expect(page.url()).toBe(integrationUrl); // same integration, same webhook URL
    await slowExpect(page.getByTestId("hint-webhookSigningSecret")).toBeVisible();
    await page.getByRole("button", { name: "Link as default" }).click();
    await slowExpect(page.getByRole("list", { name: "Links" })).toContainText("invoicing");

    // While the rest writes to the database, this page stays open: the dev server must not reload it.
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    let reloads = 0;
    page.on("load", () => {
      reloads += 1;
    });

    // 6: an invoice for Northwind Plumbing, created and sent, in another tab.
    const tab = await context.newPage();
    await timed("invoice synced (s)", async () => {
      await tab.goto("/invoices");
      await tab.getByRole("link", { name: "New invoice" }).click();
      await tab.waitForURL("**/invoices/new");
      await tab.waitForLoadState("networkidle");
      const customerSelect = tab.getByLabel("Customer");
      const northwind = await customerSelect
        .locator("option", { hasText: "Northwind Plumbing" })
        .getAttribute("value");
      await customerSelect.selectOption(northwind ?? "");
      await tab.getByLabel("Description").fill("Boiler service");
      await tab.getByLabel("Quantity").fill("1");
      await tab.getByLabel("Unit price").fill("120.00");
      await tab.getByLabel("Tax %").fill("20");
      await tab.getByRole("button", { name: "Create and send" }).click();
      await tab.getByRole("dialog").getByRole("button", { name: "Send invoice" }).click();
      await slowExpect(tab.getByTestId("sync-status")).toHaveText("synced");
    });
    await slowExpect(tab.getByTestId("external-id")).toHaveText(/^in_/);
    const invoiceUrl = tab.url();
    const number =
      ((await tab.getByRole("heading", { level: 1 }).textContent()) ?? "").match(/INV-\d{4}-\d{4}/)?.[0] ??
      "";
    expect(number).not.toBe("");

    // 7: pay on the hosted page; the forwarded invoice.paid turns it paid.
    const [hosted] = await Promise.all([
      context.waitForEvent("page"),
      tab.getByRole("link", { name: /View in Stripe|Pay now/ }).click(),
    ]);
    await hosted.getByRole("button", { name: /^Pay / }).click();
    await slowExpect(hosted.locator("#status")).toHaveText("paid");
    await hosted.close();
    await timed("paid in dashboard (s)", async () => {
      await expect
        .poll(
          async () => {
            await tab.goto(invoiceUrl);
            return ((await tab.getByTestId("invoice-status").textContent()) ?? "").trim();
          },
          { timeout: 240_000, intervals: [1000] },
        )
        .toBe("paid");
    });
    expect(stripe.output()).toMatch(/invoice\.paid \S+ → 200/);

    // 8: the customer's view, signed in with the link the server log shows.
    const contact = readmeValue(/billing@northwind\.example/);
    const customer = await browser.newContext({ baseURL: app });
    const portal = await customer.newPage();
    await portal.goto("/portal/sign-in", { waitUntil: "networkidle" });
    await portal.getByLabel("Email").fill(contact);
    await portal.getByRole("button", { name: "Email me a sign-in link" }).click();
    await slowExpect(portal.getByRole("status")).toContainText(`If ${contact} has access`);
    let link = "";
    await expect
      .poll(
        () => {
          const mail = (dev?.output() ?? "")
            .split("\n")
            .filter((line) => line.includes("email printed, not sent") && line.includes(contact));
          link =
            /(http:\/\/\S+\/api\/auth\/magic-link\/verify\?[^\s"\\]+)/.exec(mail.at(-1) ?? "")?.[1] ?? "";
          return link;
        },
        { timeout: 240_000 },
      )
      .not.toBe("");
    expect(link.startsWith(app)).toBe(true);
    await portal.goto(link);
    await slowExpect(portal.getByRole("heading", { name: "Your invoices" })).toBeVisible();
    await portal.getByRole("link", { name: number }).click();
    await slowExpect(portal.getByTestId("portal-status")).toHaveText("paid");
    await customer.close();

    // Nothing reloaded the integration page while all of that was written to the database.
    expect(reloads).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    test.info().annotations.push({ type: "timings", description: JSON.stringify(timings) });
    await context.close();
    completed = true;
  } finally {
    await stop(stripe);
    await stop(dev);
    if (!completed) {
      writeFileSync(test.info().outputPath("npm-run-dev.log"), dev?.output() ?? "");
      writeFileSync(test.info().outputPath("npm-run-stripe-local.log"), stripe?.output() ?? "");
    }
    rmSync(work, { recursive: true, force: true });
  }
});
