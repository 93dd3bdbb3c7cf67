// A channel that cannot be brought up (deleted, or no connector for its kind). To the send worker it is a final
// CONFIG failure like any other; to an HTTP caller app.onError turns it into 404 or 422.
import { ChannelError } from '../../connectors/channel.ts';

export class ChannelUnavailable extends ChannelError {
  constructor(
    readonly reason: 'not_found' | 'no_connector',
    message: string,
  ) {
    super('CONFIG', message);
    this.name = 'ChannelUnavailable';
  }

  get httpStatus(): 404 | 422 {
    return this.reason === 'not_found' ? 404 : 422;
  }

  get httpCode(): string {
    return this.reason === 'not_found' ? 'not_found' : 'channel_kind_unavailable';
  }
}
