// Round-robin assignment: the next available team member after the one assigned last.

export function nextAssignee(members: readonly string[], lastAssigned: string | undefined, available: (id: string) => boolean = () => true): string | undefined {
  if (members.length === 0) return undefined;
  const start = lastAssigned ? members.indexOf(lastAssigned) + 1 : 0;
  for (let i = 0; i < members.length; i++) {
    const candidate = members[(start + i) % members.length];
    if (available(candidate)) return candidate;
  }
  return undefined;
}
