/**
 * The id of a call's reservation: its request id (for the logs) and a random part. The request id
 * alone will not do: the caller may choose it (`x-request-id`), and the LimiterDO takes a check
 * for a reservation it already holds as a retry of that call, admitted again without counting.
 */
export function reservationIdFor(requestId: string): string {
  return `${requestId}:${crypto.randomUUID()}`;
}
