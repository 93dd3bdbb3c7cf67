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

  it("offers Telegram's and SMS's API server address, explained as optional, and sends it only when filled in", async () => {
    const { app } = makeApp({});
    const created: Array<{ kind: string; config: Record<string, unknown> }> = [];
    renderWithApp(ChannelForm, { onCreate: async (input: { kind: string; config: Record<string, unknown> }) => created.push(input) }, app);
    const kind = screen.getByRole('combobox', { name: 'Channel type' });
    await fireEvent.change(kind, { target: { value: 'telegram' } });
    const apiRoot = screen.getByRole('textbox', { name: 'API server address' });
    expect(apiRoot.getAttribute('type')).toBe('url');
    expect(document.getElementById(apiRoot.getAttribute('aria-describedby')!)?.textContent).toMatch(/^Optional\. Leave empty/);
    await fireEvent.input(screen.getByLabelText('Bot token from @BotFather *'), { target: { value: '123456:ABC-def' } });
    await fireEvent.input(apiRoot, { target: { value: 'http://127.0.0.1:8081' } });
    await fireEvent.submit(apiRoot.closest('form')!);
    expect(created.at(-1)).toMatchObject({ kind: 'telegram', config: { botToken: '123456:ABC-def', apiRoot: 'http://127.0.0.1:8081' } });

    await fireEvent.change(kind, { target: { value: 'sms' } });
    expect(screen.getByRole('textbox', { name: 'API server address' }).getAttribute('placeholder')).toBe('https://api.twilio.com');
    await fireEvent.input(screen.getByLabelText('Twilio Account SID *'), { target: { value: `AC${'a'.repeat(32)}` } });
    await fireEvent.submit(kind.closest('form')!);
    expect(created.at(-1)!.kind).toBe('sms');
    expect(created.at(-1)!.config).not.toHaveProperty('apiRoot');
  });
});
