import { foldForSearch, normalizeEmail, normalizePhone } from './fold.ts';

/**
 * A contact's stored 名寄せ keys (contacts.match_name, match_kana, match_emails, match_phones), as the SQL functions
 * daifuku_person_key, daifuku_kana_key, daifuku_email_keys and daifuku_phone_keys compute them. Bulk writes send
 * them with the row (migration 0408) so the database does not compute them a row at a time.
 *
 * The TypeScript folding and the SQL folding agree (sql-fold.test.ts) except where the database's C character type
 * differs from JavaScript: lower() changes only A–Z there, and `[[:space:]]` is ASCII white space only. A key whose
 * input holds such a character is left null, and the database computes it (its trigger fills every null key).
 */
export interface ContactMatchKeys {
  matchName: string | null;
  matchKana: string | null;
  matchEmails: string[] | null;
  matchPhones: string[] | null;
}

export interface ContactKeySource {
  familyName?: string | null;
  givenName?: string | null;
  displayName?: string | null;
  familyNameKana?: string | null;
  givenNameKana?: string | null;
  emails?: readonly { address: string }[] | null;
  phones?: readonly { number: string }[] | null;
}

// White space JavaScript trims or removes (\s, trim()) and the database does not: btrim() trims spaces only, and
// `[[:space:]]` is ASCII white space only (NFKC already turned U+3000 and the other wide spaces into U+0020).
const WHITE_SPACE_APART = /[\t\n\v\f\r\u1680\u2028\u2029\ufeff]/;

/** True when TypeScript folds and trims `text` as the database does: no cased letter outside A–Z, no such space. */
function foldsAlike(text: string | null | undefined): boolean {
  if (!text) return true;
  const nfkc = text.normalize('NFKC');
  return nfkc.toLowerCase() === nfkc.replace(/[A-Z]+/g, (ascii) => ascii.toLowerCase()) && !WHITE_SPACE_APART.test(nfkc);
}

// Distinct and sorted as `array_agg(distinct k order by k)` sorts them: by bytes (the C collation).
const inByteOrder = (keys: string[]) => [...new Set(keys)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

export function contactMatchKeys(contact: ContactKeySource): ContactMatchKeys {
  const { familyName, givenName, displayName, familyNameKana, givenNameKana } = contact;
  const emails = (contact.emails ?? []).map((e) => e.address);
  const phones = (contact.phones ?? []).map((p) => p.number);
  return {
    matchName: [familyName, givenName, displayName].every(foldsAlike) ? foldForSearch(`${familyName ?? ''}${givenName ?? ''}`) || foldForSearch(displayName) : null,
    matchKana: [familyNameKana, givenNameKana].every(foldsAlike) ? foldForSearch(`${familyNameKana ?? ''}${givenNameKana ?? ''}`) : null,
    matchEmails: emails.every(foldsAlike) ? inByteOrder(emails.map(normalizeEmail).filter((k) => k !== '')) : null,
    matchPhones: phones.every(foldsAlike) ? inByteOrder(phones.map(normalizePhone).filter((k) => k.length >= 6)) : null,
  };
}
