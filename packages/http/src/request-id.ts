const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when it is well-formed, else a new `req_<32 hex>`. */
export function requestIdFrom(incoming: string | undefined | null): string {
  return incoming && acceptable.test(incoming)
    ? incoming
    : `req_${crypto.randomUUID().replaceAll("-", "")}`;
}
