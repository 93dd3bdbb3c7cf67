// Sends for session-bound channels (WhatsApp) go through a queue of their own that only the process holding
// the channel's session works, since no other process has the socket to send with.
import { createHash } from 'node:crypto';

export const sessionQueue = (channelId: string) => `outbound-session.${channelId}`;

/** A job id derived from the forwarded job's id, so a redelivered job is forwarded once, not twice. */
export function forwardedJobId(sourceJobId: string): string {
  const hex = createHash('sha256').update(`forward:${sourceJobId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
