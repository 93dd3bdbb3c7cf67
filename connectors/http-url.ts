// A channel's config names servers by URL (the receiver of replies, a provider's API root): http or https only, so a
// typo such as `ftp://` or a bare host name is refused when the channel is saved, not at its first send.
import { z } from 'zod';

/** `example` ends the refusal, e.g. "must be an http:// or https:// URL such as http://127.0.0.1:8081". */
export const httpUrl = (example?: string) => z.url({ protocol: /^https?$/, error: `must be an http:// or https:// URL${example ? ` such as ${example}` : ''}` });
