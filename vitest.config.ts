import { randomBytes } from "node:crypto";
import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // Next's server-only guard throws outside the react-server condition; tests run server code directly.
  "server-only": path.resolve(import.meta.dirname, "tests/helpers/empty-module.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          env: {
            ENCRYPTION_KEYS: `unit:${randomBytes(32).toString("base64")}`,
            ENCRYPTION_KEY_CURRENT: "unit",
            LOG_LEVEL: "silent",
          },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts", "tests/helpers/oauth-global-setup.ts"],
          // One database per run, shared by the files in turn (PGlite allows one process per directory).
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "security",
          include: ["tests/security/**/*.test.ts"],
          environment: "node",
          // Production settings (see the setup): private targets refused, no proxy trusted, rate limits on.
          globalSetup: ["tests/helpers/production-setup.ts"],
          env: { NODE_ENV: "production" },
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
