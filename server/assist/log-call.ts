// Every call to the workspace's model is logged: who, which conversation, what for, how it ended, tokens reported.
import type { Db } from '../db/client.ts';
import { assistCalls } from '../db/schema/index.ts';
import type { Usage } from './chat-completions.ts';

export async function logCall(db: Db, entry: { userId: string; conversationId: string; task: string; outcome: string; usage?: Usage; at: Date }): Promise<void> {
  await db.insert(assistCalls).values({
    userId: entry.userId,
    conversationId: entry.conversationId,
    task: entry.task,
    outcome: entry.outcome,
    promptTokens: entry.usage?.promptTokens ?? null,
    completionTokens: entry.usage?.completionTokens ?? null,
    at: entry.at,
  });
}
