// Picks the template language for a contact: exact tag, then its base language, then the fallback.

export function chooseLanguage(available: readonly string[], wanted: string | undefined, fallback: string): string {
  const byKey = new Map(available.map((tag) => [tag.toLowerCase(), tag]));
  if (wanted) {
    const exact = byKey.get(wanted.toLowerCase());
    if (exact) return exact;
    const base = byKey.get(wanted.toLowerCase().split(/[-_]/)[0]);
    if (base) return base;
  }
  return fallback;
}
