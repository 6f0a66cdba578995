import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  claimEmbeddedDirectory,
  EmbeddedDatabaseBusyError,
  embeddedDirectoryOwner,
  releaseEmbeddedDirectory,
} from "@/server/db/embedded-lock";

describe("embedded database lock", () => {
  const made: string[] = [];
  const dataDir = () => {
    const parent = mkdtempSync(path.join(tmpdir(), "plugboard-lock-"));
    made.push(parent);
    return path.join(parent, "pglite");
  };
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a second owner while the first process lives", () => {
    const dir = dataDir();
    writeFileSync(`${dir}.lock`, String(process.ppid));
    expect(() => claimEmbeddedDirectory(dir)).toThrow(EmbeddedDatabaseBusyError);
    expect(() => claimEmbeddedDirectory(dir)).toThrow(/in use by process/);
  });

  it("takes over a lock left by a process that died", () => {
    const dir = dataDir();
    writeFileSync(`${dir}.lock`, "999999999");
    expect(embeddedDirectoryOwner(dir)).toBeNull();
    claimEmbeddedDirectory(dir);
    releaseEmbeddedDirectory(dir);
    expect(embeddedDirectoryOwner(dir)).toBeNull();
  });
});
