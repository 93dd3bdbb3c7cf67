// An in-memory InboundSink for connector tests: dedupes on the idempotency key like the real ingest service.
import { committedPrefix, type Checkpoint, type DeliveryUpdate, type InboundMessage, type InboundSink, type IngestResult, type PageItem, type PageReceipt } from '../channel.ts';

export class MemorySink implements InboundSink {
  readonly messages: InboundMessage[] = [];
  readonly updates: DeliveryUpdate[] = [];
  readonly checkpoints = new Map<string, unknown>();
  /** Every message handed over, alone or in a page. */
  readonly calls: InboundMessage[] = [];
  /** Every page handed over, as the messages in it. */
  readonly pages: InboundMessage[][] = [];
  #byKey = new Map<string, IngestResult>();
  /** Set to make the next receive throw (simulates a failed commit). */
  failNext: Error | undefined;
  /** Set to make every receivePage throw, until cleared (a page commit that keeps failing). */
  failPages: Error | undefined;
  /** Idempotency keys every receive of which throws (a message the database always refuses); with
   *  `exceptFallback`, the simplified form (`metadata.ingestFallback`) is accepted. */
  readonly refuse = new Map<string, { error: Error; exceptFallback?: boolean }>();

  async receive(message: InboundMessage, options?: { checkpoint?: Checkpoint }): Promise<IngestResult> {
    this.calls.push(message);
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const result = await this.#store(message);
    if (options?.checkpoint) await this.commitCheckpoint(options.checkpoint);
    return result;
  }

  async #store(message: InboundMessage): Promise<IngestResult> {
    const refusal = this.refuse.get(message.idempotencyKey);
    if (refusal && !(refusal.exceptFallback && message.metadata?.ingestFallback)) throw refusal.error;
    const existing = this.#byKey.get(message.idempotencyKey);
    if (existing) return { ...existing, created: false };
    const n = this.messages.push(message);
    const result = { messageId: `m${n}`, conversationId: 'c1', contactId: 'k1', created: true };
    this.#byKey.set(message.idempotencyKey, result);
    return result;
  }

  /** Like the ingest service: every message that can be stored is; the checkpoint stops before the first refused one. */
  async receivePage(items: PageItem[]): Promise<PageReceipt> {
    const messages = items.flatMap((i) => (i.message ? [i.message] : []));
    this.pages.push(messages);
    this.calls.push(...messages);
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    if (this.failPages) throw this.failPages;
    const outcomes: PageReceipt['outcomes'] = [];
    for (const { message } of items) {
      if (!message) outcomes.push({});
      else
        outcomes.push(
          await this.#store(message).then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          ),
        );
    }
    const committed = committedPrefix(outcomes);
    for (const { checkpoint } of items.slice(0, committed)) if (checkpoint) await this.commitCheckpoint(checkpoint);
    return { committed, outcomes };
  }

  /** Where a committed checkpoint goes (a CommittingSink also writes it to the channel state). */
  protected async commitCheckpoint(checkpoint: Checkpoint): Promise<void> {
    this.checkpoints.set(checkpoint.key, checkpoint.value);
  }

  async updateStatus(update: DeliveryUpdate): Promise<void> {
    this.updates.push(update);
  }

  async saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    await this.commitCheckpoint(checkpoint);
  }
}

/** An in-memory ChannelStateStore. */
export class MemoryState {
  readonly map = new Map<string, unknown>();
  async get<T>(key: string) {
    return this.map.get(key) as T | undefined;
  }
  async set(key: string, value: unknown) {
    this.map.set(key, structuredClone(value));
  }
  async delete(key: string) {
    this.map.delete(key);
  }
  async list<T>(prefix: string) {
    return [...this.map].filter(([k]) => k.startsWith(prefix)).map(([key, value]) => ({ key, value: value as T }));
  }
}
