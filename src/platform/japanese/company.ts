import { foldForSearch, memoized } from './fold.ts';

/**
 * Japanese legal-entity forms, written as they look after NFKC (㈱ and （株） both become "(株)").
 * Longest first so 医療法人社団 is removed whole rather than leaving 社団 behind.
 */
export const JAPANESE_LEGAL_FORMS: readonly string[] = [
  '特定非営利活動法人', '社会保険労務士法人', '国立大学法人', '独立行政法人', '地方独立行政法人',
  '一般社団法人', '一般財団法人', '公益社団法人', '公益財団法人', '医療法人社団', '医療法人財団',
  '社会福祉法人', '司法書士法人', '行政書士法人', '弁護士法人', '税理士法人', '監査法人', '宗教法人',
  '株式会社', '有限会社', '合同会社', '合資会社', '合名会社', '相互会社', '医療法人', '学校法人',
  'npo法人', '(特非)', '(一社)', '(一財)', '(公社)', '(公財)', '(株)', '(有)', '(同)', '(合)', '(資)',
  '(名)', '(医)', '(学)', '(福)', '(宗)', '(社)', '(財)',
].sort((a, b) => b.length - a.length);

// English forms, matched as whole words at the end (or start) of the name before spaces are folded away,
// so "Zinc" or "Costco" keep their letters.
const EN_FORMS =
  'co\\.?\\s*,?\\s*ltd\\.?|company\\s+limited|kabushiki\\s+kaisha|k\\.\\s?k\\.?|kk|g\\.\\s?k\\.?|' +
  'inc\\.?|incorporated|corp\\.?|corporation|l\\.?l\\.?c\\.?|ltd\\.?|limited|co\\.|company|gmbh|plc';
const EN_SUFFIX_RE = new RegExp(`(?:^|[\\s,])(?:${EN_FORMS})[\\s,.]*$`, 'u');
const EN_PREFIX_RE = new RegExp(`^(?:kabushiki\\s+kaisha|k\\.\\s?k\\.?)[\\s,]+`, 'u');

function stripJapaneseForms(name: string): string {
  let changed = true;
  let out = name;
  while (changed) {
    changed = false;
    for (const form of JAPANESE_LEGAL_FORMS) {
      if (out.length > form.length && out.startsWith(form)) {
        out = out.slice(form.length);
        changed = true;
      }
      if (out.length > form.length && out.endsWith(form)) {
        out = out.slice(0, -form.length);
        changed = true;
      }
    }
  }
  return out;
}

/**
 * Company names for matching: (株)大福, ㈱大福, 株式会社 大福 and 大福株式会社 all give "大福";
 * "Daifuku Co., Ltd." and "DAIFUKU Inc." give "daifuku". A name that is nothing but a legal form keeps it.
 */
export function normalizeCompanyName(text: string | null | undefined): string {
  if (!text) return '';
  return normalizedCompanyName(text);
}

const normalizedCompanyName = memoized((text: string): string => {
  let name = text.normalize('NFKC').toLowerCase().trim();
  for (let guard = 0; guard < 4; guard += 1) {
    const before = name;
    name = name.replace(EN_SUFFIX_RE, '').replace(EN_PREFIX_RE, '').replace(/[\s,.、]+$/u, '').trim();
    // Japanese forms are compared with spaces removed (株式会社 大福 / 株式会社　大福).
    name = stripJapaneseForms(name.replace(/[\s\u3000]+/gu, ''));
    if (name === before) break;
  }
  const folded = foldForSearch(name);
  return folded.length > 0 ? folded : foldForSearch(text);
});
