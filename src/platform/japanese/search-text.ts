import { foldForSearch, normalizePhone } from './fold.ts';
import { normalizeCompanyName } from './company.ts';

/**
 * Separator between folded parts in a search_text column. Folded parts never contain whitespace,
 * so a query (also folded) can never match across two parts.
 */
export const SEARCH_TEXT_SEPARATOR = ' ';

// A part that is only digits and phone punctuation (after NFKC) is a phone number.
const PHONE_LIKE_RE = /^[+\d\s\-()‐.ー]+$/u;

/**
 * The text stored in `search_text`: every part folded (foldForSearch), a company's name also without its legal form,
 * and phone-like parts also as bare digits, so 03-1234-5678 matches 0312345678. Empty parts are skipped,
 * duplicates written once.
 */
export function buildSearchText(parts: ReadonlyArray<string | null | undefined>): string {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (value: string) => {
    if (value.length > 0 && !seen.has(value)) {
      seen.add(value);
      out.push(value);
    }
  };
  for (const part of parts) {
    if (!part) continue;
    push(foldForSearch(part));
    const nfkc = part.normalize('NFKC').trim();
    if (PHONE_LIKE_RE.test(nfkc)) {
      const digits = normalizePhone(nfkc);
      if (digits.length >= 6) push(digits);
    } else {
      push(normalizeCompanyName(part));
    }
  }
  return out.join(SEARCH_TEXT_SEPARATOR);
}

/**
 * A user's query folded the same way as search_text. Phone-like queries become their digits so
 * 「03-1234-5678」 and 「0312345678」 search alike.
 */
export function foldQuery(query: string | null | undefined): string {
  if (!query) return '';
  const nfkc = query.normalize('NFKC').trim();
  if (PHONE_LIKE_RE.test(nfkc) && /\d/.test(nfkc)) {
    const digits = normalizePhone(nfkc);
    if (digits.length > 0) return digits;
  }
  // A query with a legal form ((株)大福) searches for the bare name, which search_text always holds.
  return normalizeCompanyName(query);
}

// White space for daifuku_search_grams' `[[:space:]]` under the C character type our databases are created with.
const isGramSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

/**
 * The grams the search index holds for a search_text (the SQL function daifuku_search_grams): every character and
 * every pair of neighbouring characters, none with white space in it, each once. Bulk writes send them with the row
 * (migration 0407) so the database does not compute them a row at a time.
 */
export function searchTextGrams(text: string | null | undefined): string[] {
  const grams = new Set<string>();
  let previous = ' ';
  // for…of walks code points, as string_to_array(t, null) splits characters (𠮷 is one).
  for (const c of text ?? '') {
    if (!isGramSpace(c)) {
      grams.add(c);
      if (!isGramSpace(previous)) grams.add(previous + c);
    }
    previous = c;
  }
  return [...grams];
}
