// Turkish messages for email tracking; spread into tr.ts, keyed as enTracking.
import type { enTracking } from './en-tracking';

export const trTracking: Record<keyof typeof enTracking, string> = {
  'settings.tracking': 'E-posta takibi (yalnızca pazarlama e-postaları)',
  'settings.trackingHint':
    'Varsayılan olarak kapalıdır. Temsilci yanıtları hiçbir zaman takip edilmez. Apple Mail Gizlilik Koruması gibi e-posta istemcisi vekillerinin açmaları kişi olarak değil, ayrı sayılır.',
  'settings.tracking.opens': 'Açılmaları takip et (HTML e-postada görünmez bir görsel)',
  'settings.tracking.clicks': 'Tıklamaları takip et (bağlantılar imzalı bir yönlendirmeden geçer)',
  'settings.tracking.utm': 'Bağlantılara UTM etiketleri ekle (utm_source=ulak, utm_medium=email, utm_campaign)',
  'campaign.figure.opened': 'Açan (kişi)',
  'campaign.figure.clicked': 'Tıklayan (kişi)',
  'campaign.figure.machineOpens': 'Bir makinenin açtığı (ör. Apple Mail Gizlilik Koruması)',
};
