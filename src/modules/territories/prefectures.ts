/**
 * The 47 prefectures (都道府県) with their JIS X 0401 codes and regions (地方), and the pure rules of
 * territory placement: which territory an account with this prefecture and industry falls in.
 */
import { foldForSearch } from '../../platform/japanese/index.ts'
import { PREFECTURES } from '../contacts/contacts.schema.ts'

export { PREFECTURES }
export type Prefecture = (typeof PREFECTURES)[number]

const EN = [
  'Hokkaido', 'Aomori', 'Iwate', 'Miyagi', 'Akita', 'Yamagata', 'Fukushima', 'Ibaraki', 'Tochigi', 'Gunma', 'Saitama', 'Chiba',
  'Tokyo', 'Kanagawa', 'Niigata', 'Toyama', 'Ishikawa', 'Fukui', 'Yamanashi', 'Nagano', 'Gifu', 'Shizuoka', 'Aichi', 'Mie',
  'Shiga', 'Kyoto', 'Osaka', 'Hyogo', 'Nara', 'Wakayama', 'Tottori', 'Shimane', 'Okayama', 'Hiroshima', 'Yamaguchi', 'Tokushima',
  'Kagawa', 'Ehime', 'Kochi', 'Fukuoka', 'Saga', 'Nagasaki', 'Kumamoto', 'Oita', 'Miyazaki', 'Kagoshima', 'Okinawa',
] as const

/** Regions by the JIS code of their last prefecture (the codes run region by region). */
const REGIONS = [
  { key: 'hokkaido', ja: '北海道', en: 'Hokkaido', last: 1 },
  { key: 'tohoku', ja: '東北', en: 'Tohoku', last: 7 },
  { key: 'kanto', ja: '関東', en: 'Kanto', last: 14 },
  { key: 'chubu', ja: '中部', en: 'Chubu', last: 23 },
  { key: 'kinki', ja: '近畿', en: 'Kinki', last: 30 },
  { key: 'chugoku', ja: '中国', en: 'Chugoku', last: 35 },
  { key: 'shikoku', ja: '四国', en: 'Shikoku', last: 39 },
  { key: 'kyushu', ja: '九州・沖縄', en: 'Kyushu & Okinawa', last: 47 },
] as const

export interface PrefectureInfo {
  code: string
  name: Prefecture
  nameEn: string
  region: string
}

export const PREFECTURE_LIST: PrefectureInfo[] = PREFECTURES.map((name, i) => ({
  code: String(i + 1).padStart(2, '0'),
  name,
  nameEn: EN[i]!,
  region: REGIONS.find((r) => i + 1 <= r.last)!.key,
}))

export const REGION_LIST = REGIONS.map((r, i) => ({
  key: r.key,
  ja: r.ja,
  en: r.en,
  prefectures: PREFECTURE_LIST.filter((p) => Number(p.code) > (i === 0 ? 0 : REGIONS[i - 1]!.last) && Number(p.code) <= r.last).map((p) => p.name),
}))

/**
 * "東京都千代田区丸の内1-1" → { prefecture: '東京都', rest: '千代田区丸の内1-1' }: the prefecture an address starts with.
 * 京都府 is tested before 東京都 cannot clash (neither is a prefix of the other), so the first match is right.
 */
export function splitPrefecture(address: string | null | undefined): { prefecture: Prefecture | null; rest: string | null } {
  const text = (address ?? '').replace(/^\s*〒?\s*\d{3}-?\d{4}\s*/, '').trim()
  if (text === '') return { prefecture: null, rest: null }
  const found = PREFECTURES.find((p) => text.startsWith(p))
  return found ? { prefecture: found, rest: text.slice(found.length).trim() || null } : { prefecture: null, rest: text }
}

/** Industries compare folded (width, case, kana), so ＩＴ and it are one industry. */
export const foldIndustry = (industry: string | null | undefined): string => foldForSearch((industry ?? '').trim())

export interface TerritoryRules {
  id: string
  prefectures: readonly string[]
  industries: readonly string[]
}

/** Does the territory take an account with these facts? An empty list accepts anything. */
export function territoryMatches(territory: TerritoryRules, facts: { prefecture: string | null; industry: string | null }): boolean {
  if (territory.prefectures.length > 0 && (facts.prefecture === null || !territory.prefectures.includes(facts.prefecture))) return false
  if (territory.industries.length > 0) {
    const industry = foldIndustry(facts.industry)
    if (industry === '' || !territory.industries.some((i) => foldIndustry(i) === industry)) return false
  }
  return true
}

/**
 * Orders territories most specific first: prefecture and industry both set, then prefecture only,
 * then industry only, then catch-alls; within those, fewer prefectures then fewer industries
 * (東京都 alone beats 関東), and the oldest (smallest UUIDv7) breaks a tie.
 */
export function compareSpecificity(a: TerritoryRules, b: TerritoryRules): number {
  const level = (t: TerritoryRules) => (t.prefectures.length > 0 ? 2 : 0) + (t.industries.length > 0 ? 1 : 0)
  const width = (n: number) => (n === 0 ? Number.POSITIVE_INFINITY : n)
  return (
    level(b) - level(a) ||
    width(a.prefectures.length) - width(b.prefectures.length) ||
    width(a.industries.length) - width(b.industries.length) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

/** The id of the most specific territory that takes these facts, or null. */
export function chooseTerritory(territories: readonly TerritoryRules[], facts: { prefecture: string | null; industry: string | null }): string | null {
  const matching = territories.filter((t) => territoryMatches(t, facts))
  if (matching.length === 0) return null
  return [...matching].sort(compareSpecificity)[0]!.id
}
