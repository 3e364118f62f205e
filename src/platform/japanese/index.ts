// Japanese-aware text normalisation shared by search, 名寄せ (duplicates), imports and 名刺 entry.
// Pure functions only — no database or HTTP here. Rules are published in docs/matching-rules.md.
export {
  KANJI_VARIANTS,
  foldForSearch,
  foldVariantKanji,
  katakanaToHiragana,
  normalizeEmail,
  normalizePersonName,
  normalizePhone,
} from './fold.ts';
export { JAPANESE_LEGAL_FORMS, normalizeCompanyName } from './company.ts';
export { SEARCH_TEXT_SEPARATOR, buildSearchText, foldQuery, searchTextGrams } from './search-text.ts';
export { type ContactMatchKeys, contactMatchKeys } from './match-keys.ts';
