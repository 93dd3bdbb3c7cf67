// Recording what a provider has accepted. Once a message is on the wire, a failure to write that down must never be
// taken for the provider's failure: that would send the message again at once. The write is retried here instead;
// only a database that stays away longer than these waits leaves the message to its lease (and a resend after it).

/** Waits between attempts to record a send: about 12 s in all, longer than a connection blip or a failover's pause. */
export const RECORD_RETRY_DELAYS_MS = [100, 400, 1_500, 4_000, 6_000];

export class RecordingFailed extends Error {
  constructor(readonly cause: unknown) {
    super(`The provider accepted the message, but recording it failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'RecordingFailed';
  }
}

export async function recordAfterSend<T>(write: () => Promise<T>, delaysMs: readonly number[] = RECORD_RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= delaysMs.length) throw new RecordingFailed(error);
      await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
    }
  }
}
