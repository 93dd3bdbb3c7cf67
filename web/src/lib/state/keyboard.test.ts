import { afterEach, describe, expect, it } from 'vitest';
import { commandFor, shortcutsPaused, suggestionIndexFor } from './keyboard';

const letters = [...'abcdefghijklmnopqrstuvwxyz'];

function mount(html: string) {
  document.body.innerHTML = html;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('when shortcuts pause', () => {
  it.each([
    ['an input', '<input id="t">'],
    ['a textarea', '<textarea id="t"></textarea>'],
    ['a select', '<select id="t"><option>a</option></select>'],
    ['an editable region', '<div contenteditable="true"><p id="t">x</p></div>'],
    ['a menu item', '<div role="menu"><button id="t" role="menuitem">Assign</button></div>'],
    ['a listbox option', '<ul role="listbox"><li id="t" role="option" tabindex="-1">x</li></ul>'],
    ['a dialog button', '<div role="dialog"><button id="t">Close</button></div>'],
    ['a native dialog', '<dialog open><button id="t">Close</button></dialog>'],
  ])('never fires a letter typed in %s', (_, html) => {
    mount(html);
    const target = document.getElementById('t');
    expect(letters.map((key) => commandFor({ key, target })).filter(Boolean)).toEqual([]);
  });

  it('never fires while a dialog is open, even with focus outside it', () => {
    mount('<button id="t">Reply</button><div role="dialog" aria-modal="true"><input></div>');
    const target = document.getElementById('t');
    expect(shortcutsPaused(target)).toBe(true);
    expect(shortcutsPaused(document.body)).toBe(true);
    expect(letters.map((key) => commandFor({ key, target })).filter(Boolean)).toEqual([]);
  });

  it('fires on an ordinary button or the page once the dialog is gone, and a closed <dialog> does not count', () => {
    mount('<button id="t">Reply</button><dialog><input></dialog><div contenteditable="false"><span id="u">x</span></div>');
    expect(commandFor({ key: 'e', target: document.getElementById('t') })).toBe('resolve');
    expect(commandFor({ key: 'j', target: document.getElementById('u') })).toBe('next');
    expect(commandFor({ key: 's', target: document.body })).toBe('snooze');
  });

  it('keeps Escape and Ctrl/⌘ K working from inside fields and dialogs', () => {
    mount('<div role="dialog"><input id="t"></div>');
    const target = document.getElementById('t');
    expect(commandFor({ key: 'Escape', target })).toBe('escape');
    expect(commandFor({ key: 'k', ctrlKey: true, target })).toBe('palette');
  });
});

describe('Alt+1/2/3 for suggested replies', () => {
  const at = (id: string) => document.getElementById(id);

  it('inserts from the composer while typing, by the physical key (Alt+1 is "¡" on a Mac)', () => {
    mount('<textarea id="composer"></textarea>');
    expect(suggestionIndexFor({ key: '1', code: 'Digit1', altKey: true, target: at('composer') })).toBe(0);
    expect(suggestionIndexFor({ key: '™', code: 'Digit2', altKey: true, target: at('composer') })).toBe(1);
    expect(suggestionIndexFor({ key: '3', code: 'Digit3', altKey: true, target: document.body })).toBe(2);
  });

  it('ignores other digits, plain digits and Ctrl/⌘ combinations', () => {
    mount('<textarea id="composer"></textarea>');
    expect(suggestionIndexFor({ key: '4', code: 'Digit4', altKey: true, target: at('composer') })).toBe(null);
    expect(suggestionIndexFor({ key: '1', code: 'Digit1', target: at('composer') })).toBe(null);
    expect(suggestionIndexFor({ key: '1', code: 'Digit1', altKey: true, ctrlKey: true, target: at('composer') })).toBe(null);
  });

  it('never fires while a dialog is open, wherever focus is', () => {
    mount('<textarea id="composer"></textarea><div role="dialog"><input id="search"></div>');
    expect(suggestionIndexFor({ key: '1', code: 'Digit1', altKey: true, target: at('composer') })).toBe(null);
    expect(suggestionIndexFor({ key: '1', code: 'Digit1', altKey: true, target: at('search') })).toBe(null);
  });
});
