export * from "./api-error";
export * from "./error-envelope";
export * from "./identity-headers";
export * from "./project-settings";
export * from "./origin-pool-config";
