import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** What a race child printed at the end. */
export type ChildResult = { succeeded: number; failures: string[]; tokens: string[] };

/** A running tests/helpers/oauth-race-child.ts process and the lines it printed so far. */
export type RaceChild = {
  process: ChildProcessWithoutNullStreams;
  /** Resolves when the child printed `line` (or a line starting with it); rejects if it exits first. */
  waitFor(line: string): Promise<string>;
  result(): Promise<ChildResult>;
};

/** Spawns a race child on the test database (the environment is inherited: DATABASE_URL, keys, XERO_*). */
export function spawnRaceChild(input: {
  tenantId: string;
  integrationId: string;
  callers: number;
  hang?: boolean;
}) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "tests/helpers/oauth-race-child.ts",
      input.tenantId,
      input.integrationId,
      String(input.callers),
    ],
    {
      cwd: process.cwd(),
      env: { ...process.env, LOG_LEVEL: "silent", OAUTH_CHILD_HANG_AFTER_TOKEN: input.hang ? "1" : "0" },
      stdio: "pipe",
    },
  );
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    for (const waiter of waiters.filter((candidate) => line.startsWith(candidate.prefix)))
      waiter.resolve(line);
  });
  const exited = new Promise<never>((_, reject) =>
    child.on("exit", (code, signal) => {
      setTimeout(() => reject(new Error(`child exited (${code ?? signal}) before the line: ${stderr}`)), 50);
    }),
  );
  exited.catch(() => {});
  const waitFor = (prefix: string) => {
    const seen = lines.find((line) => line.startsWith(prefix));
    if (seen) return Promise.resolve(seen);
    return Promise.race([new Promise<string>((resolve) => waiters.push({ prefix, resolve })), exited]);
  };
  return {
    process: child,
    waitFor,
    result: async () => JSON.parse((await waitFor("RESULT ")).slice("RESULT ".length)) as ChildResult,
  } satisfies RaceChild;
}
