import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import VirtualListHarness from '../../../test/VirtualListHarness.svelte';

describe('VirtualList', () => {
  it('renders only the rows in view out of 10,000, and moves the window on scroll', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `c${i}` }));
    const { container } = render(VirtualListHarness, { props: { items } });
    const rows = () => [...container.querySelectorAll('[data-row]')].map((el) => el.getAttribute('data-row'));
    // happy-dom lays nothing out (the viewport is 0 px high), so the window is the overscan alone: 6 of 10,000.
    expect(rows().length).toBe(6);
    expect(rows()[0]).toBe('c0');
    const viewport = container.querySelector('[role="list"]') as HTMLElement;
    expect((viewport.firstElementChild as HTMLElement).style.height).toBe(`${10_000 * 50}px`);
    viewport.scrollTop = 5_000 * 50;
    viewport.dispatchEvent(new Event('scroll'));
    await tick();
    expect(rows()).toContain('c5000');
    expect(rows()).not.toContain('c0');
  });

  it('asks for the next page when scrolled near the end', async () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ id: `c${i}` }));
    let asked = 0;
    const { container } = render(VirtualListHarness, { props: { items, onEndReached: () => asked++ } });
    const viewport = container.querySelector('[role="list"]') as HTMLElement;
    viewport.scrollTop = 20 * 50;
    viewport.dispatchEvent(new Event('scroll'));
    await tick();
    expect(asked).toBe(1);
  });
});
