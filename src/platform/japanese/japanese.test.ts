import { describe, expect, it } from 'vitest';
import {
  KANJI_VARIANTS,
  buildSearchText,
  foldForSearch,
  foldQuery,
  normalizeCompanyName,
  normalizeEmail,
  normalizePersonName,
  normalizePhone,
} from './index.ts';

describe('foldForSearch', () => {
  it.each([
    ['タナカ', 'たなか'],
    ['ﾀﾅｶ', 'たなか'],
    ['ｶﾞｯｺｳ', 'がっこう'],
    ['ﾊﾟﾝ', 'ぱん'],
    ['たなか', 'たなか'],
    ['ヴァイオリン', 'ゔぁいおりん'],
    ['ＡＢＣ', 'abc'],
    ['ａｂｃ１２３', 'abc123'],
    ['ABC', 'abc'],
    ['田中 太郎', '田中太郎'],
    ['田中　太郎', '田中太郎'],
    ['  田中\t太郎 ', '田中太郎'],
    ['髙橋　一郎', '高橋一郎'],
    ['山﨑', '山崎'],
    ['渡邊', '渡辺'],
    ['渡邉', '渡辺'],
    ['齋藤', '斎藤'],
    ['齊藤', '斎藤'],
    ['斉藤', '斎藤'],
    ['濵田', '浜田'],
    ['濱口', '浜口'],
    ['德川', '徳川'],
    ['國分', '国分'],
    ['吉澤', '吉沢'],
    ['𠮷野家', '吉野家'],
    ['廣瀨', '広瀬'],
    ['ジョン・スミス', 'じょんすみす'],
    ['ｼﾞｮﾝ･ｽﾐｽ', 'じょんすみす'],
    ['Ｓｍｉｔｈ　Ｊｏｈｎ', 'smithjohn'],
    ['㈱大福', '(株)大福'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(foldForSearch(input)).toBe(expected);
  });

  it('treats null and undefined as empty', () => {
    expect(foldForSearch(null)).toBe('');
    expect(foldForSearch(undefined)).toBe('');
  });

  it('keeps the long-vowel mark and small kana (they change the reading)', () => {
    expect(foldForSearch('コーヒー')).toBe('こーひー');
    expect(foldForSearch('キャット')).toBe('きゃっと');
  });

  it('has at least 30 variant kanji and every target is itself stable', () => {
    const entries = Object.entries(KANJI_VARIANTS);
    expect(entries.length).toBeGreaterThanOrEqual(30);
    for (const [from, to] of entries) {
      expect(from).not.toBe(to);
      expect(foldForSearch(to)).toBe(to);
      expect(foldForSearch(from)).toBe(to);
    }
  });
});

describe('normalizePhone', () => {
  it.each([
    ['03-1234-5678', '0312345678'],
    ['0312345678', '0312345678'],
    ['０３（１２３４）５６７８', '0312345678'],
    ['03(1234)5678', '0312345678'],
    ['+81 3 1234 5678', '0312345678'],
    ['+81-3-1234-5678', '0312345678'],
    ['+81 (0)3 1234 5678', '0312345678'],
    ['0081312345678', '0312345678'],
    ['＋８１９０１２３４５６７８', '09012345678'],
    ['090-1234-5678', '09012345678'],
    ['0120-123-456', '0120123456'],
    ['+1 (415) 555-0100', '14155550100'],
    ['03−1234−5678', '0312345678'],
    ['', ''],
    ['なし', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it('does not treat a domestic number starting with 81 as international', () => {
    expect(normalizePhone('81-1234')).toBe('811234');
  });
});

describe('normalizeEmail', () => {
  it.each([
    ['  Taro.Tanaka@Example.CO.JP ', 'taro.tanaka@example.co.jp'],
    ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ', 'taro@example.jp'],
    ['TARO@EXAMPLE.JP', 'taro@example.jp'],
    [null, ''],
  ])('%s → %s', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });
});

describe('normalizeCompanyName', () => {
  it.each([
    ['株式会社大福', '大福'],
    ['大福株式会社', '大福'],
    ['(株)大福', '大福'],
    ['（株）大福', '大福'],
    ['㈱大福', '大福'],
    ['大福㈱', '大福'],
    ['株式会社　大福', '大福'],
    ['大福 株式会社', '大福'],
    ['㍿大福', '大福'],
    ['有限会社山田商店', '山田商店'],
    ['(有)山田商店', '山田商店'],
    ['㈲山田商店', '山田商店'],
    ['合同会社ミライ', 'みらい'],
    ['合資会社 田中酒造', '田中酒造'],
    ['合名会社鈴木', '鈴木'],
    ['一般社団法人日本CRM協会', '日本crm協会'],
    ['一般財団法人 大福財団', '大福財団'],
    ['医療法人社団 髙橋会', '高橋会'],
    ['医療法人さくら会', 'さくら会'],
    ['学校法人 大福学園', '大福学園'],
    ['社会福祉法人 あおば福祉会', 'あおば福祉会'],
    ['特定非営利活動法人 みどりの森', 'みどりの森'],
    ['NPO法人 みどりの森', 'みどりの森'],
    ['ＮＰＯ法人みどりの森', 'みどりの森'],
    ['Daifuku Co., Ltd.', 'daifuku'],
    ['DAIFUKU CO.,LTD.', 'daifuku'],
    ['Daifuku Co. Ltd', 'daifuku'],
    ['Daifuku Inc.', 'daifuku'],
    ['Daifuku, Inc.', 'daifuku'],
    ['Daifuku Corp.', 'daifuku'],
    ['Daifuku Corporation', 'daifuku'],
    ['Daifuku LLC', 'daifuku'],
    ['Daifuku K.K.', 'daifuku'],
    ['Daifuku G.K.', 'daifuku'],
    ['Daifuku Kabushiki Kaisha', 'daifuku'],
    ['Ｄａｉｆｕｋｕ　Ｃｏ．，Ｌｔｄ．', 'daifuku'],
    ['Zinc', 'zinc'],
    ['Costco', 'costco'],
    ['Incorporated Things Ltd', 'incorporatedthings'],
    ['株式会社', '株式会社'],
    ['ダイフク', 'だいふく'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeCompanyName(input)).toBe(expected);
  });

  it('makes (株)大福 equal to 大福株式会社', () => {
    expect(normalizeCompanyName('(株)大福')).toBe(normalizeCompanyName('大福株式会社'));
  });
});

describe('normalizePersonName', () => {
  it('folds spaces and variant kanji so 髙橋　一郎 = 高橋一郎', () => {
    expect(normalizePersonName('髙橋　一郎')).toBe(normalizePersonName('高橋一郎'));
    expect(normalizePersonName('ﾀｶﾊｼ ｲﾁﾛｳ')).toBe(normalizePersonName('たかはし いちろう'));
  });
});

describe('buildSearchText and foldQuery', () => {
  const text = buildSearchText(['田中太郎', 'タナカ タロウ', '株式会社大福', '03-1234-5678', 'Taro@Example.JP', null, undefined, '']);

  it('folds every part and adds phone digits and the bare company name', () => {
    expect(text.split(' ')).toEqual([
      '田中太郎',
      'たなかたろう',
      '株式会社大福',
      '大福',
      '03-1234-5678',
      '0312345678',
      'taro@example.jp',
    ]);
  });

  it.each(['田中', 'たなか', 'タナカ', 'ﾀﾅｶ', '03-1234-5678', '0312345678', '０３１２３４５６７８', '(株)大福', 'TARO@example.jp'])(
    'a folded query %s is a substring of the search text',
    (q) => {
      const folded = foldQuery(q);
      expect(folded.length).toBeGreaterThan(0);
      expect(text.includes(folded)).toBe(true);
    },
  );

  it('does not match across parts', () => {
    expect(text.includes(foldQuery('太郎たなか'))).toBe(false);
  });

  it('gives an empty string for no parts', () => {
    expect(buildSearchText([null, '', undefined])).toBe('');
  });
});

describe('memoized', () => {
  it('computes each text once while it is remembered, and starts over when full', async () => {
    const { memoized } = await import('./fold.ts');
    const seen: string[] = [];
    const upper = memoized((text) => {
      seen.push(text);
      return text.toUpperCase();
    }, 2);
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(seen).toEqual(['a', 'b']);
    // A third text fills it: everything is forgotten and computed again.
    expect([upper('c'), upper('a')]).toEqual(['C', 'A']);
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
    // A text longer than the limit is computed every time and never kept.
    const long = 'x'.repeat(201);
    upper(long);
    upper(long);
    expect(seen.filter((text) => text === long)).toHaveLength(2);
  });

  it('folds the same text the same way the second time (folding and company names are remembered)', () => {
    for (let i = 0; i < 2; i++) {
      expect(foldForSearch('ﾀﾅｶ　髙橋')).toBe('たなか高橋');
      expect(normalizeCompanyName('株式会社　大福')).toBe('大福');
    }
  });
});
