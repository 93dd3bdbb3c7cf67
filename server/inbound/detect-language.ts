// The language a customer writes in, read from their message text when their channel does not say (Telegram's
// language_code does; email, SMS and WhatsApp do not). ELD (Efficient Language Detector, its smallest database: 60
// languages, Turkish among them), loaded on first use so that a server that never needs it does not hold its ~50 MB.
import type { eld as Eld } from 'eld/extrasmall';

let detector: Promise<typeof Eld> | undefined;
const loadDetector = () =>
  (detector ??= import('eld/extrasmall').then(({ eld }) => {
    eld.enableTextCleanup(true); // URLs, e-mail addresses and numbers say nothing about the language
    return eld;
  }));

/** Fewer letters than this say too little: "ok", "👍", an order number. */
const MIN_LETTERS = 10;

/** The message's language as a two-letter code, or undefined when the text is too short or too ambiguous to tell. */
export async function detectLanguage(text: string | undefined | null): Promise<string | undefined> {
  // Quoted mail below the reply is someone else's text.
  const own = (text ?? '').split(/\n>|\nOn .+ wrote:|\n-{2,}\s*\n/)[0]!.slice(0, 2_000);
  if ((own.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return undefined;
  const result = (await loadDetector()).detect(own);
  return result.language && result.isReliable() ? result.language : undefined;
}
