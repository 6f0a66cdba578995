import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isEmbeddedDatabase } from "@/lib/env";
import { getBoss } from "@/server/jobs/boss";
import { createWorld, unique, type World } from "../helpers/world";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

type Queued = { id: string; data: { to: string; subject: string; text: string } };

async function queuedEmails(): Promise<Queued[]> {
  const boss = await getBoss();
  const jobs = await boss.findJobs<Queued["data"]>("email.send");
  return jobs.map((job) => ({ id: job.id, data: job.data }));
}

describe("invitation emails go through the job queue", () => {
  it("an invitation enqueues an email with the accept link", async () => {
    const email = `${unique("invitee")}@test.example`;
    const invitation = await world.ownerA.caller.members.invite({ email, role: "member" });
    const job = (await queuedEmails()).find((queued) => queued.data.to === email);
    expect(job?.data.subject).toContain("Tenant A");
    expect(job?.data.text).toContain(`/accept-invitation/${invitation.id}`);
  });
});

/**
 * The separate worker process (`npm run worker`) delivers over real SMTP and, on SIGTERM, finishes
 * the job it holds before exiting. It needs PostgreSQL: on the embedded database only the web
 * server process may run jobs, so this case runs when TEST_DATABASE_URL/DATABASE_URL is set (CI).
 */
describe.skipIf(isEmbeddedDatabase())("worker process", () => {
  let smtp: SMTPServer;
  let port = 0;
  let worker: ChildProcess | undefined;
  const received: string[] = [];
  let releaseDelivery: () => void = () => {};
  let deliveryStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    deliveryStarted = resolve;
  });

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, callback) {
        let raw = "";
        stream.on("data", (chunk: Buffer) => {
          raw += chunk.toString("utf8");
        });
        stream.on("end", () => {
          received.push(raw);
          if (!raw.includes("Drain test")) return callback();
          // Hold the SMTP reply so the job is in flight when SIGTERM arrives.
          releaseDelivery = () => callback();
          deliveryStarted();
        });
      },
    });
    smtp.listen(0, "127.0.0.1");
    await once(smtp.server, "listening");
    port = (smtp.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    worker?.kill("SIGKILL");
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it("drains the in-flight email job on SIGTERM and exits cleanly", async () => {
    worker = spawn(process.execPath, ["--import", "tsx", "server/jobs/worker-main.ts"], {
      env: {
        ...process.env,
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        LOG_LEVEL: "info",
        SHUTDOWN_TIMEOUT_SECONDS: "20",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    worker.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    worker.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await expect.poll(() => output, { timeout: 30_000, interval: 200 }).toContain("worker ready");

    const to = `${unique("drain")}@test.example`;
    const boss = await getBoss();
    const jobId = await boss.send("email.send", { to, subject: "Drain test", text: "hello" });
    await started;
    const exited = once(worker, "exit");
    worker.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(worker.exitCode).toBeNull(); // still draining: the SMTP reply has not come yet
    releaseDelivery();
    const [code] = await exited;
    expect(code).toBe(0);
    expect(output).toContain("job worker stopped");
    expect(received.join("\n")).toContain("Drain test");
    const job = await boss.getJobById("email.send", jobId ?? "");
    expect(job?.state).toBe("completed");
  }, 90_000);
});
