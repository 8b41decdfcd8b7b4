export * from "./api-error";
export * from "./error-envelope";
export * from "./identity-headers";
export * from "./origin-pool-config";
export * from "./project-settings";
