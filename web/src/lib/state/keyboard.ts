// Maps a key press to an inbox command; typing in a field never triggers a shortcut.
export type Command = 'next' | 'prev' | 'reply' | 'note' | 'resolve' | 'snooze' | 'assign' | 'search' | 'help' | 'palette' | 'escape';

interface KeyLike {
  key: string;
  metaKey?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  target?: EventTarget | null;
}

export function isTyping(target: EventTarget | null | undefined): boolean {
  const element = target as HTMLElement | null;
  if (!element || typeof element.tagName !== 'string') return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.isContentEditable === true;
}

export function commandFor(event: KeyLike): Command | null {
  if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') return 'palette';
  if (event.key === 'Escape') return 'escape';
  if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return null;
  const map: Record<string, Command> = {
    j: 'next', k: 'prev', r: 'reply', n: 'note', e: 'resolve', s: 'snooze', a: 'assign', '/': 'search', '?': 'help',
  };
  return map[event.key] ?? null;
}

/** The help dialog lists these; the labels are catalog keys. */
export const shortcutList: { keys: string; label: `key.${Command}` }[] = [
  { keys: 'j / k', label: 'key.next' },
  { keys: 'r', label: 'key.reply' },
  { keys: 'n', label: 'key.note' },
  { keys: 'e', label: 'key.resolve' },
  { keys: 's', label: 'key.snooze' },
  { keys: 'a', label: 'key.assign' },
  { keys: '/', label: 'key.search' },
  { keys: '?', label: 'key.help' },
  { keys: 'Ctrl/⌘ K', label: 'key.palette' },
  { keys: 'Ctrl/⌘ Enter', label: 'key.send' as `key.${Command}` },
];
