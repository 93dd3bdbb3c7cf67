// A MemorySink that commits checkpoints into a MemoryState, as the ingest service does in its transaction.
import type { Checkpoint, InboundMessage, IngestResult } from '../channel.ts';
import { MemorySink, MemoryState } from './memory-sink.ts';

export class CommittingSink extends MemorySink {
  constructor(readonly state: MemoryState) {
    super();
  }

  override async receive(message: InboundMessage, options?: { checkpoint?: Checkpoint }): Promise<IngestResult> {
    const result = await super.receive(message, options);
    if (options?.checkpoint) await this.state.set(options.checkpoint.key, options.checkpoint.value);
    return result;
  }

  override async saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    await super.saveCheckpoint(checkpoint);
    await this.state.set(checkpoint.key, checkpoint.value);
  }
}
