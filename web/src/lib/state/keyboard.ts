// Maps a key press to an inbox command; shortcuts pause while a field, menu or dialog has the keyboard.
export type Command = 'next' | 'prev' | 'reply' | 'note' | 'resolve' | 'snooze' | 'assign' | 'search' | 'help' | 'palette' | 'escape';

interface KeyLike {
  key: string;
  metaKey?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  target?: EventTarget | null;
}

/** Widgets that take letters themselves: a letter typed there is input, never a command. */
const keyboardOwners = '[role="dialog"], [role="alertdialog"], dialog, [role="menu"], [role="menubar"], [role="listbox"], [role="combobox"], [role="textbox"]';
/** While any of these is on screen it owns the keyboard, wherever focus happens to be (a close button, the body). */
const openDialogs = '[role="dialog"], [role="alertdialog"], dialog[open]';

function asElement(target: EventTarget | null | undefined): Element | null {
  const node = target as Element | null | undefined;
  return node && typeof node.tagName === 'string' ? node : null;
}

export function isTyping(target: EventTarget | null | undefined): boolean {
  const element = asElement(target) as HTMLElement | null;
  if (!element) return false;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.isContentEditable === true) return true;
  // isContentEditable is missing in some DOMs; the attribute (inherited) says the same.
  return element.closest('[contenteditable]:not([contenteditable="false"])') !== null;
}

/** True while single-key shortcuts must not fire: typing in a field, focus in a menu or dialog, or any dialog open. */
export function shortcutsPaused(target: EventTarget | null | undefined): boolean {
  const element = asElement(target);
  if (isTyping(element) || element?.closest(keyboardOwners)) return true;
  const doc = element?.ownerDocument ?? globalThis.document;
  return Boolean(doc?.querySelector(openDialogs));
}

export function commandFor(event: KeyLike): Command | null {
  if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') return 'palette';
  if (event.key === 'Escape') return 'escape';
  if (event.metaKey || event.ctrlKey || event.altKey || shortcutsPaused(event.target)) return null;
  const map: Record<string, Command> = {
    j: 'next',
    k: 'prev',
    r: 'reply',
    n: 'note',
    e: 'resolve',
    s: 'snooze',
    a: 'assign',
    '/': 'search',
    '?': 'help',
  };
  return map[event.key] ?? null;
}

/**
 * Alt+1…3 inserts that reply suggestion. It works from the composer while typing (the point of a one-key insert),
 * but never while a dialog is open. The physical key is read, since Alt+1 types "¡" on a Mac.
 */
export function suggestionIndexFor(event: KeyLike & { code?: string }): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const match = /^Digit([1-3])$/.exec(event.code ?? '') ?? /^([1-3])$/.exec(event.key);
  if (!match) return null;
  const element = asElement(event.target);
  if (element?.closest(openDialogs)) return null;
  const doc = element?.ownerDocument ?? globalThis.document;
  if (doc?.querySelector(openDialogs)) return null;
  return Number(match[1]) - 1;
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
  { keys: 'Alt 1 / 2 / 3', label: 'key.suggestion' as `key.${Command}` },
];
