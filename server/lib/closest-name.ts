// The known name a mistyped one most likely meant: ULAK_S3_ACCESS_KEY → ULAK_S3_ACCESS_KEY_ID, ULAK_DATADIR →
// ULAK_DATA_DIR. Names sharing more words (split on `_`) come first, so ULAK_S3_SECRET_KEY means the bucket's
// secret, not ULAK_SECRET_KEY; a name sharing only its first word, and more than three edits away, means nothing.

/** Levenshtein distance: single-character insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

const MAX_EDITS = 3;

export function closestName(name: string, known: readonly string[]): string | undefined {
  const words = new Set(name.split('_'));
  let best: { name: string; shared: number; edits: number } | undefined;
  for (const candidate of known) {
    const shared = candidate.split('_').filter((word) => words.has(word)).length;
    const edits = editDistance(name, candidate);
    if (shared < 2 && edits > MAX_EDITS) continue;
    if (!best || shared > best.shared || (shared === best.shared && edits < best.edits)) best = { name: candidate, shared, edits };
  }
  return best?.name;
}
