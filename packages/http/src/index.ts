export * from "./error-response";
export * from "./request-id";
