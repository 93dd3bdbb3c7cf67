// Assistance for agents: reply suggestions (no model) and the workspace's own model (drafts, summaries, translations).
import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { cannedResponses, conversations, messages } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { aiError, ASSIST_TASKS, buildPrompt, complete, loadAiSettings, logCall, mayUseModel, modelCall, openStream, recordPick, suggestReplies, type Usage } from '../assist/index.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'assist', '/api');

async function conversationId(c: Context<AppEnv>): Promise<string> {
  const id = uuidParam(c);
  const [row] = await c.get('services').database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, id));
  if (!row) throw notFound('conversation');
  return id;
}

export const suggestionsRoute = route(
  { method: 'get', path: '/conversations/:id/suggestions', summary: 'Reply suggestions for the latest inbound message: canned responses and past agent replies, variables filled', access: ['agent'] },
  async (c) => {
    const services = c.get('services');
    return { items: await suggestReplies(services.database.db, await conversationId(c), services.now()) };
  },
);

route({ method: 'post', path: '/conversations/:id/suggestions/:itemId/picked', summary: 'Record that an agent used a suggestion (ranks it higher next time)', access: ['agent'] }, async (c) => {
  const services = c.get('services');
  const db = services.database.db;
  await conversationId(c);
  const itemId = uuidParam(c, 'itemId');
  // Ids are uuids across both tables, so the item says itself which source it came from.
  const [canned] = await db.select({ id: cannedResponses.id }).from(cannedResponses).where(eq(cannedResponses.id, itemId));
  const [reply] = canned
    ? []
    : await db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.id, itemId), eq(messages.direction, 'out')));
  if (!canned && !reply) throw notFound('suggestion');
  const source = canned ? 'canned' : 'history';
  return { source, id: itemId, count: await recordPick(db, source, itemId, services.now()) };
});

const assistBody = z.object({
  task: z.enum(ASSIST_TASKS),
  messageId: z.uuid().optional(),
  targetLanguage: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as tr or en-GB')
    .optional(),
  /** translate only: the agent's unsent draft, translated into the customer's language (messageId is then ignored). */
  text: z.string().trim().min(1).max(8_000).optional(),
});

export const assistRoute = route(
  {
    method: 'post',
    path: '/conversations/:id/assist',
    summary:
      "Draft, summarise or translate with the workspace's model: { text }, or Server-Sent Events (delta…, done) with Accept: text/event-stream; 403 ai_not_permitted for a role the settings leave out",
    access: ['agent'],
    body: assistBody,
    events:
      'With Accept: text/event-stream: `delta` events ({ text }, the next piece), ending with `done` ({ text }, the whole answer) or `error` ({ error: { code, message } }) once the stream has begun',
  },
  async (c, { body, user }) => {
    const services = c.get('services');
    const db = services.database.db;
    const id = await conversationId(c);
    const settings = await loadAiSettings(db, services.config.secretKey);
    // Checked before the prompt is even built: with the feature off, nothing about the conversation goes anywhere.
    if (!settings.enabled) throw aiError.disabled();
    if (!mayUseModel(settings, user.roles)) throw aiError.notPermitted();
    const prompt = await buildPrompt(db, { ...body, conversationId: id, userId: user.id, maskPii: settings.maskPii });
    const call = modelCall(services, settings);
    const log = (outcome: string, usage?: Usage) => logCall(db, { userId: user.id, conversationId: id, task: body.task, outcome, usage, at: services.now() });
    const codeOf = (error: unknown) => (error instanceof AppError ? error.code : 'internal');

    if (!(c.req.header('accept') ?? '').includes('text/event-stream')) {
      const gone = c.req.raw.signal;
      try {
        const { text, usage } = await complete(call, prompt, gone);
        await log('ok', usage);
        return { text };
      } catch (error) {
        await log(gone.aborted ? 'cancelled' : codeOf(error));
        throw error;
      }
    }

    let stream: Awaited<ReturnType<typeof openStream>>;
    try {
      stream = await openStream(call, prompt);
    } catch (error) {
      // Refused before any text: a plain JSON error, so the composer can fall back to the suggestions.
      await log(codeOf(error));
      throw error;
    }
    return streamSSE(c, async (sse) => {
      // The agent's stop (or a closed tab) hangs up on the model too, instead of letting it generate on unread.
      sse.onAbort(() => stream.cancel());
      let text = '';
      try {
        let next = await stream.deltas.next();
        while (!next.done) {
          text += next.value;
          await sse.writeSSE({ event: 'delta', data: JSON.stringify({ text: next.value }) });
          next = await stream.deltas.next();
        }
        // Stopped by the agent: the log says so, with whatever usage the model reported before the hang-up.
        await log(sse.aborted ? 'cancelled' : 'ok', next.value);
        await sse.writeSSE({ event: 'done', data: JSON.stringify({ text }) });
      } catch (error) {
        const known = error instanceof AppError ? error : new AppError(502, 'ai_bad_response', 'The model server stopped answering in an unexpected way');
        await log(known.code);
        await sse.writeSSE({ event: 'error', data: JSON.stringify({ error: { code: known.code, message: known.message } }) });
      }
    });
  },
);
