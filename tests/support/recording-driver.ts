// A channel driver for tests that records what it is asked to send and can refuse chosen recipients.
import { z } from 'zod';
import { ChannelError, type ChannelDriver, type ChannelKind, type OutboundMessage } from '../../connectors/channel.ts';

export interface RecordingDriver {
  driver: ChannelDriver;
  sent: OutboundMessage[];
  /** Recipients (identity values) refused with this error code on every attempt. */
  refuse: Map<string, 'INVALID_RECIPIENT' | 'TEMPORARY'>;
  /** Recipients whose send waits for this promise (a slow provider, or one paced at a message a second). */
  hold: Map<string, Promise<void>>;
}

export function recordingDriver(kind: ChannelKind): RecordingDriver {
  const sent: OutboundMessage[] = [];
  const refuse = new Map<string, 'INVALID_RECIPIENT' | 'TEMPORARY'>();
  const hold = new Map<string, Promise<void>>();
  const driver: ChannelDriver = {
    kind,
    configSchema: z.object({}).passthrough(),
    secretFields: [],
    pulls: false,
    create: () => ({
      send: async (message) => {
        await hold.get(message.to.value);
        const code = refuse.get(message.to.value);
        if (code) throw new ChannelError(code, `refused ${message.to.value}`);
        sent.push(message);
        return { externalId: `ext-${message.id}`, status: 'sent' as const };
      },
    }),
  };
  return { driver, sent, refuse, hold };
}
