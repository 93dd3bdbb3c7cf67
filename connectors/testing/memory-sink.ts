// An in-memory InboundSink for connector tests: dedupes on the idempotency key like the real ingest service.
import type { Checkpoint, DeliveryUpdate, InboundMessage, InboundSink, IngestResult } from '../channel.ts';

export class MemorySink implements InboundSink {
  readonly messages: InboundMessage[] = [];
  readonly updates: DeliveryUpdate[] = [];
  readonly checkpoints = new Map<string, unknown>();
  readonly calls: InboundMessage[] = [];
  #byKey = new Map<string, IngestResult>();
  /** Set to make the next receive throw (simulates a failed commit). */
  failNext: Error | undefined;
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
    const refusal = this.refuse.get(message.idempotencyKey);
    if (refusal && !(refusal.exceptFallback && message.metadata?.ingestFallback)) throw refusal.error;
    const existing = this.#byKey.get(message.idempotencyKey);
    if (options?.checkpoint) this.checkpoints.set(options.checkpoint.key, options.checkpoint.value);
    if (existing) return { ...existing, created: false };
    const n = this.messages.push(message);
    const result = { messageId: `m${n}`, conversationId: 'c1', contactId: 'k1', created: true };
    this.#byKey.set(message.idempotencyKey, result);
    return result;
  }

  async updateStatus(update: DeliveryUpdate): Promise<void> {
    this.updates.push(update);
  }

  async saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    this.checkpoints.set(checkpoint.key, checkpoint.value);
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
