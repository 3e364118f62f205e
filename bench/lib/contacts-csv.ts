/**
 * A deterministic CSV of Japanese contacts as a 名刺 tool or another CRM exports them: full name with reading,
 * company (one of rows/20 companies, written with varying legal-form notation), department, title, email,
 * phones, address and tags. Planted on purpose: 1% of rows repeat an earlier person's email in other case
 * (名寄せ duplicates inside the file) and 0.1% have a broken email (rejected rows for the error report).
 */
import { Random } from './random.ts'
import { COMPANY_KINDS, COMPANY_STEMS, GIVEN_NAMES, LEGAL_FORMS, PREFECTURES, SURNAMES } from './vocabulary.ts'

export const CONTACT_CSV_HEADER = ['氏名', 'フリガナ', '会社名', '部署', '役職', 'メールアドレス', '電話番号', '携帯電話', '郵便番号', '都道府県', '市区町村', '町名・番地', 'タグ']

const DEPARTMENTS = ['営業部', '総務部', '経理部', '情報システム部', '購買部', '開発部', '人事部', '経営企画室']
const TITLES = ['', '', '主任', '係長', '課長', '部長', '取締役', '代表取締役']
const TAGS = ['', '', '展示会2026', '名刺交換', 'セミナー参加', '紹介', 'VIP']

export interface ContactCsvStats {
  rows: number
  plantedDuplicates: number
  plantedBadEmails: number
  companies: number
}

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** Yields the file in lines (header first), so a million rows never sit in memory as one string array. */
export function* contactCsvLines(rows: number, seed: number, stats?: ContactCsvStats): Generator<string> {
  const random = new Random(seed)
  const companies = Math.max(1, Math.floor(rows / 20))
  const emails: string[] = []
  if (stats) Object.assign(stats, { rows, plantedDuplicates: 0, plantedBadEmails: 0, companies })
  yield CONTACT_CSV_HEADER.join(',')
  for (let i = 0; i < rows; i++) {
    const [surname, surnameKana] = random.pick(SURNAMES)
    const [given, givenKana] = random.pick(GIVEN_NAMES)
    const companyIndex = random.int(0, companies - 1)
    const [stem] = COMPANY_STEMS[companyIndex % COMPANY_STEMS.length]!
    const [kind] = COMPANY_KINDS[Math.floor(companyIndex / COMPANY_STEMS.length) % COMPANY_KINDS.length]!
    const branch = Math.floor(companyIndex / (COMPANY_STEMS.length * COMPANY_KINDS.length))
    const legal = LEGAL_FORMS[companyIndex % LEGAL_FORMS.length]!
    // The same company is written 株式会社… or (株)… in different rows: one account either way.
    const company = `${random.chance(0.2) ? '(株)' : legal}${stem}${kind}${branch > 0 ? branch : ''}`
    const [prefecture, city, areaCode] = random.pick(PREFECTURES)
    let email = `user${i}.${seed}@example${companyIndex}.co.jp`
    if (emails.length > 0 && random.chance(0.01)) {
      email = random.pick(emails).toUpperCase()
      if (stats) stats.plantedDuplicates++
    } else if (random.chance(0.001)) {
      email = `user${i}-at-example.co.jp`
      if (stats) stats.plantedBadEmails++
    } else if (emails.length < 10_000) emails.push(email)
    const phone = `${areaCode}-${String(random.int(1000, 9999))}-${String(random.int(1000, 9999))}`
    const mobile = random.chance(0.5) ? `090-${String(random.int(1000, 9999))}-${String(random.int(1000, 9999))}` : ''
    yield [
      `${surname} ${given}`,
      `${surnameKana} ${givenKana}`,
      company,
      random.pick(DEPARTMENTS),
      random.pick(TITLES),
      email,
      phone,
      mobile,
      `${String(random.int(100, 999))}-${String(random.int(1000, 9999))}`,
      prefecture,
      city,
      `${random.int(1, 9)}-${random.int(1, 30)}-${random.int(1, 20)}`,
      random.pick(TAGS),
    ]
      .map(cell)
      .join(',')
  }
}

export function contactCsv(rows: number, seed: number, stats?: ContactCsvStats): string {
  return [...contactCsvLines(rows, seed, stats), ''].join('\r\n')
}
