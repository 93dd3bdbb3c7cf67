// A MemorySink that commits checkpoints into a MemoryState, as the ingest service does in its transaction.
import type { Checkpoint } from '../channel.ts';
import { MemorySink, MemoryState } from './memory-sink.ts';

export class CommittingSink extends MemorySink {
  constructor(readonly state: MemoryState) {
    super();
  }

  protected override async commitCheckpoint(checkpoint: Checkpoint): Promise<void> {
    await super.commitCheckpoint(checkpoint);
    await this.state.set(checkpoint.key, checkpoint.value);
  }
}
