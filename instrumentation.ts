// Next.js calls register() once per server process: stamp peer addresses, migrate, seed the demo tenant,
// start the job worker.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // Route handlers see only headers: the socket's peer address is stamped into one the caller cannot set.
  const { stampPeerAddresses } = await import("./server/http/peer-address");
  stampPeerAddresses();
  const { bootWeb } = await import("./server/boot");
  await bootWeb();
}
