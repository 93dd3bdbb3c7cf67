// Case folding that gets Turkish İ/ı right while still matching English-cased input.
//
// Why not toLocaleLowerCase('tr')? Contacts mix languages: "INFO" typed by a Turkish speaker must
// still equal "info", and "IŞIK" must equal "ışık". Folding the four i-letters (I, İ, ı, i) to one
// letter makes both work; the cost (ı and i become indistinguishable) is harmless for matching.

const I_LETTERS = /[Iİı]/g;
const COMBINING_DOT_ABOVE = /\u0307/g;

/** Case-insensitive key: keeps Turkish letters like ş, ğ, ü distinct from s, g, u. */
export function foldCase(text: string): string {
  return text.normalize('NFC').replace(I_LETTERS, 'i').toLowerCase().replace(COMBINING_DOT_ABOVE, '');
}

/** Looser key for lexicon matching: customers often type Turkish without diacritics ("siparisim gelmedi"). */
export function foldLoose(text: string): string {
  return foldCase(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}
