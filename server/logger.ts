import pino from "pino";
import { env } from "@/lib/env";

/** Keys whose values are never written to a log line, at any depth. */
const secretKey =
  /(authorization|cookie|password|passwd|token|secret|api[-_]?key|credential|private[-_]?key)/i;

export const REDACTED = "[redacted]";

/** Returns a copy of `value` with every secret-looking key's value replaced. Cycles are cut. */
export function redactSecrets(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    // Database errors quote the failed query's parameters: never log them.
    const withoutParams = (text?: string) => text?.replace(/\nparams: [^\n]*/g, "\nparams: [redacted]");
    return {
      type: value.name,
      message: withoutParams(value.message),
      stack: withoutParams(value.stack),
      cause: value.cause === undefined ? undefined : redactSecrets(value.cause, seen),
    };
  }
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, seen));
  if (value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = secretKey.test(key) ? REDACTED : redactSecrets(item, seen);
  }
  return copy;
}

export function createLogger(destination?: pino.DestinationStream) {
  return pino(
    {
      level: env.LOG_LEVEL,
      base: { service: "plugboard" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSecrets(object) as Record<string, unknown>,
      },
    },
    destination,
  );
}

const globalForLogger = globalThis as unknown as { plugboardLogger?: pino.Logger };
export const logger: pino.Logger = globalForLogger.plugboardLogger ?? createLogger();
globalForLogger.plugboardLogger = logger;
