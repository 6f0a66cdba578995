/**
 * Most calls one tRPC batch request may carry. The server refuses larger batches with a 400; the
 * dashboard's batch link splits at the same number, so the app itself never meets the limit.
 */
export const TRPC_MAX_BATCH_SIZE = 20;
