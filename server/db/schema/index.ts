export * from "./audit";
export * from "./auth";
export * from "./billing";
export * from "./integrations";
export * from "./oauth";
export * from "./providers";
export * from "./security";
export * from "./webhooks";
