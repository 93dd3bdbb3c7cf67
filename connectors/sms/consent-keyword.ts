// Reads an SMS body as a carrier-style consent keyword (STOP, START, İPTAL, ...), Turkish-case-aware.

const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'İPTAL', 'IPTAL', 'DUR']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP', 'BAŞLA', 'BASLA']);

/**
 * The whole message must be the keyword (as Twilio's own opt-out handling reads it), so
 * "please don't stop" is not an opt-out. Both Turkish and English upper-casing are tried:
 * "iptal" is "İPTAL" only in Turkish, while "quit" must not become "QUİT".
 */
export function consentKeyword(body: string): 'opted_in' | 'opted_out' | undefined {
  const word = body.trim().replace(/[\s.!?,;:]+$/u, '');
  if (!word || /\s/.test(word)) return undefined;
  const forms = [word.toLocaleUpperCase('tr-TR'), word.toLocaleUpperCase('en-US')];
  if (forms.some((form) => OPT_OUT.has(form))) return 'opted_out';
  if (forms.some((form) => OPT_IN.has(form))) return 'opted_in';
  return undefined;
}
