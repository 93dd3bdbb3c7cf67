// An http(s) URL: the one form a webhook destination, an allow-list URL or a provider's API root takes. `ftp://` or a
// bare host name is refused when it is saved, not at its first call.
import { z } from 'zod';

export const NOT_HTTP_URL = 'must be an http:// or https:// URL';

/** The URL, or undefined for anything but an http(s) URL. */
export function parseHttpUrl(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A config field holding one; `example` ends the refusal, e.g. "… URL such as http://127.0.0.1:8081". */
export const httpUrl = (example?: string) => z.url({ protocol: /^https?$/, error: `${NOT_HTTP_URL}${example ? ` such as ${example}` : ''}` });
