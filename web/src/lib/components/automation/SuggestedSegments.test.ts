import { describe, expect, it } from 'vitest';
import { fireEvent, waitFor } from '@testing-library/svelte';
import SuggestedSegments from './SuggestedSegments.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import type { SegmentRule } from '../../state/segment';

const vip = {
  description: 'spends over ₺5,000, quiet for 60+ days',
  size: 412,
  definition: {
    all: [
      { field: 'contact.totalSpent', op: 'gt', value: 5000 },
      { field: 'contact.lastInboundAt', op: 'more_than_days_ago', value: 60 },
    ],
  },
};
const unshowable = { description: 'writes on WhatsApp or SMS', size: 90, definition: { any: [{ op: 'on_channel', value: 'whatsapp' }] } };

describe('SuggestedSegments', () => {
  it('asks in the UI language, saves a suggestion under its description, and hands a representable one to the audience builder', async () => {
    const { app, server } = makeApp({
      'GET /api/segments/suggestions': () => ({ items: [vip, unshowable] }),
      'POST /api/segments': (r: { body: { name: string } }) =>
        r.body.name === vip.description
          ? { status: 201, body: { id: 's1', name: vip.description } }
          : { status: 409, body: { error: { code: 'name_taken', message: 'A segment with this name already exists' } } },
    });
    const used: SegmentRule[][] = [];
    const { getByRole, findByText, getAllByRole, getByText, queryAllByRole } = renderWithApp(SuggestedSegments, { onUse: (rules: SegmentRule[]) => used.push(rules) }, app);
    await fireEvent.click(getByRole('button', { name: 'Suggest segments from my customers' }));
    expect(await findByText(vip.description)).toBeTruthy();
    expect(getByText('412 contacts')).toBeTruthy();
    expect(server.calls.find((c) => c.path === '/api/segments/suggestions')?.query.get('lang')).toBe('en');
    // The one the builder's rows cannot show (an "any" tree) can be saved but not used as rows.
    expect(queryAllByRole('button', { name: 'Use as audience' })).toHaveLength(1);
    await fireEvent.click(getByRole('button', { name: 'Use as audience' }));
    expect(used).toEqual([
      [
        { field: 'contact.totalSpent', op: 'gt', value: '5000' },
        { field: 'contact.lastInboundAt', op: 'more_than_days_ago', value: '60' },
      ],
    ]);
    await fireEvent.click(getAllByRole('button', { name: 'Save as segment' })[0]!);
    await waitFor(() => expect(getByText('Saved')).toBeTruthy());
    expect(server.calls.filter((c) => c.method === 'POST' && c.path === '/api/segments').map((c) => c.body)).toEqual([{ name: vip.description, conditions: vip.definition }]);
    await fireEvent.click(getByRole('button', { name: 'Save as segment' }));
    await waitFor(() => expect(getByRole('alert').textContent).toContain('That name is already taken'));
  });
});
