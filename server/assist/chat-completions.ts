// Calls an OpenAI-compatible chat-completions endpoint through the egress policy, whole or streamed, with timeouts.
import { safeFetch, type EgressPolicy } from '../egress/index.ts';
import { AppError } from '../errors.ts';
import type { AiSettings } from './ai-settings.ts';
import { aiError, classifyFetchError, statusError } from './model-error.ts';
import { readSse } from './read-sse.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
}

export interface ModelCall {
  settings: AiSettings;
  egress: EgressPolicy;
  timeoutMs: number;
}

/** `<baseUrl>/chat/completions`; a base URL given with the path already is used as it is. */
export function completionsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return base.endsWith('/chat/completions') ? base : `${base}/chat/completions`;
}

const usageOf = (u: unknown): Usage => {
  const usage = (u ?? {}) as { prompt_tokens?: unknown; completion_tokens?: unknown };
  return {
    promptTokens: typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : undefined,
    completionTokens: typeof usage.completion_tokens === 'number' ? usage.completion_tokens : undefined,
  };
};

/** Sends the request and returns the response once its status is known to be 2xx. */
async function open(call: ModelCall, messages: ChatMessage[], stream: boolean, signal: AbortSignal): Promise<Response> {
  const { settings } = call;
  const url = completionsUrl(settings.baseUrl);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  const body = JSON.stringify({ model: settings.model, messages, stream, ...(stream ? { stream_options: { include_usage: true } } : {}) });
  let response: Response;
  try {
    response = await safeFetch(url, { method: 'POST', headers, body, signal }, call.egress);
  } catch (error) {
    throw await classifyFetchError(error, url, call.egress, call.timeoutMs);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw statusError(response.status, settings.model, url);
  }
  return response;
}

/** One whole answer; `gone` (the asking client went away) hangs up on the model server as the timeout does. */
export async function complete(call: ModelCall, messages: ChatMessage[], gone?: AbortSignal): Promise<{ text: string; usage: Usage }> {
  const signal = AbortSignal.any([AbortSignal.timeout(call.timeoutMs), ...(gone ? [gone] : [])]);
  return readWhole(await open(call, messages, false, signal), signal, call.timeoutMs);
}

async function readWhole(response: Response, signal: AbortSignal, timeoutMs: number): Promise<{ text: string; usage: Usage }> {
  let json: any;
  try {
    json = JSON.parse(await response.text());
  } catch (error) {
    if (signal.aborted) throw aiError.timeout(timeoutMs);
    throw aiError.badResponse('not JSON');
  }
  return answerOf(json);
}

const reportedError = (error: any) => aiError.reported(typeof error?.message === 'string' ? error.message : JSON.stringify(error));

function answerOf(json: any): { text: string; usage: Usage } {
  if (json?.error) throw reportedError(json.error);
  const text = json?.choices?.[0]?.message?.content;
  if (typeof text !== 'string') throw aiError.badResponse('no choices[0].message.content');
  return { text, usage: usageOf(json.usage) };
}

/**
 * A streamed answer: resolves once the server has accepted the request (so a refusal is still a plain error),
 * then yields text deltas. The timeout restarts with every chunk, so a long answer may take as long as it flows.
 * `cancel` hangs up on the model server (the agent pressed stop), so it stops generating an answer nobody reads;
 * the deltas then simply end.
 */
export async function openStream(call: ModelCall, messages: ChatMessage[]): Promise<{ deltas: AsyncGenerator<string, Usage>; cancel: () => void }> {
  const controller = new AbortController();
  let cancelled = false;
  let timer = setTimeout(() => controller.abort(), call.timeoutMs);
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), call.timeoutMs);
  };
  let response: Response;
  try {
    response = await open(call, messages, true, controller.signal);
  } catch (error) {
    clearTimeout(timer);
    throw error;
  }
  // Some servers ignore `stream: true` and answer whole; a web page is no model at all. Either is known before
  // any text goes out, so the caller still answers with a plain JSON error (or the whole answer as one delta).
  const contentType = response.headers.get('content-type') ?? '';
  const whole = /\bjson\b/i.test(contentType) ? await readWhole(response, controller.signal, call.timeoutMs).finally(() => clearTimeout(timer)) : undefined;
  if (!whole && /html/i.test(contentType)) {
    clearTimeout(timer);
    await response.body?.cancel().catch(() => {});
    throw aiError.badResponse(`a stream was asked for and the answer is ${contentType.split(';')[0]}`);
  }
  async function* deltas(): AsyncGenerator<string, Usage> {
    if (whole) {
      if (whole.text) yield whole.text;
      return whole.usage;
    }
    let usage: Usage = {};
    // A body that simply ends is not an answer: only `[DONE]` or a finish_reason says the model finished.
    let finished = false;
    try {
      for await (const data of readSse(response.body!)) {
        rearm();
        if (data === '[DONE]') {
          finished = true;
          break;
        }
        let chunk: any;
        try {
          chunk = JSON.parse(data);
        } catch {
          throw aiError.badResponse('a streamed chunk is not JSON');
        }
        // Whatever came before it, an answer that ends in an error is no answer, even if `[DONE]` follows.
        if (chunk?.error) throw reportedError(chunk.error);
        if (chunk?.usage) usage = usageOf(chunk.usage);
        if (chunk?.choices?.[0]?.finish_reason) finished = true;
        const text = chunk?.choices?.[0]?.delta?.content;
        if (typeof text === 'string' && text) yield text;
      }
    } catch (error) {
      if (cancelled) return usage;
      if (controller.signal.aborted) throw aiError.timeout(call.timeoutMs);
      // A connection broken mid-answer is a cut, whatever the runtime calls it.
      throw error instanceof AppError ? error : aiError.cutOff();
    } finally {
      clearTimeout(timer);
    }
    if (!finished && !cancelled) throw aiError.cutOff();
    return usage;
  }
  const cancel = () => {
    cancelled = true;
    clearTimeout(timer);
    controller.abort();
  };
  return { deltas: deltas(), cancel };
}
