// Makes an uploaded file's name safe to store, show and put in headers, keeping what a person would recognise.

const MAX_LENGTH = 200;
// Windows refuses these as file names; the customer saving our attachment may be on Windows.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

export function sanitizeFilename(name: string | undefined, fallback = 'file'): string {
  // Browsers send a bare name, but some clients send a full path (C:\Users\…\a.pdf): keep the last segment.
  const last = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    // Control characters, and characters that are special in paths, headers or shells.
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*]/g, '_')
    // Bidirectional overrides make "exe.pdf" read as "fdp.exe".
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  const named = cleaned && !RESERVED.test(cleaned) ? cleaned : cleaned ? `_${cleaned}` : fallback;
  return truncateKeepingExtension(named, MAX_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return chars.slice(0, max - [...ext].length).join('') + ext;
}
