// How deeply a parsed JSON value nests, measured without recursion so a hostile 100,000-level body cannot overflow the stack.

/** Whether `value` nests objects or arrays more than `max` levels deep (a scalar is depth 0, `{}` or `[]` depth 1). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(node)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
