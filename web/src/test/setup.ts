// Test setup for the web project: unmount components rendered by @testing-library/svelte after each test.
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/svelte';

afterEach(() => cleanup());
