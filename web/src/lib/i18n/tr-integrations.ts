// Mağaza entegrasyonları ayarlarının (Shopify ve WooCommerce sipariş webhook'ları) Türkçe mesajları; tr.ts içine yayılır.
import type { enIntegrations } from './en-integrations';

export const trIntegrations: Record<keyof typeof enIntegrations, string> = {
  'settings.integrations': 'Entegrasyonlar',
  'integrations.intro': 'Bir mağaza bağlayın, siparişleri ve iadeleri buraya gelsin: her sipariş müşterinin değerini, segmentlerini ve iş akışlarını günceller.',
  'integrations.empty': 'Henüz bağlı mağaza yok.',
  'integrations.kind.shopify': 'Shopify',
  'integrations.kind.woocommerce': 'WooCommerce',
  'integrations.connect': 'Mağaza bağla',
  'integrations.platform': 'Platform',
  'integrations.name': 'Ad',
  'integrations.secret': 'İmza anahtarı (isteğe bağlı)',
  'integrations.secretHelp.shopify':
    'Bu anahtarı Shopify belirler: Ayarlar → Bildirimler → Webhook’lar altında gösterileni (“Webhook’larınız … ile imzalanacak”) ya da webhook’ları bir uygulama gönderiyorsa uygulamanın istemci anahtarını yapıştırın.',
  'integrations.secretHelp.woocommerce':
    'WooCommerce webhook’unuzun Secret alanı. Kısa bir anahtar tahmin edilip sahte sipariş eklemek için kullanılamasın diye en az 16 karakter olmalı: sizinki daha kısaysa burayı boş bırakın ve üretilen anahtarı webhook’un Secret alanına yapıştırın.',
  'integrations.secretHelpEmpty': 'Boş bırakılırsa güçlü bir anahtar üretilir ve bir kez gösterilir.',
  'integrations.topics.shopify':
    'Shopify’da Ayarlar → Bildirimler → Webhook’lar altında bu adrese JSON biçiminde şu olayların her biri için bir webhook oluşturun: Sipariş oluşturma (orders/create), Sipariş güncelleme (orders/updated), Sipariş iptali (orders/cancelled), Sipariş ödemesi (orders/paid) ve İade oluşturma (refunds/create).',
  'integrations.topics.woocommerce':
    'WooCommerce’te Ayarlar → Gelişmiş → Webhook’lar altında bu teslim adresine Order created konulu bir webhook, Order updated konulu bir tane daha ekleyin (Order restored da işlenir); ikisinde de aynı anahtar olsun.',
  'integrations.url': 'Webhook adresi',
  'integrations.copy': 'Kopyala',
  'integrations.copied': 'Kopyalandı',
  'integrations.secretMasked': 'Anahtar {secret}',
  'integrations.secretOnce': '{name} için imza anahtarı yalnızca bu kez gösteriliyor: şimdi mağazaya kopyalayın. {secret}',
  'integrations.disconnect': 'Bağlantıyı kes',
  'integrations.confirmDisconnect': '{name} bağlantısı kesilsin mi? Webhook’ları bundan sonra reddedilir; gelmiş siparişler kalır.',
};
