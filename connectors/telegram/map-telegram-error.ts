// Maps a Bot API failure (or a network error) to our ChannelError vocabulary, purely.
import { ChannelError } from '../channel.ts';

/** The parts of telegraf's TelegramError we read; a plain network error has none of them. */
interface BotApiFailure {
  response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } };
  message?: string;
}

export function mapTelegramError(error: unknown): ChannelError {
  const failure = (error ?? {}) as BotApiFailure;
  const code = failure.response?.error_code;
  const description = failure.response?.description ?? failure.message ?? String(error);
  const options = { cause: error };
  if (code === undefined) return new ChannelError('TEMPORARY', `Telegram unreachable: ${description}`, options);
  if (code === 429) {
    const retryAfterSec = failure.response?.parameters?.retry_after ?? 1;
    return new ChannelError('RATE_LIMITED', description, { ...options, retryAfterMs: retryAfterSec * 1000 });
  }
  if (code === 401 || code === 404) return new ChannelError('AUTH', description, options);
  if (code === 403) {
    // "bot was blocked by the user", "user is deactivated", "bot was kicked from the group chat"
    return new ChannelError('BLOCKED', description, options);
  }
  if (code === 400 && /chat not found|user not found|PEER_ID_INVALID|chat_id is empty/i.test(description)) {
    return new ChannelError('INVALID_RECIPIENT', description, options);
  }
  if (code >= 500) return new ChannelError('TEMPORARY', description, options);
  return new ChannelError('REJECTED', description, options);
}
