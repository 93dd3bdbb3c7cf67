// Turkish complaint lexicon: stems matched with any suffix, negation read from verb suffixes and "değil"/"yok".
import { entries, type Lexicon } from './lexicon.ts';

const negative = entries('negative', [
  'rezalet:1.5', 'berbat:1.5', 'skandal:1.5', 'felaket:1.3', 'korkunç:1.3', 'iğrenç:1.5', 'utanç:1.2', 'ayıp:1.0', 'yazık:0.8',
  'şikayet:1.2', 'şikâyet:1.2', 'tüketici:0.8', 'hakem heyeti:1.0', 'avukat:0.8', 'dava$:0.8', 'mağdur:1.5', 'zarar:1.0',
  'dolandır:1.8', 'kandır:1.5', 'sahte:1.3', 'haksız:1.2', 'kabul edilemez:1.5', 'kabul edilmez:1.5', 'bıktım:1.5', 'bıktık:1.5',
  'sinir:1.0', 'kaba$:1.0', 'saygısız:1.2', 'ilgisiz:1.0', 'cevapsız:1.0', 'ne biçim:1.2', 'yüzüme kapat:1.2', 'muhatap:0.8',
  'bozuk:1.2', 'bozul:1.2', 'kırık:1.2', 'kırıl:1.0', 'hasar:1.2', 'defo:1.3', 'kalitesiz:1.3', 'ıslan:0.8', 'kullanılmış:0.6',
  'eksik:1.0', 'yanlış:0.9', 'gecik:1.0', 'geç$:0.5', 'geçersiz:1.0', 'kayboldu:1.0', 'kayıp:0.8', 'çalındı:1.0',
  'arıza:0.7', 'kesik:0.8', 'kesinti:0.8', 'sorun:0.6', 'problem:0.6', 'hata:0.6', 'soğuk:0.5', 'meşgul:0.5', 'yavaş:0.6', 'pahalı:0.6',
  'boşuna:0.8', 'beklentimin altında:1.0', 'kötü:1.0', 'fena:0.8',
  'paramı geri:1.5', 'paramı iade:1.2', 'para iadesi:0.8', 'iade:0.5', 'iptal:0.3', 'ücret:0.3',
  'kesildi:0.8', 'çekildi:0.7', 'çekim:0.6', 'ödemediğim:0.8', 'onaylamadığım:0.8', 'haberim olmadan:0.8',
  'hala$:0.4', 'hâlâ$:0.4', 'yine$:0.3', 'kimse:0.5:fixed', 'hiç kimse:0.6:fixed', 'neden$:0.4', 'asla:0.4:fixed', 'nerede$:0.4',
  'bekliyorum:0.4', 'bekliyoruz:0.4', 'ortada yok:1.0:fixed', 'duman:0.8', 'parçalan:1.0', 'kopt:0.9', 'kopuyor:0.8', 'dağıldı:0.9',
  'tehlikeli:1.0', 'izinsiz:1.0', 'tanımadığım:0.8', 'tarihi geç:1.0', 'umursama:1.0', 'delik:0.6', 'yanlış gönder:1.2', 'bilgi verilmiyor:1.0', 'beklet:0.8', 'saatlerce:0.6', 'günlerce:0.6', 'haftalarca:0.6', 'hayal kırıklığı:1.5',
  'gibi değil:0.8', 'farklı:0.4', 'fazladan:0.8', 'yansıtıl:0.6', 'ezil:1.0', 'ezik:1.0', 'küçüldü:0.8', 'boşa:0.8', 'leke:0.8',
  'çatlak:1.0', 'çatla:1.0', 'lekeli:1.0', 'akıtıyor:0.9', 'sızdır:0.9', 'eğil:0.7', 'eğri:0.7', 'soyul:0.8', 'pas$:0.6', 'paslı:0.9',
  'arızalı:1.2', 'hasarlı:1.2', 'durdu$:0.7', 'ısınıyor:0.6', 'ıslak:0.8', 'küflü:1.2', 'çürük:1.2', 'kokuyor:0.6', 'kirli:1.0', 'tozlu:0.8',
  'saç çıktı:1.2', 'zehirlen:1.5', 'midem bulan:1.2', 'böcek:1.0', 'işe yaramaz:1.3', 'işe yaramıyor:1.3', 'aktardılar:0.8', 'aktarıldım:0.8',
  'oyaladı:1.0', 'yarım bırak:1.2', 'yarım kaldı:1.0', 'silindi:1.0', 'pişman:1.2', 'başka firma:0.8', 'tam fiyat:0.8', 'gizli ücret:1.2',
  'fazla ücret:1.2', 'çift çekim:1.2', 'iki kez çekil:1.2', 'otomatik yenilen:0.6', 'bile$:0.4:fixed', 'söz veril:0.6', 'söz verdi:0.6', 'alınmış:0.3',
  'bilgi veremiyor:0.8', 'sürdü$:0.4', 'kaybettim:0.8', 'bozulmuş:1.2', 'gelmek bilmiyor:1.2', 'kaçıncı:1.0', 'hiçbir şekilde:0.6',
  'yırtık:1.0', 'yırtıl:1.0', 'çizik:0.9', 'çizil:0.9', 'küf:1.2', 'bayat:1.0', 'son kez:1.0', 'bir daha:0.5', 'oyalan:1.0', 'oyalıyor:1.0',
  'kez$:0.5', 'kere$:0.5', 'kezdir:0.8',
  'gündür:0.7', 'günlerdir:0.7', 'haftadır:0.7', 'haftalardır:0.7', 'aydır$:0.7', 'aylardır:0.7', 'saattir:0.6', 'saatlerdir:0.6',
]);

const positive = entries('positive', [
  'memnun:0.8', 'teşekkür:0.6', 'sağ olun:0.6', 'sağolun:0.6', 'elinize sağlık:0.8', 'ellerinize sağlık:0.8', 'harika:0.8', 'mükemmel:0.8',
  'süper:0.6', 'güzel:0.5', 'beğen:0.6', 'iyi$:0.4', 'iyiydi:0.4', 'tavsiye:0.5', 'ilgili:0.4', 'kibar:0.5', 'hızlı:0.3',
  'sorunsuz:0.6', 'yolunda:0.5', 'çözdü:0.6', 'çözüldü:0.6', 'başarılı:0.5', 'memnuniyet:0.6',
]);

/** Things a customer waits for; "gelmedi", "ulaşamıyorum", "cevap vermiyor" negate them. */
const expected = entries('expected', [
  'gel', 'ulaş', 'yat', 'dön', 'çalış', 'çöz', 'gönder', 'ilgilen', 'uygula', 'oluş', 'yetiş', 'görün', 'tut', 'sonuçlan',
  'düzel', 'ara$', 'aradı', 'aramadı', 'arama', 'yanıtla', 'cevapla', 'söyle', 'bildir', 'aç', 'yüklen', 'teslim edil', 'teslim et',
  'dönüş yap', 'cevap ver', 'yanıt ver', 'haber ver', 'bilgi ver', 'yardımcı ol', 'geri dön',
].map((s) => `${s}:1.0`));

/** "istemiyorum" (I don't want) and "-meden" forms are not evidence, however much they look like "gelmedi". */
const neutral = entries('neutral', ['eksiksiz', 'istemiyor', 'istemem', 'istemedi', 'beklemeden', 'sorunsuz']);

/** Negative verb and inability suffixes right after a stem: -me/-ma, -mıyor, -mez, -memiş, -amıyor, -emedi. */
// Not the aorist "-mem": "göndermem gerekiyor" (my sending) is far more common in support mail than "I won't send".
const NEG_AFTER_STEM = /^(?:[iu]?[ln])?(?:y?[ae])?m(?:[ae]d[iu]|[iu]yor|[ae]z|[ae]m[iu]s|[ae]y[ae]c|[ae]y[iu]z)/;
/** A whole token that is a negated verb ("yapmıyor", "kalmadım", "olmaz", "kullanılamaz"). */
const NEG_VERB = /^\p{L}{2,}?(?:m[ae]d[iu]|m[iu]yor|m[ae]z$|m[ae]z[iu]|m[ae]m[iu]s)/u;
const NEGATOR_WORDS = /^(degil|yok$|yoktu|olmad|kalmad)/;
const FILLERS = new Set(['bir', 'sey', 'seyi', 'de', 'da', 'hic', 'bile']);
const QUESTION_PARTICLE = /^m[iu](?:s[iu]n[iu]z|y[iu]m|y[iu]z|s[iu]n)?$/;
const CONDITIONAL = /(?:d[iu]ys[ae]|yors[ae]|[iuae]rs[ae]$|m[ae]zs[ae]|m[ae]ds[ae])/;

export const turkishLexicon: Lexicon = {
  entries: [...negative, ...positive, ...expected, ...neutral],
  intensifiers: new Set(['cok', 'hic', 'hicbir', 'gercekten', 'resmen', 'tamamen', 'asla', 'fazlasiyla', 'kesinlikle', 'derece']),
  isConditional: (tokens) => tokens.some((t) => t === 'eger' || t === 'sayet' || CONDITIONAL.test(t)),
  // "sorun olur mu?" asks whether something would be a problem; it reports none.
  isQuestion: (tokens) => tokens.some((t) => QUESTION_PARTICLE.test(t)),
  negation(tokens, start, end, stemLength, isCovered) {
    // Turkish negates after the word: in the verb's own suffix, or with "değil"/"yok" or a negated verb
    // right after it ("kötü değil", "memnun kalmadım"). One word only: in "geç teslimat olmaz" the
    // negation belongs to the noun phrase's verdict, not to "geç".
    if (NEG_AFTER_STEM.test(tokens[end].slice(stemLength))) return -1;
    let next = end + 1;
    while (next < tokens.length && FILLERS.has(tokens[next])) next++; // "kötü bir şey yok"
    if (next < tokens.length && !isCovered(next) && (NEGATOR_WORDS.test(tokens[next]) || NEG_VERB.test(tokens[next]))) return next;
    return undefined;
  },
  genericNegative: (token) => NEG_VERB.test(token),
};
