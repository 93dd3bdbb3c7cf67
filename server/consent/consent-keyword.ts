// Reads a whole inbound message as a consent keyword (STOP, DUR, İPTAL, ABONELİKTEN ÇIK, …), on every channel.
import type { ChannelKind } from '../../connectors/channel.ts';

/** Compared after folding to unaccented upper case, so "abonelikten çık", "ABONELIKTEN CIK" and "İptal" all match. */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPT OUT', 'OPTOUT', 'IPTAL', 'DUR', 'ABONELIKTEN CIK', 'ABONELIK IPTAL', 'ABONELIGI IPTAL ET', 'RET']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP', 'BASLA']);

/**
 * Opt-in words count on SMS only, where carriers made them a convention: a "yes" in an email or a chat answers an
 * agent, it is not consent to marketing. Opting out is honoured everywhere, since a missed STOP is the costly error.
 */
const OPT_IN_CHANNELS: ReadonlySet<string> = new Set<ChannelKind>(['sms']);

/** Turkish and English upper-casing both (iptal → İPTAL, quit must not become QUİT), then the accents dropped. */
function fold(text: string): string[] {
  const upper = [text.toLocaleUpperCase('tr-TR'), text.toLocaleUpperCase('en-US')];
  return upper.map((u) =>
    u
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ı/g, 'I'),
  );
}

/**
 * The whole message must be the keyword (as Twilio's own opt-out handling reads it), so "please don't stop" or
 * "iptal etmek istiyorum" is not an opt-out; trailing punctuation and extra spaces are forgiven.
 */
export function consentKeyword(body: string, channelKind: string = 'sms'): 'opted_in' | 'opted_out' | undefined {
  const phrase = body
    .trim()
    .replace(/[\s.!?,;:]+$/u, '')
    .replace(/\s+/g, ' ');
  if (!phrase || phrase.length > 40) return undefined;
  const forms = fold(phrase);
  if (forms.some((form) => OPT_OUT.has(form))) return 'opted_out';
  if (OPT_IN_CHANNELS.has(channelKind) && forms.some((form) => OPT_IN.has(form))) return 'opted_in';
  return undefined;
}
