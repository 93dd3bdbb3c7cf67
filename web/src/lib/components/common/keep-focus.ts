// Where keyboard focus goes when what held it goes away (a closed dialog, the undo toast, a resolved conversation's
// row): back where it was, else the conversation list's current row, else the screen, never <body>, where the next Tab
// starts again from the top of the page.
import { tick } from 'svelte';

const lost = () => !document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected;

/** Once the screen has been redrawn, and only if focus was lost: `preferred`, else the current row, else the main area. */
export async function keepFocus(preferred?: Element | null) {
  await tick();
  if (!lost()) return;
  for (const target of [preferred, document.querySelector('[data-conversation-id][aria-current="true"]'), document.getElementById('main')]) {
    if (!(target instanceof HTMLElement) || target === document.body || !target.isConnected) continue;
    // A hidden element (the list on a phone, behind the thread) does not take focus: try the next.
    target.focus();
    if (document.activeElement === target) return;
  }
}
