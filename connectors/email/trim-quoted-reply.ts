// Cuts quoted history and signatures off a plain-text reply, for previews and trimmed display.
import EmailReplyParser from 'email-reply-parser';

/** Attribution and forward-header lines that start the quoted part; the library misses the Turkish and Outlook ones. */
const CUT_LINES: RegExp[] = [/^-{2,}\s*(original message|orijinal mesaj|özgün ileti|özgün i̇leti|ilk ileti)\s*-{2,}/iu, /tarihinde\s.*\syazdı:\s*$/iu, /^on\s.+\swrote:\s*$/iu];

const OUTLOOK_FROM = /^\*?(from|kimden|gönderen)\s*:\*?\s/iu;
const OUTLOOK_NEXT = /^\*?(sent|date|to|subject|cc|gönderildi|tarih|kime|konu|bilgi)\s*:\*?\s/iu;

/** The library's regexes are not linear-time; only the head of a huge body is worth trimming. */
const MAX_TRIM_CHARS = 64 * 1024;

function isCutLine(lines: string[], i: number): boolean {
  const line = lines[i].trim();
  // Gmail wraps a long attribution over two lines ("On …, Name <a@b>\nwrote:").
  const joined = i + 1 < lines.length ? `${line} ${lines[i + 1].trim()}` : line;
  if (CUT_LINES.some((re) => re.test(line) || re.test(joined))) return true;
  if (!OUTLOOK_FROM.test(line)) return false;
  // An Outlook header block: "From:" followed closely by Sent/Date/To/Subject.
  return lines.slice(i + 1, i + 4).some((next) => OUTLOOK_NEXT.test(next.trim()));
}

function cutAtAttribution(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // Attribution as the first line means the whole message is a quote; leave that to the fallback.
    if (i > 0 && isCutLine(lines, i)) return lines.slice(0, i).join('\n');
  }
  return text;
}

export function trimQuotedReply(text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n');
  const head = normalized.length > MAX_TRIM_CHARS ? normalized.slice(0, MAX_TRIM_CHARS) : normalized;
  const cut = cutAtAttribution(head);
  let trimmed: string;
  try {
    trimmed = new EmailReplyParser().parseReply(cut);
  } catch {
    trimmed = cut;
  }
  trimmed = trimmed.replace(/(\n\s*>.*)+\s*$/u, '').trim();
  // A message that is all quote (or inline answers) keeps its full text rather than becoming empty.
  return trimmed.length > 0 ? trimmed : normalized.trim();
}
