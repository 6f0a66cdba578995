// Next.js calls register() once per server process: migrate, seed the demo tenant, start the job worker.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { bootWeb } = await import("./server/boot");
  await bootWeb();
}
