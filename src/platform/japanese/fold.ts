// Text folding for Japanese-aware search and 名寄せ (duplicate matching).
// Pure functions, no I/O: the same rules run in services, imports and the duplicate scanner.

/**
 * Old / variant kanji (異体字・旧字体) that appear in Japanese names, mapped to the form most people type.
 * Only characters NFKC leaves alone are listed (NFKC already folds CJK compatibility ideographs such as 塚 U+FA10).
 * Folding is for matching only: the stored name keeps the spelling the person uses.
 */
export const KANJI_VARIANTS: Readonly<Record<string, string>> = {
  髙: '高', 﨑: '崎', 嵜: '崎', 碕: '崎', 邊: '辺', 邉: '辺', 齋: '斎', 齊: '斎', 斉: '斎',
  濵: '浜', 濱: '浜', 德: '徳', 國: '国', 澤: '沢', 櫻: '桜', 廣: '広', 嶋: '島', 嶌: '島',
  榮: '栄', 藏: '蔵', 惠: '恵', 眞: '真', 實: '実', 壽: '寿', 淺: '浅', 會: '会', 學: '学',
  萬: '万', 豐: '豊', 黑: '黒', 圓: '円', 關: '関', 團: '団', 兒: '児', 來: '来', 禮: '礼',
  靜: '静', 條: '条', 邨: '村', 槇: '槙', 冨: '富', '𠮷': '吉', 桒: '桑', 曻: '昇', 瀨: '瀬',
  增: '増', 莊: '荘', 鐵: '鉄', 稻: '稲', 淸: '清', 靑: '青', 彌: '弥', 峯: '峰', 澁: '渋',
  澀: '渋', 龍: '竜', 驒: '騨', 舘: '館', 檜: '桧', 埜: '野',
  冩: '写', 縣: '県', 譽: '誉', 亞: '亜', 惡: '悪', 戶: '戸', 眾: '衆', 將: '将',
  晉: '晋', 寬: '寛', 顯: '顕', 聰: '聡', 總: '総', 綠: '緑', 瀧: '滝', 龜: '亀', 廳: '庁',
};

const VARIANT_RE = new RegExp(
  `[${Object.entries(KANJI_VARIANTS)
    .filter(([from, to]) => from !== to)
    .map(([from]) => from)
    .join('')}]`,
  'gu',
);

// Whitespace of every width plus the name separators people type between 姓 and 名 (・ and the NFKC result of ･).
const SPACES_RE = /[\s\u3000\u30fb\u00b7]+/gu;

/** Katakana (ァ U+30A1 … ヶ U+30F6) to hiragana; ー and ヽヾ are left as they are. */
export function katakanaToHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

export function foldVariantKanji(text: string): string {
  return text.replace(VARIANT_RE, (ch) => KANJI_VARIANTS[ch] ?? ch);
}

/**
 * The one folding every search and match goes through: NFKC (full/half width letters and digits, ﾀﾅｶ→タナカ,
 * ㈱→(株)), lower case, katakana→hiragana, variant kanji→standard, whitespace and ・ removed.
 */
export function foldForSearch(text: string | null | undefined): string {
  if (!text) return '';
  return foldedForSearch(text);
}

const foldedForSearch = memoized((text: string) => foldVariantKanji(katakanaToHiragana(text.normalize('NFKC').toLowerCase())).replace(SPACES_RE, ''));

/**
 * A pure string function with the last few thousand answers kept: an import folds the same family names, readings,
 * companies and tags over and over (each contact's search text folds ~10 parts twice). Forgets everything when full;
 * long texts (notes) are never kept.
 */
export function memoized(fn: (text: string) => string, capacity = 20_000, longest = 200): (text: string) => string {
  const answers = new Map<string, string>();
  return (text) => {
    if (text.length > longest) return fn(text);
    let answer = answers.get(text);
    if (answer === undefined) {
      answer = fn(text);
      if (answers.size >= capacity) answers.clear();
      answers.set(text, answer);
    }
    return answer;
  };
}

/**
 * Phone digits: 03-1234-5678, ０３（１２３４）５６７８ and +81 3 1234 5678 all give 0312345678.
 * Japanese international form (+81, 0081, 81 with a leading +) becomes the domestic trunk form with 0;
 * other countries keep their digits including the country code. Returns '' when there are no digits.
 */
export function normalizePhone(text: string | null | undefined): string {
  if (!text) return '';
  const nfkc = text.normalize('NFKC').trim();
  let digits = nfkc.replace(/\D+/g, '');
  const international = /^\+/.test(nfkc) || digits.startsWith('00');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (international && digits.startsWith('81')) {
    // "+81 (0)3 …" is common on business cards: drop the bracketed trunk 0 before adding our own.
    const rest = digits.slice(2);
    return rest.startsWith('0') ? rest : `0${rest}`;
  }
  return digits;
}

/** Email addresses compare by NFKC, trimmed, lower case (the local part is case-insensitive in practice). */
export function normalizeEmail(text: string | null | undefined): string {
  if (!text) return '';
  return text.normalize('NFKC').trim().toLowerCase();
}

/** People's names: 髙橋　一郎, 高橋 一郎 and ﾀｶﾊｼｲﾁﾛｳ (as reading) fold like any search text. */
export function normalizePersonName(text: string | null | undefined): string {
  return foldForSearch(text);
}
