/** The first `n` UTF-16 units of a text, one fewer where the cut would split a surrogate pair (an emoji) in two. */
export function cutText(text: string, n: number): string {
  if (text.length <= n) return text;
  return text.slice(0, /[\uD800-\uDBFF]/.test(text[n - 1]!) ? n - 1 : n);
}
