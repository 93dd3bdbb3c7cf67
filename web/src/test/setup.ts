// Test setup for the web project: unmount components rendered by @testing-library/svelte after each test.
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/svelte';

afterEach(() => {
  cleanup();
  // What a test left in the browser's storage (reply drafts, alert settings) is not the next test's.
  localStorage.clear();
});

// waitFor and findBy* give up after 1 s by default; on a loaded 2-core machine (CI shares it) a render can take longer.
configure({ asyncUtilTimeout: 10_000 });

// happy-dom 21 does not match `:checked` against <option>s; Svelte's `bind:value` on a <select> reads the
// chosen option that way, so without this a test's change to a bound select would be lost.
const querySelector = HTMLSelectElement.prototype.querySelector;
HTMLSelectElement.prototype.querySelector = function (this: HTMLSelectElement, selectors: string) {
  if (selectors === ':checked') return (this.selectedOptions[0] ?? null) as never;
  return querySelector.call(this, selectors) as never;
} as typeof querySelector;
