// Splits message text into plain runs and links, so web and mail addresses can be clicked. The result is data, not
// HTML: the component renders each run as text or as an <a>, so nothing in a message can inject markup.

export type TextRun = { text: string; href?: undefined } | { text: string; href: string };

// http(s)://…, www.…, or an email address; stops at whitespace and at characters that never end a URL in prose.
const CANDIDATE = /\b(?:https?:\/\/|www\.)[^\s<>"]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/gi;
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Punctuation that ends a sentence after a link is not part of it; a ")" is, when the link opened one. */
function trimTrailing(candidate: string): string {
  let end = candidate.length;
  while (end > 0) {
    const last = candidate[end - 1]!;
    if ('.,;:!?\'"’”'.includes(last)) end--;
    else if (last === ')' && count(candidate.slice(0, end), '(') < count(candidate.slice(0, end), ')')) end--;
    else break;
  }
  return candidate.slice(0, end);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** The link target for a candidate, or null when it is not a safe web or mail address. */
function hrefFor(candidate: string): string | null {
  const raw = candidate.includes('@') && !/^(?:https?:\/\/|www\.)/i.test(candidate) ? `mailto:${candidate}` : /^www\./i.test(candidate) ? `https://${candidate}` : candidate;
  try {
    const url = new URL(raw);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export function linkify(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const candidate = trimTrailing(match[0]);
    const href = candidate ? hrefFor(candidate) : null;
    if (!href) continue;
    if (match.index > at) runs.push({ text: text.slice(at, match.index) });
    runs.push({ text: candidate, href });
    at = match.index + candidate.length;
  }
  if (at < text.length) runs.push({ text: text.slice(at) });
  return runs;
}
