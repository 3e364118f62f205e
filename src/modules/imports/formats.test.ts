import iconv from 'iconv-lite'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { decodeText, detectDelimiter, detectEncoding, encodeText, formatCsvRow, parseCsv, unencodableInCp932 } from './csv.ts'
import { parseDate, readImportFile } from './rows.ts'
import { formatVCard, parseVCards, VCARD_COLUMNS } from './vcard.ts'

// A full collection, so the heap holds only what is still referenced.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
// Twice: the first collection's sweeping may still be under way when heapUsed is read.
const collectGarbage = () => {
  gc()
  gc()
}

// Built in a function of its own: temporaries of the test's frame could otherwise stay alive until it returns.
function contactsCsv(rows: number): Buffer {
  const line = (i: number) => `山田 太郎${i},ヤマダ タロウ,株式会社大福商事${i % 100},user${i}.someone@example-${i % 977}.co.jp,03-1234-5678,東京都千代田区丸の内1-2-3\r\n`
  return Buffer.from(Array.from({ length: rows }, (_, i) => line(i)).join(''))
}

const column = (fields: string[], name: (typeof VCARD_COLUMNS)[number]) => fields[VCARD_COLUMNS.indexOf(name)]

describe('CSV reading', () => {
  it('detects UTF-8 with and without a BOM, UTF-16 and Shift_JIS, and drops the BOM from the first header', () => {
    const text = '取引先名,電話番号\r\n株式会社大福,03-1234-5678\r\n'
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])
    expect(detectEncoding(bom)).toBe('utf-8-bom')
    expect(readImportFile(bom).headers).toEqual(['取引先名', '電話番号'])
    expect(detectEncoding(Buffer.from(text))).toBe('utf-8')
    const sjis = iconv.encode(text, 'cp932')
    expect(detectEncoding(sjis)).toBe('cp932')
    expect(decodeText(sjis, 'cp932')).toBe(text)
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replace(/,/g, '\t'), 'utf-16le')])
    const file = readImportFile(utf16)
    expect(file).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', headers: ['取引先名', '電話番号'] })
  })

  it('reads CP932-only characters (①, ㈱, NEC special kanji) that plain Shift_JIS lacks', () => {
    const text = '名前\r\n㈱髙橋製作所①\r\n'
    const bytes = iconv.encode(text, 'cp932')
    expect(detectEncoding(bytes)).toBe('cp932')
    expect([...readImportFile(bytes).records()].map((r) => r.fields)).toEqual([['㈱髙橋製作所①']])
  })

  it('parses quoted fields, doubled quotes and line breaks inside quotes, counting rows as a spreadsheet does', () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",z\r\n\r\nlast,"" \n'
    const records = [...parseCsv(text)]
    expect(records).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['x, y', 'say "hi"'] },
      { row: 3, fields: ['two\r\nlines', 'z'] },
      { row: 5, fields: ['last', ' '] },
    ])
  })

  it('reads the same records from text cut into pieces anywhere, and from bytes cut inside a character', () => {
    const text = '氏名,メモ,メール\r\n"山田, 太郎","言った ""はい""\r\n二行目",taro@example.jp\r\n\r\n髙橋 花子,"",hanako@example.jp\rx"y,z\n"最後'
    const whole = [...parseCsv(text)]
    expect(whole.map((r) => r.row)).toEqual([1, 2, 4, 5, 6])
    expect(whole[1]!.fields).toEqual(['山田, 太郎', '言った "はい"\r\n二行目', 'taro@example.jp'])
    expect(whole[3]!.fields).toEqual(['x"y', 'z'])
    for (let cut = 1; cut < text.length; cut++) {
      expect([...parseCsv([text.slice(0, cut), text.slice(cut)])]).toEqual(whole)
    }
    expect([...parseCsv([...text])]).toEqual(whole)
    for (const encoding of ['utf-8', 'cp932', 'utf-16le'] as const) {
      const bytes = encoding === 'utf-8' ? Buffer.from(text) : iconv.encode(text, encoding)
      for (let cut = 1; cut < bytes.length; cut++) {
        const pieces = [bytes.subarray(0, cut), bytes.subarray(cut)]
        const file = readImportFile(pieces, { encoding })
        expect(file.headers).toEqual(['氏名', 'メモ', 'メール'])
        expect([...file.records()]).toEqual(whole.slice(1))
      }
    }
    // A UTF-8 character cut between two pieces is still UTF-8.
    const utf8 = Buffer.from(text)
    expect(detectEncoding([utf8.subarray(0, 1), utf8.subarray(1)])).toBe('utf-8')
    expect(detectEncoding([utf8.subarray(0, 5), utf8.subarray(5)])).toBe('utf-8')
    const sjis = iconv.encode(text, 'cp932')
    expect(detectEncoding([sjis.subarray(0, 5), sjis.subarray(5)])).toBe('cp932')
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])
    expect(detectEncoding([bom.subarray(0, 1), bom.subarray(1, 2), bom.subarray(2)])).toBe('utf-8-bom')
    expect(readImportFile([bom.subarray(0, 2), bom.subarray(2)]).headers).toEqual(['氏名', 'メモ', 'メール'])
    // The delimiter and a vCard are told from the file's start, however short its first piece.
    const tabs = Buffer.from('氏名\tメール\r\n山田 太郎\ttaro@example.jp\r\n')
    const card = Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nN:山田;太郎;;;\r\nEND:VCARD\r\n')
    for (let cut = 1; cut < 12; cut++) {
      expect(readImportFile([tabs.subarray(0, cut), tabs.subarray(cut)])).toMatchObject({ delimiter: '\t', headers: ['氏名', 'メール'] })
      expect(readImportFile([card.subarray(0, cut), card.subarray(cut)]).format).toBe('vcard')
    }
  })

  it('keeps no more of a large file in memory than the fields it hands out', () => {
    const rows = 100_000
    const bytes = contactsCsv(rows)
    collectGarbage()
    const before = process.memoryUsage().heapUsed
    // A field of every 10th row kept (as an import's duplicate index keeps emails): ~1 MB.
    const kept = [...readImportFile(bytes, { encoding: 'utf-8', delimiter: ',' }).records()].filter((r) => r.row % 10 === 0).map((r) => r.fields[3])
    collectGarbage()
    const grown = process.memoryUsage().heapUsed - before
    expect(kept).toHaveLength(rows / 10)
    // The decoded text (~19 MB as a JavaScript string) must not stay with them: ~6 MB grows here, ~25 MB if it stays.
    expect(grown).toBeLessThan(12 * 1024 * 1024)
  })

  it('detects comma, tab and semicolon delimiters', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',')
    expect(detectDelimiter('a\tb\tc\n1\t2,5\t3\n')).toBe('\t')
    expect(detectDelimiter('a;b;c\n1;2,5;3\n')).toBe(';')
  })

  it('writes CSV that reads back, quoting only where needed and defusing formulas but not phone numbers', () => {
    const row = ['plain', 'a,b', 'say "x"', 'two\nlines', '=HYPERLINK("evil")', '+81 3-1234-5678', -5, null]
    const line = formatCsvRow(row)
    expect(line.endsWith('\r\n')).toBe(true)
    const [parsed] = [...parseCsv(line)]
    expect(parsed!.fields).toEqual(['plain', 'a,b', 'say "x"', 'two\nlines', `'=HYPERLINK("evil")`, '+81 3-1234-5678', '-5', ''])
  })

  it('encodes to Shift_JIS and names the characters Shift_JIS cannot hold', () => {
    expect(iconv.decode(encodeText('大福㈱①', 'cp932'), 'cp932')).toBe('大福㈱①')
    expect(unencodableInCp932('𠮷野家 🍡')).toEqual(['𠮷', '🍡'])
    // A Mac's 〜 and − have no CP932 code; Excel's own ～ and － stand in for them rather than "?".
    expect(iconv.decode(encodeText('営業時間 9:00〜18:00、気温 −5℃ — 以上', 'cp932'), 'cp932')).toBe('営業時間 9:00～18:00、気温 －5℃ ― 以上')
    expect(unencodableInCp932('〜−')).toEqual([])
  })
})

describe('dates as Japanese spreadsheets write them', () => {
  it.each([
    ['2024-04-01', '2024-04-01'],
    ['2024/4/1', '2024-04-01'],
    ['２０２４年４月１日', '2024-04-01'],
    ['20240401', '2024-04-01'],
    ['令和6年4月1日', '2024-04-01'],
    ['R6.4.1', '2024-04-01'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和55年12月31日', '1980-12-31'],
    ['2024-02-30', null],
    ['来週', null],
  ])('%s → %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected)
  })
})

describe('vCard', () => {
  const v3 = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'N:山田;太郎;;;',
    'FN:山田 太郎',
    'X-PHONETIC-LAST-NAME:ヤマダ',
    'X-PHONETIC-FIRST-NAME:タロウ',
    'ORG:株式会社大福商事;営業部',
    'TITLE:部長',
    'TEL;TYPE=WORK,VOICE:03-1234-5678',
    'TEL;TYPE=CELL,pref:090-1111-2222',
    'EMAIL;TYPE=INTERNET,WORK:taro.yamada@daifuku.example',
    'ADR;TYPE=WORK:;大福ビル5F;丸の内1-2-3;千代田区;東京都;100-0005;日本',
    'NOTE:展示会で名刺交換\\, 要フォロー\\n来月訪問',
    'BDAY:1980-04-01',
    'END:VCARD',
  ].join('\r\n')

  it('reads a vCard 3.0 with N, FN, ORG, TEL, EMAIL, ADR and Japanese text, preferring the pref phone', () => {
    const [card] = [...parseVCards(v3)]
    const f = card!.fields
    expect(column(f, 'N.family')).toBe('山田')
    expect(column(f, 'N.given')).toBe('太郎')
    expect(column(f, 'N.family.kana')).toBe('ヤマダ')
    expect(column(f, 'N.given.kana')).toBe('タロウ')
    expect(column(f, 'FN')).toBe('山田 太郎')
    expect(column(f, 'ORG')).toBe('株式会社大福商事')
    expect(column(f, 'ORG.unit')).toBe('営業部')
    expect(column(f, 'TITLE')).toBe('部長')
    expect(column(f, 'TEL')).toBe('090-1111-2222')
    expect(column(f, 'TEL.2')).toBe('03-1234-5678')
    expect(column(f, 'EMAIL')).toBe('taro.yamada@daifuku.example')
    expect(column(f, 'ADR.postalCode')).toBe('100-0005')
    expect(column(f, 'ADR.region')).toBe('東京都')
    expect(column(f, 'ADR.locality')).toBe('千代田区')
    expect(column(f, 'ADR.street')).toBe('丸の内1-2-3')
    expect(column(f, 'ADR.extended')).toBe('大福ビル5F')
    expect(column(f, 'NOTE')).toBe('展示会で名刺交換, 要フォロー\n来月訪問')
    expect(column(f, 'BDAY')).toBe('1980-04-01')
  })

  it('reads several cards, folded lines, vCard 4.0 SORT-AS readings and a 2.1 card in quoted-printable Shift_JIS', () => {
    const sjisQp = [...iconv.encode('佐藤', 'cp932')].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
    const text = [
      v3,
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:鈴木 花子',
      'N;SORT-AS="スズキ,ハナコ":鈴木;花子;;;',
      'EMAIL;PREF=1:hanako@example.jp',
      'NOTE:とても長いメモ',
      ' の続き',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:2.1',
      `N;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:${sjisQp};=`,
      '',
      'TEL;CELL:08012345678',
      'END:VCARD',
    ].join('\r\n')
    const cards = [...parseVCards(text)]
    expect(cards.map((c) => c.row)).toEqual([1, 2, 3])
    expect(column(cards[1]!.fields, 'N.family.kana')).toBe('スズキ')
    expect(column(cards[1]!.fields, 'N.given.kana')).toBe('ハナコ')
    expect(column(cards[1]!.fields, 'NOTE')).toBe('とても長いメモの続き')
    expect(column(cards[2]!.fields, 'N.family')).toBe('佐藤')
    expect(column(cards[2]!.fields, 'TEL')).toBe('08012345678')
    expect(readImportFile(Buffer.from(text)).format).toBe('vcard')
  })

  it('writes vCard 4.0 that reads back, with lines folded at 75 octets without splitting a character', () => {
    const card = formatVCard({
      uid: '0190a0b0-0000-7000-8000-000000000001',
      familyName: '山田',
      givenName: '太郎',
      familyNameKana: 'ヤマダ',
      givenNameKana: 'タロウ',
      fullName: '山田 太郎',
      organization: '株式会社大福商事',
      department: '営業部',
      title: '部長',
      emails: [{ value: 'taro@daifuku.example', type: 'work', primary: true }],
      phones: [{ value: '03-1234-5678', type: 'work' }],
      addresses: [{ postalCode: '100-0005', region: '東京都', locality: '千代田区', street: '丸の内1-2-3', extended: '大福ビル5F' }],
      birthday: '1980-04-01',
      note: '長い備考'.repeat(20),
      updatedAt: '2026-11-25T10:00:00.000Z',
    })
    for (const line of card.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
    expect(card).toContain('VERSION:4.0')
    const [back] = [...parseVCards(card)]
    expect(column(back!.fields, 'N.family')).toBe('山田')
    expect(column(back!.fields, 'N.given.kana')).toBe('タロウ')
    expect(column(back!.fields, 'ORG.unit')).toBe('営業部')
    expect(column(back!.fields, 'TEL')).toBe('03-1234-5678')
    expect(column(back!.fields, 'ADR.postalCode')).toBe('100-0005')
    expect(column(back!.fields, 'BDAY')).toBe('1980-04-01')
    expect(column(back!.fields, 'NOTE')).toBe('長い備考'.repeat(20))
  })
})
