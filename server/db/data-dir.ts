import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Where the embedded database lives when neither DATABASE_URL nor PGLITE_DIR is set: the user's data
 * directory, one folder per checkout. Never inside the project: `next dev` watches the project
 * root, and the database's constant writes (WAL, pg-boss maintenance) there set off its file
 * watcher and reload every open page.
 */
export function defaultDataDir(projectDir = process.cwd(), platform = process.platform, home = os.homedir()) {
  const base =
    platform === "win32"
      ? (process.env.LOCALAPPDATA ?? path.join(home, "AppData", "Local"))
      : platform === "darwin"
        ? path.join(home, "Library", "Application Support")
        : (process.env.XDG_DATA_HOME ?? path.join(home, ".local", "share"));
  // String work only on the project path: file-system calls on it make the bundler trace the whole project.
  const project = projectDir.replace(/[\\/]+$/, "");
  const name = project.split(/[\\/]/).pop() || "plugboard";
  const id = createHash("sha256").update(project).digest("hex").slice(0, 10);
  return path.join(base, "plugboard", `${name}-${id}`, "pglite");
}

/** The embedded database directory older versions made inside the project, if this checkout has one. */
export function legacyDataDir(projectDir = process.cwd()): string | null {
  const legacy = path.join(projectDir, ".data", "pglite");
  return existsSync(legacy) ? legacy : null;
}
