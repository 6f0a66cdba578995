import { existsSync } from "node:fs";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

/**
 * The providers' official API specs. CI clones the repository with shared/ beside it
 * (<repo>/../shared/specs); a git worktree or a clone one level deeper finds the nearest
 * shared/specs above it; SPECS_DIR overrides both.
 */
function findSpecsDirectory(): string {
  if (process.env.SPECS_DIR) return path.resolve(process.env.SPECS_DIR);
  let dir = path.dirname(repoRoot);
  for (;;) {
    const candidate = path.join(dir, "shared", "specs");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(repoRoot, "../shared/specs");
    dir = parent;
  }
}

export const specsDirectory = findSpecsDirectory();
