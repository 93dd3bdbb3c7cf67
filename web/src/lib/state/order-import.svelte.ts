// CSV import of orders: preview the file, map its columns to order fields, upload it, follow the server's progress to its report.
import type { Api } from '../api';
import type { OrderImportProgress } from '../api/types';
import { CsvImport, type ReadCsvPreview } from './contact-import.svelte';
import type { ORDER_CSV_FIELDS } from '../../../../server/orders/csv-import-orders.ts';

export type OrderField = (typeof ORDER_CSV_FIELDS)[number];
/** Where one column goes; '' leaves it out. */
export type OrderColumnTarget = OrderField | '';

/** The order fields a column can fill, in the order the mapping step offers them (the server's list). */
export const ORDER_FIELDS: readonly OrderField[] = [
  'externalId',
  'placedAt',
  'currency',
  'total',
  'status',
  'email',
  'phone',
  'customerId',
  'name',
  'source',
  'sku',
  'itemName',
  'category',
  'quantity',
  'unitPrice',
];

/** What every import must map: the server refuses a mapping without these, and without one of the customer's ids. */
const REQUIRED: readonly OrderField[] = ['externalId', 'placedAt', 'currency', 'total'];
const CUSTOMER: readonly OrderField[] = ['email', 'phone', 'customerId'];

/** Header spellings people use (English, Turkish and the shops' exports), compared without case, spaces, dashes or underscores. */
const aliases: Record<string, OrderField> = Object.fromEntries(
  Object.entries({
    externalId: ['externalid', 'order', 'orderid', 'ordernumber', 'orderno', 'id', 'siparis', 'siparisno', 'siparisnumarasi', 'siparisid'],
    placedAt: ['placedat', 'date', 'orderdate', 'createdat', 'created', 'tarih', 'siparistarihi'],
    currency: ['currency', 'parabirimi', 'doviz'],
    total: ['total', 'amount', 'ordertotal', 'totalprice', 'tutar', 'toplam', 'toplamtutar'],
    status: ['status', 'financialstatus', 'durum'],
    email: ['email', 'mail', 'emailaddress', 'customeremail', 'eposta', 'epostaadresi'],
    phone: ['phone', 'phonenumber', 'mobile', 'telefon', 'telefonnumarasi', 'cep', 'gsm'],
    customerId: ['customerid', 'customer', 'customerno', 'musteri', 'musterino', 'musteriid'],
    name: ['name', 'customername', 'fullname', 'ad', 'adsoyad', 'musteriadi', 'isim'],
    source: ['source', 'kaynak', 'channel', 'store', 'magaza'],
    sku: ['sku', 'stokkodu', 'urunkodu'],
    itemName: ['itemname', 'item', 'product', 'productname', 'lineitem', 'urun', 'urunadi'],
    category: ['category', 'producttype', 'kategori'],
    quantity: ['quantity', 'qty', 'adet', 'miktar'],
    unitPrice: ['unitprice', 'price', 'itemprice', 'birimfiyat', 'fiyat'],
  } satisfies Record<OrderField, string[]>).flatMap(([field, spellings]) => spellings.map((spelling) => [spelling, field as OrderField])),
);

const fold = (header: string) =>
  header
    .toLocaleLowerCase('tr')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .replace(/[\s_\-.#]/g, '');

/** The field a header most likely names, or '' when it names none (the user chooses). */
export const guessOrderTarget = (header: string): OrderColumnTarget => aliases[fold(header)] ?? '';

export class OrderImport extends CsvImport<OrderField, OrderImportProgress> {
  /** What is still to map before the server would take the file; 'customer' is any one of email, phone and customer number. */
  missing = $derived.by((): (OrderField | 'customer')[] => {
    const mapped = new Set(Object.values(this.mapping));
    const missing = REQUIRED.filter((field) => !mapped.has(field));
    return CUSTOMER.some((field) => mapped.has(field)) ? missing : [...missing, 'customer'];
  });

  constructor(api: Api, options: { read?: ReadCsvPreview; pollMs?: number } = {}) {
    super(
      {
        upload: (file, mapping) => api.contacts.importOrdersCsv(file, mapping),
        status: (id) => api.contacts.orderImportStatus(id),
        // One column per field: a second header guessed as the same field is left for the user to choose.
        guess: async (headers) => {
          const taken = new Set<OrderColumnTarget>();
          return Object.fromEntries(
            headers.map((header) => {
              const guess = guessOrderTarget(header);
              const target = guess && !taken.has(guess) ? guess : '';
              taken.add(target);
              return [header, target];
            }),
          );
        },
      },
      options,
    );
  }

  ready() {
    return this.missing.length === 0;
  }
}
