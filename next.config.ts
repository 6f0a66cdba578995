import type { NextConfig } from "next";
// Validates the environment at build and start: a bad env fails fast with a readable message.
import "./lib/env";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["pg-boss", "@electric-sql/pglite", "postgres", "pino", "nodemailer"],
  typedRoutes: false,
};

export default nextConfig;
