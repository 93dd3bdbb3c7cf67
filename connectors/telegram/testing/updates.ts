// Real-shaped Bot API update payloads for tests.
export const customer = { id: 424242, is_bot: false, first_name: 'Ayşe', last_name: 'Yılmaz', username: 'ayse_y', language_code: 'tr' };

let nextMessageId = 500;

export function textMessage(text: string, extra: Record<string, unknown> = {}) {
  return {
    message_id: nextMessageId++,
    from: customer,
    chat: { id: customer.id, type: 'private', first_name: customer.first_name, username: customer.username },
    date: 1772355600,
    text,
    ...extra,
  };
}
