import { readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * PGlite has no cross-process lock and two processes on one data directory corrupt it, so the
 * owning process writes `<dir>.lock` with its pid and every other opener is refused.
 */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The embedded database at ${dataDir} is in use by process ${ownerPid} (a running Plugboard server). ` +
        "Stop that server first, or use DATABASE_URL with PostgreSQL to run several processes.",
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

const lockPath = (dataDir: string) => `${dataDir}.lock`;

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function embeddedDirectoryOwner(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath(dataDir), "utf8").trim(), 10);
    return Number.isInteger(pid) && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

export function claimEmbeddedDirectory(dataDir: string) {
  const owner = embeddedDirectoryOwner(dataDir);
  if (owner !== null) throw new EmbeddedDatabaseBusyError(dataDir, owner);
  writeFileSync(lockPath(dataDir), String(process.pid));
  process.once("exit", () => releaseEmbeddedDirectory(dataDir));
}

export function releaseEmbeddedDirectory(dataDir: string) {
  try {
    if (readFileSync(lockPath(dataDir), "utf8").trim() === String(process.pid)) rmSync(lockPath(dataDir));
  } catch {
    // already gone
  }
}
