// Replaces emails, phone numbers and card-like numbers with placeholders before text leaves the server for a model.
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** 13 to 19 digits, optionally grouped by single spaces or dashes: every card number scheme's length. */
const CARD = /(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])/g;
/**
 * A run of digits with the separators people type in phone numbers, with at least nine digits: eight would
 * swallow every date (2026-12-02), and masking a long order number too is the safe mistake.
 */
const PHONE = /(?<![\p{L}\p{N}])\+?\(?\d[\d ().-]{7,}\d(?![\p{N}])/gu;
/** A number written with its country code is a phone number, however many digits follow: masked before cards are looked for. */
const INTERNATIONAL = /(?<![\p{L}\p{N}])\+\(?\d[\d ().-]{7,}\d(?![\p{N}])/gu;
const digits = (s: string) => s.replace(/\D/g, '').length;
const phone = (match: string) => (digits(match) >= 9 ? '[phone]' : match);

export function maskPii(text: string): string {
  return text.replace(EMAIL, '[email]').replace(INTERNATIONAL, phone).replace(CARD, '[card]').replace(PHONE, phone);
}
