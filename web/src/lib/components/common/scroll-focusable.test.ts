import { describe, expect, it } from 'vitest';
import { scrollFocusable } from './scroll-focusable';

function box(contentWidth: number, boxWidth: number) {
  const node = document.createElement('div');
  node.innerHTML = '<table><caption>Variants</caption><tbody><tr><td>A</td></tr></tbody></table>';
  Object.defineProperty(node, 'scrollWidth', { value: contentWidth });
  Object.defineProperty(node, 'clientWidth', { value: boxWidth });
  document.body.append(node);
  return node;
}

describe('scrollFocusable', () => {
  it('makes a box whose table overflows a focusable region named by its caption, so the keyboard can scroll it', () => {
    const node = box(581, 358);
    const action = scrollFocusable(node);
    expect([node.tabIndex, node.getAttribute('role'), node.getAttribute('aria-label')]).toEqual([0, 'region', 'Variants']);
    action.destroy();
  });

  it('leaves a box whose table fits out of the tab order', () => {
    const node = box(300, 358);
    scrollFocusable(node).destroy();
    expect([node.hasAttribute('tabindex'), node.getAttribute('role')]).toEqual([false, null]);
  });
});
