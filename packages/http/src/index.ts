export * from "./concat-bytes";
export * from "./error-response";
export * from "./idle-timeout";
export * from "./request-id";
