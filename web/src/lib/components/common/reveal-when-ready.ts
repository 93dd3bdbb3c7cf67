// Scrolls a panel stacked below the screen into view once per opening, after its content has been drawn. On a phone
// the profile sits beneath the thread, a screen or more down; scrolling at the click, before it had loaded, stopped
// short of it under load.
import { tick } from 'svelte';

export interface Reveal {
  /** The panel is shown; each change from hidden to shown asks for one scroll. */
  open: boolean;
  /** Its content has been drawn. */
  ready: boolean;
  /** Only where the panel is stacked (at wider widths it sits beside the rest, on screen). */
  media: string;
}

export function revealWhenReady(node: HTMLElement, initial: Reveal) {
  let wasOpen = false;
  let pending = false;
  const update = (reveal: Reveal) => {
    if (reveal.open && !wasOpen) pending = true;
    wasOpen = reveal.open;
    if (!reveal.open || !reveal.ready || !pending) return;
    pending = false;
    if (matchMedia(reveal.media).matches) void tick().then(() => node.scrollIntoView({ block: 'start' }));
  };
  update(initial);
  return { update };
}
