import { describe, expect, it } from 'vitest';
import { fireEvent, within } from '@testing-library/svelte';
import MessageItem from './MessageItem.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { message } from '../../../test/fake-server';

describe('MessageItem', () => {
  it('renders email HTML in a fully sandboxed iframe, never in the page', () => {
    const { app } = makeApp({});
    const html = '<p>Order <b>#42</b></p>';
    const { container } = renderWithApp(MessageItem, { message: message({ id: 'm1', html, subject: 'Order', channel: { id: 'e', kind: 'email' } }) }, app);
    const frame = container.querySelector('iframe')!;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain(html);
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('Email');
  });

  it('shows the time the customer sent a message, and when it was received if much later', () => {
    const { app } = makeApp({});
    const { container } = renderWithApp(MessageItem, { message: message({ id: 'm9', sentAt: '2026-11-18T08:30:00.000Z', createdAt: '2026-11-20T10:00:00.000Z' }) }, app);
    const time = container.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe('2026-11-18T08:30:00.000Z');
    expect(time.textContent).toBe(app.i18n.dateTime('2026-11-18T08:30:00.000Z'));
    expect(time.getAttribute('title')).toBe(`Received ${app.i18n.dateTime('2026-11-20T10:00:00.000Z')}`);
    const prompt = renderWithApp(MessageItem, { message: message({ id: 'm10', sentAt: '2026-11-20T09:59:58.000Z', createdAt: '2026-11-20T10:00:00.000Z' }) }, app);
    expect(prompt.container.querySelector('time')!.hasAttribute('title')).toBe(false);
  });

  it('marks a private note so it cannot be mistaken for a reply', () => {
    const { app } = makeApp({});
    const { container } = renderWithApp(MessageItem, { message: message({ id: 'm2', direction: 'out', private: true, text: 'Internal only', sender: { type: 'user', id: 'u', name: 'Ada' } }) }, app);
    expect(container.querySelector('article')!.classList.contains('note')).toBe(true);
    expect(container.textContent).toContain('Private note');
    expect(container.querySelector('[data-status]')).toBeNull();
  });

  it('shows delivery ticks and the reason a message failed', () => {
    const { app } = makeApp({});
    const { container } = renderWithApp(
      MessageItem,
      { message: message({ id: 'm3', direction: 'out', status: 'failed', error: { code: 'INVALID_RECIPIENT', message: 'Number is not on WhatsApp' } }) },
      app,
    );
    expect(container.querySelector('[data-status="failed"]')!.textContent).toContain('Number is not on WhatsApp');
  });

  it('names refused attachments instead of linking them', () => {
    const { app } = makeApp({});
    const { container } = renderWithApp(
      MessageItem,
      {
        message: message({
          id: 'm4',
          attachments: [
            { id: 'a1', filename: 'invoice.pdf', contentType: 'application/pdf', size: 2048, url: '/files/a1', refused: null, pending: false },
            { id: 'a2', filename: 'virus.exe', contentType: 'application/x-msdownload', size: 10, url: '', refused: 'executable files are not stored', pending: false },
          ],
        }),
      },
      app,
    );
    expect(container.querySelector('a[href="/files/a1"]')!.textContent).toContain('invoice.pdf');
    expect(container.textContent).toContain('virus.exe was not stored: executable files are not stored');
  });

  it('says a file still being downloaded from the provider will come, in Turkish too, without a link', () => {
    const pending = message({ id: 'm5', attachments: [{ id: 'w1', filename: 'MEab12.jpg', contentType: 'image/jpeg', size: 0, url: null, refused: null, pending: true }] });
    const { app } = makeApp({});
    const { container } = renderWithApp(MessageItem, { message: pending }, app);
    expect(container.textContent).toContain('MEab12.jpg is still being downloaded from the provider');
    expect(container.querySelector('a[download]')).toBeNull();
    const turkish = makeApp({}).app;
    turkish.i18n.setLocale('tr');
    expect(renderWithApp(MessageItem, { message: pending }, turkish).container.textContent).toContain('MEab12.jpg sağlayıcıdan hâlâ indiriliyor');
  });

  it('previews photos, voice notes and videos in place, in a box that does not grow when they load', () => {
    const { app } = makeApp({});
    const { container } = renderWithApp(
      MessageItem,
      {
        message: message({
          id: 'm5',
          attachments: [
            { id: 'p1', filename: 'kargo.jpg', contentType: 'image/jpeg', size: 40_000, url: '/api/attachments/p1', refused: null, pending: false },
            { id: 'v1', filename: 'sesli-mesaj.ogg', contentType: 'audio/ogg; codecs=opus', size: 9_000, url: '/api/attachments/v1', refused: null, pending: false },
            { id: 'm1', filename: 'kutu.mp4', contentType: 'video/mp4', size: 900_000, url: '/api/attachments/m1', refused: null, pending: false },
            { id: 's1', filename: 'logo.svg', contentType: 'image/svg+xml', size: 900, url: '/api/attachments/s1', refused: null, pending: false },
          ],
        }),
      },
      app,
    );
    const img = container.querySelector('img')!;
    expect([img.getAttribute('src'), img.getAttribute('alt'), img.getAttribute('loading')]).toEqual(['/api/attachments/p1', 'kargo.jpg', 'lazy']);
    expect(container.querySelector('audio')!.getAttribute('src')).toBe('/api/attachments/v1');
    expect(container.querySelector('video')!.getAttribute('src')).toBe('/api/attachments/m1');
    expect(container.querySelectorAll('img')).toHaveLength(1); // an SVG is only offered as a download
    expect(container.querySelector('a[download="logo.svg"]')).not.toBeNull();
  });

  it('offers to send a failed reply again, and only a failed one', async () => {
    const { app } = makeApp({});
    const retried: string[] = [];
    const failed = renderWithApp(
      MessageItem,
      { message: message({ id: 'm6', direction: 'out', status: 'failed', error: { code: 'AUTH', message: 'Authenticate' } }), onRetry: (id: string) => retried.push(id) },
      app,
    );
    await fireEvent.click(failed.getByRole('button', { name: 'Send again' }));
    expect(retried).toEqual(['m6']);
    const sent = renderWithApp(MessageItem, { message: message({ id: 'm7', direction: 'out', status: 'sent' }), onRetry: () => {} }, app);
    expect(sent.container.querySelector('button.retry')).toBeNull();
  });

  it('blocks remote images until the agent loads them, for that message only', async () => {
    const { app } = makeApp({});
    const html = '<p>Kampanya</p><img alt="Logo" data-remote-src="https://t.example/open.gif?u=42" /><img src="cid:logo@shop" />';
    const email = (id: string) => message({ id, html, subject: 'Fırsat', channel: { id: 'e', kind: 'email' } });
    const first = renderWithApp(MessageItem, { message: email('r1') }, app);
    const second = renderWithApp(MessageItem, { message: email('r2') }, app);
    const srcdoc = (r: typeof first) => r.container.querySelector('iframe')!.getAttribute('srcdoc')!;
    expect(srcdoc(first)).not.toMatch(/\ssrc="https:/);
    expect(first.container.textContent).toContain('Remote images are blocked');

    await fireEvent.click(within(first.container).getByRole('button', { name: 'Load remote images' }));

    expect(srcdoc(first)).toContain('<img alt="Logo" src="https://t.example/open.gif?u=42">');
    expect(srcdoc(first)).toContain('<img src="cid:logo@shop">');
    expect(srcdoc(first)).not.toContain('data-remote-src');
    expect(within(first.container).queryByRole('button', { name: 'Load remote images' })).toBeNull();
    expect(srcdoc(second)).not.toMatch(/\ssrc="https:/);
    expect(within(second.container).queryByRole('button', { name: 'Load remote images' })).not.toBeNull();
  });

  it('offers nothing to load when an email has no remote images', () => {
    const { app } = makeApp({});
    const r = renderWithApp(MessageItem, { message: message({ id: 'r3', html: '<p>data-remote-src="https://x.example/a.png"</p>', channel: { id: 'e', kind: 'email' } }) }, app);
    expect(within(r.container).queryByRole('button', { name: 'Load remote images' })).toBeNull();
  });

  it('makes web and mail addresses clickable, opening safely in a new tab, and keeps markup as text', () => {
    const { app } = makeApp({});
    const text = 'Takip: https://kargo.example/t/88431. <img src=x onerror=alert(1)> javascript:alert(1) destek@example.com';
    const { container } = renderWithApp(MessageItem, { message: message({ id: 'm3', text }) }, app);
    const links = [...container.querySelectorAll('p.text a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).toEqual([
      ['https://kargo.example/t/88431', 'https://kargo.example/t/88431', '_blank', 'noopener noreferrer nofollow'],
      ['destek@example.com', 'mailto:destek@example.com', '_blank', 'noopener noreferrer nofollow'],
    ]);
    expect(container.querySelector('p.text img')).toBeNull();
    expect(container.querySelector('p.text')!.textContent).toBe(text);
  });

  it('says a reply on an API channel with no webhook is stored for the integrator, not sent', async () => {
    const channels = [
      { id: 'api-plain', kind: 'api', name: 'Pull API', config: {} },
      { id: 'api-hook', kind: 'api', name: 'Push API', config: { webhookUrl: 'https://shop.example/replies' } },
    ];
    const { app } = makeApp({ 'GET /api/channels': () => channels, 'GET /api/labels': () => [], 'GET /api/teams': () => [], 'GET /api/canned-responses': () => [] });
    await app.inbox.loadFacets();
    const reply = (id: string, channelId: string) =>
      message({ id, direction: 'out', status: 'sent', text: 'Kargonuz yolda.', channel: { id: channelId, kind: 'api' }, sender: { type: 'user', id: 'u', name: 'Ada' } });
    const stored = renderWithApp(MessageItem, { message: reply('m4', 'api-plain') }, app);
    expect(stored.container.querySelector('.delivery')!.textContent).toContain('Stored for the integrator');
    const pushed = renderWithApp(MessageItem, { message: reply('m5', 'api-hook') }, app);
    expect(pushed.container.querySelector('.delivery')!.textContent).not.toContain('Stored');
    expect(pushed.container.querySelector('.delivery')!.textContent).toContain('Sent');
  });
});
