// A box that scrolls sideways (a wide table on a phone) can be scrolled from the keyboard: while its content
// overflows it takes focus and is a region named by its table's caption; otherwise it is no tab stop.

export function scrollFocusable(node: HTMLElement) {
  const update = () => {
    const overflows = node.scrollWidth > node.clientWidth;
    const label = node.querySelector('caption')?.textContent?.trim() || node.querySelector('th')?.textContent?.trim();
    if (overflows && label) {
      node.tabIndex = 0;
      node.setAttribute('role', 'region');
      node.setAttribute('aria-label', label);
    } else {
      node.removeAttribute('tabindex');
      node.removeAttribute('role');
      node.removeAttribute('aria-label');
    }
  };
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
  observer?.observe(node);
  if (node.firstElementChild) observer?.observe(node.firstElementChild);
  update();
  return { destroy: () => observer?.disconnect() };
}
