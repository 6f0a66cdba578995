// Command-line entry points load .env files exactly as Next.js does, before anything reads the env.
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
