// Guesses the charset of 8-bit text that arrived without one, from its bytes alone.
import { isUtf8 } from 'node:buffer';

export type GuessedCharset = 'utf-8' | 'windows-1254' | 'windows-1252';

// Windows-1254 is Windows-1252 with six letters swapped for Turkish ones: Ğ İ Ş ğ ı ş.
const TURKISH_ONLY = new Set([0xd0, 0xdd, 0xde, 0xf0, 0xfd, 0xfe]);
// Letters Turkish shares with Western European text: Ç Ö Ü ç ö ü and the circumflexed Â Î Û â î û.
const SHARED = new Set([0xc7, 0xd6, 0xdc, 0xe7, 0xf6, 0xfc, 0xc2, 0xce, 0xdb, 0xe2, 0xee, 0xfb]);
// × and ÷ sit among the letters but are not letters.
const NOT_LETTERS = new Set([0xd7, 0xf7]);

/**
 * undefined for plain ASCII (nothing to guess). Valid UTF-8 stays UTF-8: 8-bit single-byte text is almost never
 * valid UTF-8 by accident. Otherwise the choice is between the two code pages our customers write in, by which
 * reading yields the letters of its own language: Turkish text is dense with ı ş ğ, which in Windows-1252 read as
 * the Icelandic ý þ ð; Western text uses é à è ß å æ ø, which Turkish never does.
 */
export function guessCharset(bytes: Uint8Array): GuessedCharset | undefined {
  let turkish = 0;
  let western = 0;
  let eightBit = false;
  for (const byte of bytes) {
    if (byte < 0x80) continue;
    eightBit = true;
    if (byte < 0xc0 || SHARED.has(byte) || NOT_LETTERS.has(byte)) continue;
    if (TURKISH_ONLY.has(byte)) turkish++;
    else western++;
  }
  if (!eightBit) return undefined;
  if (isUtf8(bytes)) return 'utf-8';
  // Western letters count double: a Turkish mail may quote a French name, but Icelandic (real ð þ ý) also uses é á ó.
  return turkish > 2 * western ? 'windows-1254' : 'windows-1252';
}
