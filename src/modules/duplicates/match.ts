/**
 * 名寄せ engine: blocking keys and a scored match for contacts and accounts. Pure — no database.
 * The scan (duplicates.scan.ts) computes the same keys in SQL with the same weights; docs/matching-rules.md §7.
 */
import { foldForSearch, normalizeCompanyName, normalizeEmail, normalizePersonName, normalizePhone } from '../../platform/japanese/index.ts'

export type DuplicateObject = 'contacts' | 'accounts'

/** One signal two records share. A signal counts once per pair, however many keys of that kind match. */
export type Signal = 'email' | 'phone' | 'name_company' | 'kana_company' | 'name_kana' | 'company' | 'company_kana' | 'name'

/** Weight of each signal; the score of a pair is 1 − Π(1 − w) over the signals it shares. */
export const SIGNAL_WEIGHTS: Readonly<Record<Signal, number>> = {
  email: 0.9,
  name_company: 0.8,
  company: 0.8,
  phone: 0.7,
  kana_company: 0.6,
  name_kana: 0.5,
  company_kana: 0.5,
  name: 0.3,
}

/** At or above: "likely" (flagged on create); at or above POSSIBLE: shown in the queue as "possible". */
export const LIKELY_THRESHOLD = 0.8
export const POSSIBLE_THRESHOLD = 0.5
/** A blocking key shared by more records than this (a switchboard number, info@) is too common to mean anything. */
export const MAX_BLOCK_SIZE = 50

export interface MatchInput {
  id: string
  /** Contacts: the person's name (family + given, or the display name). Accounts: the company name. */
  name: string | null
  /** Reading (フリガナ), any width or kana. */
  kana?: string | null
  /** Contacts: names of the companies they currently work at. */
  companies?: ReadonlyArray<string | null>
  emails?: ReadonlyArray<string | null>
  phones?: ReadonlyArray<string | null>
}

/** Blocking keys are "signal:value" strings; records sharing a key become a candidate pair. */
export function blockingKeys(type: DuplicateObject, record: MatchInput): string[] {
  const keys = new Set<string>()
  for (const email of record.emails ?? []) {
    const value = normalizeEmail(email)
    if (value) keys.add(`email:${value}`)
  }
  for (const phone of record.phones ?? []) {
    const value = normalizePhone(phone)
    // Fewer than 6 digits is an extension or a typo, not a number that identifies anyone.
    if (value.length >= 6) keys.add(`phone:${value}`)
  }
  const kana = foldForSearch(record.kana)
  if (type === 'accounts') {
    const company = normalizeCompanyName(record.name)
    if (company) keys.add(`company:${company}`)
    if (company && kana) keys.add(`company_kana:${company}|${kana}`)
    return [...keys]
  }
  const name = normalizePersonName(record.name)
  for (const raw of record.companies ?? []) {
    const company = normalizeCompanyName(raw)
    if (!company) continue
    if (name) keys.add(`name_company:${name}|${company}`)
    if (kana) keys.add(`kana_company:${kana}|${company}`)
  }
  if (name && kana) keys.add(`name_kana:${name}|${kana}`)
  return [...keys]
}

function signalOf(key: string): Signal {
  return key.slice(0, key.indexOf(':')) as Signal
}

export interface PairScore {
  score: number
  reasons: Signal[]
}

export function combine(signals: Iterable<Signal>): PairScore {
  const reasons = [...new Set(signals)].sort((x, y) => SIGNAL_WEIGHTS[y] - SIGNAL_WEIGHTS[x] || x.localeCompare(y))
  const miss = reasons.reduce((product, s) => product * (1 - SIGNAL_WEIGHTS[s]), 1)
  return { score: Math.round((1 - miss) * 1000) / 1000, reasons }
}

/** Scores two records: the signals their keys share, plus "same name only" for people with no stronger name signal. */
export function scorePair(type: DuplicateObject, a: MatchInput, b: MatchInput): PairScore {
  const keysB = new Set(blockingKeys(type, b))
  const shared = blockingKeys(type, a).filter((k) => keysB.has(k)).map(signalOf)
  if (type === 'contacts') {
    const name = normalizePersonName(a.name)
    if (name && name === normalizePersonName(b.name) && !shared.includes('name_company') && !shared.includes('name_kana')) shared.push('name')
  }
  return combine(shared)
}

export type MatchLevel = 'likely' | 'possible' | 'none'
export function levelOf(score: number): MatchLevel {
  return score >= LIKELY_THRESHOLD ? 'likely' : score >= POSSIBLE_THRESHOLD ? 'possible' : 'none'
}

export interface CandidatePair extends PairScore {
  a: string
  b: string
}

/** In-memory blocking + scoring over a list (tests, small sets); the tenant scan does the same in SQL. */
export function findCandidatePairs(type: DuplicateObject, records: readonly MatchInput[], threshold = POSSIBLE_THRESHOLD): CandidatePair[] {
  const blocks = new Map<string, string[]>()
  const byId = new Map(records.map((r) => [r.id, r]))
  for (const record of records) {
    for (const key of blockingKeys(type, record)) {
      const ids = blocks.get(key) ?? []
      ids.push(record.id)
      blocks.set(key, ids)
    }
  }
  const seen = new Set<string>()
  const pairs: CandidatePair[] = []
  for (const ids of blocks.values()) {
    if (ids.length < 2 || ids.length > MAX_BLOCK_SIZE) continue
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const [a, b] = ids[i]! < ids[j]! ? [ids[i]!, ids[j]!] : [ids[j]!, ids[i]!]
        if (a === b || seen.has(`${a}|${b}`)) continue
        seen.add(`${a}|${b}`)
        const scored = scorePair(type, byId.get(a)!, byId.get(b)!)
        if (scored.score >= threshold) pairs.push({ a, b, ...scored })
      }
    }
  }
  return pairs.sort((x, y) => y.score - x.score || x.a.localeCompare(y.a) || x.b.localeCompare(y.b))
}
