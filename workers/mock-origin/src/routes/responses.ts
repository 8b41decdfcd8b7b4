import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { newId, nowSeconds } from "../fake/ids";
import { buildReply, DEFAULT_REPLY_WORDS } from "../fake/reply";
import { promptTokens } from "../fake/tokens";
import { SSE_HEADERS, sseStream } from "../http/event-stream";
import { readJsonObject } from "../http/json-body";
import { type ResponsePlan, responseEvents, responseObject } from "../responses/response-object";
import { parseResponsesRequest } from "../responses/responses-request";

/** `POST /v1/responses`: the response object, or its event stream with `stream: true`. */
export const responses = new Hono<AppEnv>().post("/", async (c) => {
  const knobs = c.var.knobs;
  const request = parseResponsesRequest(await readJsonObject(c));
  const plan: ResponsePlan = {
    id: newId("resp_", 48),
    messageId: newId("msg_", 48),
    createdAt: nowSeconds(),
    request,
    reply: buildReply(
      request.lastUserText,
      knobs.chunks ?? DEFAULT_REPLY_WORDS,
      request.maxOutputTokens ?? undefined,
    ),
    inputTokens: promptTokens(request.messageTexts),
    withUsage: !knobs.noUsage,
  };
  if (!request.stream) return c.json(responseObject(plan, true));
  return c.body(sseStream(responseEvents(plan), knobs), 200, SSE_HEADERS);
});
