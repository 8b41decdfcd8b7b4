import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { type ChatPlan, chatCompletion, chatCompletionChunks } from "../chat/chat-completion";
import { parseChatRequest } from "../chat/chat-request";
import { newId, nowSeconds } from "../fake/ids";
import { buildReply, DEFAULT_REPLY_WORDS } from "../fake/reply";
import { promptTokens } from "../fake/tokens";
import { SSE_HEADERS, sseStream } from "../http/event-stream";
import { readJsonObject } from "../http/json-body";
import { PAD_MARK, PADDED_JSON_HEADERS, paddedJson } from "../http/padded-json";

/** `POST /v1/chat/completions`: JSON, or an SSE stream with `stream: true`. */
export const chatCompletions = new Hono<AppEnv>().post("/", async (c) => {
  const knobs = c.var.knobs;
  const request = parseChatRequest(await readJsonObject(c));
  const plan: ChatPlan = {
    id: newId("chatcmpl-", 29),
    created: nowSeconds(),
    model: request.model,
    reply: buildReply(request.lastUserText, knobs.chunks ?? DEFAULT_REPLY_WORDS, request.maxTokens),
    promptTokens: promptTokens(request.messageTexts),
    withUsage: !knobs.noUsage,
    includeUsage: request.includeUsage,
  };
  if (!request.stream) {
    if (knobs.padBytes === undefined) return c.json(chatCompletion(plan));
    const padded = { ...plan, reply: { ...plan.reply, text: `${plan.reply.text}${PAD_MARK}` } };
    return c.body(
      paddedJson(chatCompletion(padded), knobs.padBytes, knobs),
      200,
      PADDED_JSON_HEADERS,
    );
  }
  return c.body(sseStream(chatCompletionChunks(plan), knobs), 200, SSE_HEADERS);
});
