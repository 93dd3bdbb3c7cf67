// The links of a marketing message, found the same way when it is sent and when a tracked link is followed, so a
// click token's index always names the link that was in the mail: the redirect can only go where the message pointed.

/** An href in sanitised HTML: the sanitiser writes every attribute double-quoted, with & and " as entities. */
const HREF = /(<a\b[^>]*?\shref=")([^"]*)(")/gi;
/** A URL in plain text; trailing punctuation belongs to the sentence, not the link. */
const TEXT_URL = /https?:\/\/[^\s<>"'[\]()]+/gi;
const TRAILING = /[.,;:!?]+$/;

const decode = (value: string) => value.replace(/&(amp|quot|lt|gt|#39|#x27);/g, (_, e: string) => ({ amp: '&', quot: '"', lt: '<', gt: '>', '#39': "'", '#x27': "'" })[e]!);
const encode = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export interface LinkRules {
  /** Links that stay as written: the unsubscribe and preference links under this prefix (`<publicUrl>/u/`). */
  keepPrefix: string;
}

/** Only web links are tracked: mailto:, tel:, anchors and our own unsubscribe links are left alone. */
function trackable(url: string, rules: LinkRules): boolean {
  return /^https?:\/\//i.test(url) && !url.startsWith(rules.keepPrefix);
}

function textUrls(text: string): string[] {
  return [...text.matchAll(TEXT_URL)].map((m) => m[0].replace(TRAILING, ''));
}

/** The message's tracked links in order: the HTML part's when it has one, else the plain text's. */
export function messageLinks(message: { html?: string | null; text: string }, rules: LinkRules): string[] {
  if (message.html) return [...message.html.matchAll(HREF)].map((m) => decode(m[2]!)).filter((url) => trackable(url, rules));
  return textUrls(message.text).filter((url) => trackable(url, rules));
}

/** Each tracked href replaced by `replace(url, index)`, indexes as `messageLinks` counts them. */
export function rewriteHtmlLinks(html: string, rules: LinkRules, replace: (url: string, index: number) => string): string {
  let index = 0;
  return html.replace(HREF, (whole, open: string, value: string, close: string) => {
    const url = decode(value);
    if (!trackable(url, rules)) return whole;
    return `${open}${encode(replace(url, index++))}${close}`;
  });
}

/**
 * URLs in plain text replaced: by occurrence when the text is the message's only part (`byUrl` absent), otherwise
 * each URL that is one of the HTML part's links takes that link's first index.
 */
export function rewriteTextLinks(text: string, rules: LinkRules, replace: (url: string, index: number) => string, byUrl?: Map<string, number>): string {
  let index = 0;
  return text.replace(TEXT_URL, (match) => {
    const url = match.replace(TRAILING, '');
    const tail = match.slice(url.length);
    if (!trackable(url, rules)) return match;
    const at = byUrl ? byUrl.get(url) : index++;
    return at === undefined ? match : `${replace(url, at)}${tail}`;
  });
}

/** `utm_source=ulak&utm_medium=email&utm_campaign=<slug>`, each only where the link does not set it already. */
export function withUtm(url: string, campaign: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const wanted: Array<[string, string]> = [
    ['utm_source', 'ulak'],
    ['utm_medium', 'email'],
    ['utm_campaign', campaign],
  ];
  const missing = wanted.filter(([key]) => !parsed.searchParams.has(key));
  if (!missing.length) return url;
  for (const [key, value] of missing) parsed.searchParams.append(key, value);
  return parsed.toString();
}
