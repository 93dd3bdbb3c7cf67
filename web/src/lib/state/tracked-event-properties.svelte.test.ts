import { describe, expect, it } from 'vitest';
import { createApi, type EventProperties } from '../api';
import { TrackedEventProperties, unseenPropertyRows } from './tracked-event-properties.svelte';
import type { PropertyRow } from './trigger-fields';

const cart: EventProperties = {
  name: 'cart_abandoned',
  sampled: 40,
  properties: [
    { name: 'value', types: ['number'], seen: 40 },
    { name: 'store', types: ['string'], seen: 12 },
  ],
};
const row = (key: string): PropertyRow => ({ key, type: 'string', value: 'x' });

describe('unseenPropertyRows', () => {
  it('warns on a property name the event never carried, not on the ones it did nor on a blank row', () => {
    expect(unseenPropertyRows([row('value'), row('stroe'), row(' store '), row('')], 'cart_abandoned', cart)).toEqual([false, true, false, false]);
  });

  it('warns about nothing while the event has not arrived, or what was read belongs to another name', () => {
    const rows = [row('stroe')];
    expect(unseenPropertyRows(rows, 'cart_abandoned', { name: 'cart_abandoned', sampled: 0, properties: [] })).toEqual([false]);
    expect(unseenPropertyRows(rows, 'cart_abandone', cart)).toEqual([false]);
    expect(unseenPropertyRows(rows, 'cart_abandoned', null)).toEqual([false]);
  });
});

describe('TrackedEventProperties', () => {
  /** `slow`: a name whose answer is held until `release()`. */
  function world(slow?: string) {
    const asked: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const fetch = async (input: string) => {
      const name = new URL(input, 'http://x').searchParams.get('name')!;
      asked.push(name);
      if (name === slow) await held;
      const body: EventProperties = name === 'cart_abandoned' ? cart : { name, sampled: 0, properties: [] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    return { seen: new TrackedEventProperties(createApi({ fetch }), 0), asked, release };
  }

  it('reads each event name once, and nothing for a malformed one', async () => {
    const { seen, asked } = world();
    await seen.load('cart_abandoned');
    expect(seen.current).toEqual(cart);
    await seen.load('Cart Abandoned');
    expect(seen.current).toBeNull();
    await seen.load(' cart_abandoned ');
    expect(seen.current).toEqual(cart);
    expect(asked).toEqual(['cart_abandoned']);
  });

  it('keeps the answer for the name asked last when an earlier one arrives after it', async () => {
    const { seen, release } = world('cart_abandoned');
    const first = seen.load('cart_abandoned');
    await seen.load('product_viewed');
    release();
    await first;
    expect(seen.current).toEqual({ name: 'product_viewed', sampled: 0, properties: [] });
  });

  it('reads the name typed once the typing pauses, not at each keystroke', async () => {
    const { seen, asked } = world();
    for (const name of ['c', 'ca', 'cart_abandoned']) seen.show(name);
    for (let i = 0; i < 400 && seen.current?.name !== 'cart_abandoned'; i++) await new Promise((r) => setTimeout(r, 5));
    expect(seen.current).toEqual(cart);
    expect(asked).toEqual(['cart_abandoned']);
  });
});
