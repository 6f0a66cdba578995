export * from "./auth";
export * from "./billing";
