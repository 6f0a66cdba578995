import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultDataDir } from "@/server/db/data-dir";

describe("the embedded database's default directory", () => {
  const project = path.resolve(import.meta.dirname, "../..");

  it("is outside the project, which `next dev` watches", () => {
    const dir = defaultDataDir(project, "linux", "/home/dev");
    expect(path.relative(project, dir).startsWith("..")).toBe(true);
    expect(dir.startsWith("/home/dev/.local/share/plugboard/")).toBe(true);
  });

  it("is one per checkout, and the same at every start", () => {
    expect(defaultDataDir("/src/a/plugboard", "linux", "/h")).toBe(
      defaultDataDir("/src/a/plugboard", "linux", "/h"),
    );
    expect(defaultDataDir("/src/a/plugboard", "linux", "/h")).not.toBe(
      defaultDataDir("/src/b/plugboard", "linux", "/h"),
    );
    expect(defaultDataDir("/src/a/plugboard", "darwin", "/Users/d")).toMatch(
      /^\/Users\/d\/Library\/Application Support\/plugboard\/plugboard-[0-9a-f]{10}\/pglite$/,
    );
  });
});
