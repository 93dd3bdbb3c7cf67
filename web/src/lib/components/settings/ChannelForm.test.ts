import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import ChannelForm from './ChannelForm.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

describe('ChannelForm', () => {
  it('takes a pasted private CA for SMTP in a labelled, explained text area and sends it in the config', async () => {
    const { app } = makeApp({});
    const created: Array<{ config: Record<string, unknown> }> = [];
    renderWithApp(ChannelForm, { onCreate: async (input: { config: Record<string, unknown> }) => created.push(input) }, app);
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const ca = screen.getByRole('textbox', { name: 'SMTP CA certificate (private CA only)' });
    expect(ca.tagName).toBe('TEXTAREA');
    expect(ca.getAttribute('aria-describedby')).toBe('ch-smtp-caCertificate-help');
    expect(document.getElementById('ch-smtp-caCertificate-help')?.textContent).toMatch(/your own certificate authority/);
    await fireEvent.input(ca, { target: { value: pem } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'From address *' }), { target: { value: 'help@example.com' } });
    await fireEvent.submit(ca.closest('form')!);
    expect(created).toHaveLength(1);
    expect(created[0].config.smtp).toMatchObject({ caCertificate: pem });
    expect(created[0].config.imap).not.toHaveProperty('caCertificate');
  });
});
