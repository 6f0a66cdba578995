import type { NextConfig } from "next";
// Validates the environment at build and start: a bad env fails fast with a readable message.
import "./lib/env";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["pg-boss", "@electric-sql/pglite", "postgres", "pino", "nodemailer"],
  typedRoutes: false,
  experimental: {
    // With proxy.ts in front of every route, Next buffers each request body for it (10 MB by default).
    // Nothing legitimate is this large: webhook bodies stop at 1 MiB (the route answers 413 to a longer,
    // cut-off one), API bodies are far smaller. Bounds the memory one request can take.
    proxyClientMaxBodySize: "2mb",
  },
};

export default nextConfig;
