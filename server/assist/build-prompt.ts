// The prompt for a draft, summary or translation, grounded in the conversation, the customer's profile (with their latest orders) and the canned responses.
import { and, count, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { cannedResponses, contacts, conversations, messages, orders, users, workspaces } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { ChatMessage } from './chat-completions.ts';
import { maskPii } from './mask-pii.ts';
import type { AssistTask } from './tasks.ts';

export { ASSIST_TASKS, type AssistTask } from './tasks.ts';

export interface AssistRequest {
  task: AssistTask;
  conversationId: string;
  userId: string;
  messageId?: string;
  targetLanguage?: string;
  /** To translate: the agent's unsent draft, which has no message id yet (goes to the customer's language). */
  text?: string;
  maskPii: boolean;
}

/** About the last twenty messages: enough for the thread, small enough for a local model's context. */
const HISTORY = 20;
/** A summary's opening messages shown before those twenty when the conversation is longer. */
const OPENING = 3;
const CANNED = 30;
/** The customer's latest orders a draft or summary may refer to (the question is usually about one of them). */
const ORDERS = 5;

export async function buildPrompt(db: Db, request: AssistRequest): Promise<ChatMessage[]> {
  const [conversation] = await db.select().from(conversations).where(eq(conversations.id, request.conversationId));
  if (!conversation) throw notFound('conversation');
  const [contact] = await db.select({ name: contacts.name, language: contacts.language }).from(contacts).where(eq(contacts.id, conversation.contactId));
  const [agent] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, request.userId));
  const [workspace] = await db.select({ name: workspaces.name }).from(workspaces).limit(1);
  const customerLanguage = contact?.language ?? 'unknown (answer in the language the customer writes in)';
  // Private notes are the team's own: they never go to a model.
  const thread = (
    await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), eq(messages.private, false)))
      .orderBy(desc(messages.seq))
      .limit(HISTORY)
  ).reverse();
  const mask = (text: string) => (request.maskPii ? maskPii(text) : text);
  const line = (m: { direction: string; text: string }) => `[${m.direction === 'in' ? 'customer' : 'agent'}] ${mask(m.text)}`;
  const opening = request.task === 'summary' ? await openingOf(db, conversation.id, thread) : [];
  const transcript = [...opening.map((m) => (typeof m === 'string' ? m : line(m))), ...thread.map(line)].join('\n');
  // A channel often gives the phone number or the address as the name, so the name is masked like the messages.
  const profile = `Customer: ${contact?.name ? mask(contact.name) : 'unknown name'}; language: ${customerLanguage}.${await ordersLine(db, conversation.contactId)}`;
  const shop = workspace?.name ?? 'the business';

  if (request.task === 'translate') {
    const message = request.text
      ? { direction: 'out' as const, text: request.text }
      : request.messageId
        ? (thread.find((m) => m.id === request.messageId) ??
          (
            await db
              .select()
              .from(messages)
              .where(and(eq(messages.id, request.messageId), eq(messages.conversationId, conversation.id), eq(messages.private, false)))
          )[0])
        : thread.findLast((m) => m.direction === 'in');
    if (!message) throw new AppError(404, 'not_found', 'No such message in this conversation');
    // The customer's words go to the agent's language; the agent's to the customer's.
    const target = request.targetLanguage ?? (message.direction === 'in' ? (agent?.locale ?? 'en') : (contact?.language ?? 'en'));
    return [
      {
        role: 'system',
        content: `You translate customer-support messages for ${shop}. Translate the user's message into the language with the BCP 47 tag "${target}". Answer with the translation only, keeping placeholders such as [email] as they are.`,
      },
      { role: 'user', content: mask(message.text) },
    ];
  }

  if (request.task === 'summary') {
    return [
      {
        role: 'system',
        content: `You help support agents at ${shop}. Summarise the conversation for a colleague taking it over: the customer's request, what has been done, what is still open. Write in the language with the BCP 47 tag "${request.targetLanguage ?? agent?.locale ?? 'en'}", in at most five short lines.`,
      },
      { role: 'user', content: `${profile}\n\nConversation, oldest first:\n${transcript}` },
    ];
  }

  const canned = await db.select({ shortCode: cannedResponses.shortCode, content: cannedResponses.content }).from(cannedResponses).orderBy(cannedResponses.shortCode).limit(CANNED);
  const cannedText = canned.length ? canned.map((c) => `- ${c.shortCode}: ${mask(c.content)}`).join('\n') : '(none)';
  return [
    {
      role: 'system',
      content: `You draft replies for support agents at ${shop}. Write the agent's next reply to the customer, in the customer's language (${request.targetLanguage ?? customerLanguage}). Use the business's canned responses when one fits, filling in what you know. Refer only to the orders listed with the customer; do not invent order details, prices or policies. Answer with the reply text only; an agent reviews it before anything is sent.`,
    },
    { role: 'user', content: `${profile}\n\nCanned responses:\n${cannedText}\n\nConversation, oldest first:\n${transcript}` },
  ];
}

/**
 * A handover summary needs how a long conversation began (usually the request itself), not only its last messages:
 * its first public messages, and how many between them and the last ones are left out.
 */
async function openingOf(db: Db, conversationId: string, thread: Array<{ seq: number }>): Promise<Array<typeof messages.$inferSelect | string>> {
  if (thread.length < HISTORY) return [];
  const before = and(eq(messages.conversationId, conversationId), eq(messages.private, false), lt(messages.seq, thread[0]!.seq));
  const [first, [counted]] = await Promise.all([db.select().from(messages).where(before).orderBy(messages.seq).limit(OPENING), db.select({ n: count() }).from(messages).where(before)]);
  const omitted = (counted?.n ?? 0) - first.length;
  return omitted > 0 ? [...first, `[… ${omitted} messages not shown …]`] : first;
}

/** `\nOrders (newest first, 2 of 7): #1042 on 2026-11-20, 1250.00 TRY, paid, 2× Sneaker; …`, or '' when the customer has none. */
async function ordersLine(db: Db, contactId: string): Promise<string> {
  const [latest, [counted]] = await Promise.all([
    db.select().from(orders).where(eq(orders.contactId, contactId)).orderBy(desc(orders.placedAt)).limit(ORDERS),
    db.select({ n: count() }).from(orders).where(eq(orders.contactId, contactId)),
  ]);
  if (!latest.length) return '';
  const described = latest.map((o) => {
    const items = o.items.map((i) => `${i.quantity}× ${i.name ?? i.sku ?? 'item'}`).join(', ');
    const refunded = Number(o.refunded) > 0 ? ` (${o.refunded} refunded)` : '';
    return `#${o.externalId} on ${o.placedAt.toISOString().slice(0, 10)}, ${o.total} ${o.currency}, ${o.status}${refunded}${items ? `, ${items}` : ''}`;
  });
  return `\nOrders (newest first, ${latest.length} of ${counted?.n ?? latest.length}): ${described.join('; ')}.`;
}
