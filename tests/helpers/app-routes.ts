import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type AppRoute = {
  /** The file under app/ that serves it. */
  file: string;
  kind: "page" | "api";
  /** A concrete path for it, dynamic segments filled with sample values. */
  path: string;
  /** HTTP methods its route handler exports (GET for pages). */
  methods: string[];
};

const appDir = path.resolve(import.meta.dirname, "../../app");
export const sampleId = "00000000-0000-4000-8000-000000000000";

/** A sample value for a dynamic segment: a provider id, a tRPC path, a catch-all, or an id. */
function sampleOf(segment: string): string {
  if (segment.startsWith("[...")) return "probe/deeper";
  if (segment === "[provider]") return "stripe";
  if (segment === "[trpc]") return "tenants.current";
  return sampleId;
}

/**
 * Every page and route handler of the app, read from the file system (app/**\/page.tsx and
 * route.ts), so a route added later is covered by the tests that walk this list.
 */
export function appRoutes(): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Route groups `(dashboard)` add no segment.
        walk(full, /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
        continue;
      }
      const urlPath = `/${segments.map((segment) => (segment.startsWith("[") ? sampleOf(segment) : segment)).join("/")}`;
      const file = path.relative(appDir, full);
      if (entry.name === "page.tsx") routes.push({ file, kind: "page", path: urlPath, methods: ["GET"] });
      if (entry.name === "route.ts") {
        const source = readFileSync(full, "utf8");
        const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((method) =>
          new RegExp(`(function ${method}\\b|as ${method}\\b)`).test(source),
        );
        routes.push({ file, kind: "api", path: urlPath, methods });
      }
    }
  };
  walk(appDir, []);
  return routes.sort((a, b) => a.path.localeCompare(b.path));
}

/** The same route's path with one segment replaced by `replacement` (the last dynamic one, else appended). */
export function withSegment(route: AppRoute, replacement: string): string {
  const parts = route.path.split("/");
  const dynamic = route.file
    .split(path.sep)
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => segment.startsWith("["));
  const index = dynamic.lastIndexOf(true);
  if (index >= 0 && parts[index + 1] !== undefined) {
    parts[index + 1] = replacement;
    return parts.join("/");
  }
  return `${route.path === "/" ? "" : route.path}/${replacement}`;
}
