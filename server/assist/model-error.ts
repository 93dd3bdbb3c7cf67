// Every way a call to the workspace's model can fail, as one AppError code each: the composer and the test button say which.
import { lookup } from 'node:dns/promises';
import { AppError } from '../errors.ts';
import { EgressError, type EgressPolicy } from '../egress/index.ts';

export const aiError = {
  disabled: () => new AppError(409, 'ai_disabled', 'The assistant model is turned off for this workspace'),
  notPermitted: () => new AppError(403, 'ai_not_permitted', "Your role may not use the workspace's model; an admin can allow it in Settings → AI assistant"),
  notAllowed: () => new AppError(502, 'ai_destination_not_allowed', 'The model URL points at an address outbound calls may not reach (add it to ULAK_WEBHOOK_ALLOW for an on-premises model)'),
  dns: (host: string) => new AppError(502, 'ai_dns_failed', `The model server's name "${host}" does not resolve (DNS)`),
  refused: () => new AppError(502, 'ai_connection_refused', 'The model server refused the connection or could not be reached (is it running on that host and port?)'),
  timeout: (ms: number) => new AppError(504, 'ai_timeout', `The model server did not answer within ${ms / 1000} s`),
  unauthorized: (status: number) => new AppError(502, 'ai_unauthorized', `The model server refused the API key (${status})`),
  modelNotFound: (model: string, url: string) =>
    new AppError(
      502,
      'ai_model_not_found',
      `The model server answered 404: no model "${model}" or no chat-completions endpoint at this URL${
        // The usual slip: the server's address without the /v1 that Ollama, llama.cpp and vLLM answer under.
        /\/v1\/chat\/completions$/.test(new URL(url).pathname) ? '' : ' (OpenAI-compatible servers usually answer under /v1, e.g. http://localhost:11434/v1)'
      }`,
    ),
  status: (status: number) => new AppError(502, 'ai_upstream_error', `The model server answered ${status}`),
  /** An error object inside a 200 stream (OpenAI's and vLLM's way to fail after the headers went out). */
  reported: (message: string) => new AppError(502, 'ai_upstream_error', `The model server reported an error: ${message.slice(0, 300)}`),
  cutOff: () => new AppError(502, 'ai_stream_cut', 'The model server stopped answering before the answer was finished'),
  badResponse: (why: string) => new AppError(502, 'ai_bad_response', `The model server's answer is not chat-completions JSON: ${why}`),
};

const isTimeout = (e: unknown): boolean => e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError' || isTimeout(e.cause));

/**
 * Maps what fetch threw to a code. The egress policy deliberately hides DNS failures behind "not allowed" for
 * webhooks; an admin configuring their own model needs to know, so a refused name is looked up once more here.
 */
export async function classifyFetchError(error: unknown, url: string, policy: EgressPolicy, timeoutMs: number): Promise<AppError> {
  if (error instanceof AppError) return error;
  if (isTimeout(error)) return aiError.timeout(timeoutMs);
  if (error instanceof EgressError) {
    if (error.code === 'destination_not_allowed') {
      const host = new URL(url).hostname;
      const resolves = await (policy.lookup ?? ((h: string) => lookup(h, { all: true })))(host).then(
        (a) => a.length > 0,
        () => false,
      );
      return resolves ? aiError.notAllowed() : aiError.dns(host);
    }
    if (error.code === 'destination_redirected') return aiError.status(302);
    return aiError.refused();
  }
  return aiError.refused();
}

/** What an error status from `url` (the chat-completions endpoint called) means. */
export function statusError(status: number, model: string, url: string): AppError {
  if (status === 401 || status === 403) return aiError.unauthorized(status);
  if (status === 404) return aiError.modelNotFound(model, url);
  return aiError.status(status);
}
