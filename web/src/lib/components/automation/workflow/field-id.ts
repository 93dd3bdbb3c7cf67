// Stable element ids for a definition path, so inputs can point at their error messages.
export function fieldId(path: string, suffix = ''): string {
  return `wf-${path.replace(/[^\w-]/g, '-')}${suffix ? `-${suffix}` : ''}`;
}
