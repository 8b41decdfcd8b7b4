export * from "./estimate-tokens";
export * from "./json-usage-scanner";
export * from "./latency-histogram";
export * from "./model-glob";
export * from "./price-of";
export * from "./prices";
