// A small support workspace for suggestion tests: canned responses, resolved conversations that used them, held-out questions.
import { randomBytes } from 'node:crypto';
import type { Database } from '../../server/db/client.ts';
import { cannedResponses, contacts, conversations, messages } from '../../server/db/schema/index.ts';
import { messageSearchText } from '../../server/lib/fold-text.ts';

export const CANNED: Record<string, string> = {
  'kargo-takip': 'Merhaba {{contact.name}}, siparişiniz kargoya verildi. Takip numaranızı SMS ile ilettik; kargo 1-3 iş günü içinde teslim edilir.',
  iade: 'Merhaba {{contact.name}}, iade talebinizi aldık. Ürünü faturasıyla birlikte 14 gün içinde ücretsiz iade kodu ile gönderebilirsiniz.',
  'odeme-hatasi': 'Merhaba {{contact.name}}, ödeme sırasında bankanız işlemi onaylamamış görünüyor. Kartınızı kontrol edip tekrar deneyebilir veya havale seçebilirsiniz.',
  'sifre-sifirlama': 'Hello {{contact.name}}, you can reset your password from the "Forgot password" link on the sign-in page; the link is valid for one hour.',
  fatura: 'Merhaba {{contact.name}}, faturanız e-posta adresinize e-Arşiv fatura olarak gönderildi; hesabım > siparişlerim bölümünden de indirebilirsiniz.',
  'adres-degisikligi': 'Merhaba {{contact.name}}, siparişiniz henüz kargoya verilmediyse teslimat adresini değiştirebiliriz; yeni adresinizi yazar mısınız?',
};

/** Past customer messages per canned response: what the agents answered with it. */
export const PAST: Record<string, string[]> = {
  'kargo-takip': [
    'Siparişim nerede, hala gelmedi',
    'Kargom ne zaman gelir?',
    'Sipariş verdim ama kargoya verildi mi bilmiyorum',
    'KARGO TAKİP NUMARAMI ALABİLİR MİYİM',
    'Where is my order? It has not arrived yet',
  ],
  iade: ['Ürünü iade etmek istiyorum', 'Aldığım ayakkabı küçük geldi, iade edebilir miyim?', 'İade nasıl yapılıyor?', 'I want to return the item I bought', 'Ürün beğenmedim geri göndermek istiyorum'],
  'odeme-hatasi': [
    'Ödeme yapamıyorum kartım reddedildi',
    'Kredi kartı ile ödeme hata veriyor',
    'Ödeme sayfasında işlem onaylanmadı diyor',
    'My card payment failed at checkout',
    'Bankadan para çekildi ama ödeme hatası aldım',
  ],
  'sifre-sifirlama': [
    'Şifremi unuttum giriş yapamıyorum',
    'I forgot my password and cannot log in',
    'How do I reset my password?',
    'Şifre sıfırlama maili gelmiyor',
    'Hesabıma giriş yapamıyorum şifre yanlış diyor',
  ],
  fatura: ['Faturamı nereden indirebilirim?', 'Siparişimin faturası gelmedi', 'Kurumsal fatura alabilir miyim?', 'I need the invoice for my order', 'E-fatura gönderebilir misiniz'],
  'adres-degisikligi': [
    'Teslimat adresimi değiştirmek istiyorum',
    'Adresi yanlış yazdım düzeltebilir misiniz?',
    'Siparişin gideceği adresi değiştirebilir miyim',
    'Can I change the delivery address?',
    'Yeni adrese taşındım, adres güncellemesi lazım',
  ],
};

/** New phrasings nobody used before: the right canned response should come first. */
export const HELD_OUT: Array<[string, string]> = [
  ['kargo-takip', 'Siparişimin kargosu nerede acaba?'],
  ['kargo-takip', 'Kargo takip numarası gelmedi'],
  ['kargo-takip', 'My order still has not arrived'],
  ['iade', 'Elbiseyi iade etmek istiyorum nasıl yapacağım'],
  ['iade', 'Can I return these shoes?'],
  ['odeme-hatasi', 'Kartım ödeme sırasında reddedildi neden?'],
  ['odeme-hatasi', 'Payment failed with my credit card'],
  ['sifre-sifirlama', 'ŞİFREMİ UNUTTUM yardım'],
  ['sifre-sifirlama', 'Password reset link is not working, I cannot log in'],
  ['fatura', 'Fatura bilgilerimi nereden indiririm'],
  ['fatura', 'Please send the invoice'],
  ['adres-degisikligi', 'Adresimi değiştirmem gerekiyor'],
  ['adres-degisikligi', 'Delivery address is wrong, can you change it?'],
];

const token = () => randomBytes(8).toString('hex');

async function conversationWith(database: Database, name: string, status: 'open' | 'resolved', lines: Array<['in' | 'out', string]>) {
  const db = database.db;
  const [contact] = await db.insert(contacts).values({ name }).returning();
  const [conversation] = await db.insert(conversations).values({ contactId: contact!.id, status, token: token() }).returning();
  for (const [direction, text] of lines) {
    await db.insert(messages).values({
      conversationId: conversation!.id,
      contactId: contact!.id,
      direction,
      senderType: direction === 'in' ? 'contact' : 'user',
      text,
      status: direction === 'in' ? 'received' : 'sent',
      searchText: messageSearchText(text),
    });
  }
  return { contactId: contact!.id, conversationId: conversation!.id };
}

/** Canned responses and one resolved conversation per past message, answered with the canned text filled in. */
export async function seedSupport(database: Database): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [shortCode, content] of Object.entries(CANNED)) {
    const [row] = await database.db.insert(cannedResponses).values({ shortCode, content }).returning();
    ids[shortCode] = row!.id;
  }
  let n = 0;
  for (const [code, questions] of Object.entries(PAST)) {
    for (const question of questions) {
      const name = `Müşteri ${++n}`;
      await conversationWith(database, name, 'resolved', [
        ['in', question],
        ['out', CANNED[code]!.replace('{{contact.name}}', name)],
      ]);
    }
  }
  return ids;
}

export const openConversation = (database: Database, name: string, text: string) => conversationWith(database, name, 'open', [['in', text]]);
export { conversationWith };
