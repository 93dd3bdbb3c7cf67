import { afterEach, describe, expect, it } from 'vitest';
import { commandFor, shortcutsPaused } from './keyboard';

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
