/**
 * The demo company: teams, people (one per built-in role) and customer accounts. Every
 * company here is fictitious; phone numbers use real area codes with made-up numbers.
 */
import type { SystemRoleKey } from '../../platform/access/roles.ts'

export const DEMO_TENANT = { name: '大福商事株式会社', slug: 'daifuku-demo' }
export const DEMO_ADMIN_EMAIL = 'admin@daifuku.local'

/** Parents come before their children. */
export const DEMO_TEAMS: { key: string; name: string; parent?: string }[] = [
  { key: 'sales', name: '営業部' },
  { key: 'tokyo', name: '東京営業課', parent: 'sales' },
  { key: 'osaka', name: '大阪営業課', parent: 'sales' },
  { key: 'marketing', name: 'マーケティング部' },
  { key: 'support', name: 'カスタマーサポート部' },
]

export interface DemoUser {
  key: string
  email: string
  name: string
  role: SystemRoleKey
  team?: string
}

export const DEMO_USERS: DemoUser[] = [
  { key: 'admin', email: DEMO_ADMIN_EMAIL, name: '大福 管理者', role: 'admin' },
  { key: 'manager', email: 'suzuki@daifuku.local', name: '鈴木 一郎', role: 'manager', team: 'sales' },
  { key: 'tokyo', email: 'takahashi@daifuku.local', name: '高橋 美咲', role: 'sales', team: 'tokyo' },
  { key: 'osaka', email: 'tanaka@daifuku.local', name: '田中 翔太', role: 'sales', team: 'osaka' },
  { key: 'marketing', email: 'ito@daifuku.local', name: '伊藤 さくら', role: 'marketing', team: 'marketing' },
  { key: 'support', email: 'watanabe@daifuku.local', name: '渡辺 大輔', role: 'support', team: 'support' },
  { key: 'readonly', email: 'yamamoto@daifuku.local', name: '山本 恵子', role: 'readonly' },
]

export interface DemoAccount {
  name: string
  nameKana: string
  industry: string
  phone: string
  /** Yen. */
  annualRevenue: number
  employeeCount: number
  /** Owner: a DemoUser key. */
  owner: 'tokyo' | 'osaka' | 'manager'
  website?: string
  notes?: string
}

const oku = (n: number) => n * 100_000_000 // 億円

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { name: '株式会社さくら精機', nameKana: 'サクラセイキ', industry: '製造業', phone: '03-5201-3345', annualRevenue: oku(48), employeeCount: 620, owner: 'tokyo', website: 'https://sakura-seiki.example.jp', notes: '精密部品メーカー。来期の生産管理システム刷新を検討中。' },
  { name: '東都ロジスティクス株式会社', nameKana: 'トウトロジスティクス', industry: '運輸・物流', phone: '03-6418-2271', annualRevenue: oku(120), employeeCount: 1850, owner: 'tokyo' },
  { name: '株式会社みなと不動産', nameKana: 'ミナトフドウサン', industry: '不動産', phone: '03-3452-8810', annualRevenue: oku(35), employeeCount: 210, owner: 'tokyo' },
  { name: '青葉フーズ株式会社', nameKana: 'アオバフーズ', industry: '食品', phone: '022-215-4408', annualRevenue: oku(62), employeeCount: 780, owner: 'manager', notes: '仙台本社。首都圏の販路拡大に関心あり。' },
  { name: '株式会社ひかりソフト', nameKana: 'ヒカリソフト', industry: '情報通信', phone: '03-5789-1120', annualRevenue: oku(18), employeeCount: 150, owner: 'tokyo', website: 'https://hikari-soft.example.jp' },
  { name: '丸山建設株式会社', nameKana: 'マルヤマケンセツ', industry: '建設', phone: '048-641-2290', annualRevenue: oku(95), employeeCount: 980, owner: 'tokyo' },
  { name: '株式会社北斗メディカル', nameKana: 'ホクトメディカル', industry: '医療・福祉', phone: '011-231-5567', annualRevenue: oku(27), employeeCount: 340, owner: 'manager' },
  { name: '日本橋商会株式会社', nameKana: 'ニホンバシショウカイ', industry: '卸売', phone: '03-3241-6602', annualRevenue: oku(210), employeeCount: 1320, owner: 'tokyo', notes: '創業明治28年の老舗商社。' },
  { name: '株式会社若葉教育センター', nameKana: 'ワカバキョウイクセンター', industry: '教育', phone: '045-312-7781', annualRevenue: oku(8), employeeCount: 95, owner: 'tokyo' },
  { name: 'グリーンエナジー株式会社', nameKana: 'グリーンエナジー', industry: 'エネルギー', phone: '03-6205-9914', annualRevenue: oku(150), employeeCount: 560, owner: 'manager', website: 'https://green-energy.example.jp' },
  { name: '株式会社ことぶき化粧品', nameKana: 'コトブキケショウヒン', industry: '化学', phone: '03-3797-4452', annualRevenue: oku(41), employeeCount: 410, owner: 'tokyo' },
  { name: '富士見ホテルズ株式会社', nameKana: 'フジミホテルズ', industry: '宿泊・観光', phone: '0555-72-3310', annualRevenue: oku(23), employeeCount: 520, owner: 'tokyo' },
  { name: '株式会社なにわ金属', nameKana: 'ナニワキンゾク', industry: '製造業', phone: '06-6531-2208', annualRevenue: oku(56), employeeCount: 480, owner: 'osaka', notes: '堺工場の設備更新に合わせて提案予定。' },
  { name: '関西フードサービス株式会社', nameKana: 'カンサイフードサービス', industry: '飲食', phone: '06-6345-7719', annualRevenue: oku(33), employeeCount: 1200, owner: 'osaka' },
  { name: '株式会社淀屋橋コンサルティング', nameKana: 'ヨドヤバシコンサルティング', industry: '専門サービス', phone: '06-6208-3391', annualRevenue: oku(6), employeeCount: 45, owner: 'osaka' },
  { name: '京都織物株式会社', nameKana: 'キョウトオリモノ', industry: '繊維', phone: '075-361-4420', annualRevenue: oku(14), employeeCount: 130, owner: 'osaka', website: 'https://kyoto-orimono.example.jp' },
  { name: '株式会社神戸マリンサービス', nameKana: 'コウベマリンサービス', industry: '運輸・物流', phone: '078-331-6675', annualRevenue: oku(29), employeeCount: 260, owner: 'osaka' },
  { name: '奈良薬品工業株式会社', nameKana: 'ナラヤクヒンコウギョウ', industry: '医薬品', phone: '0742-22-8130', annualRevenue: oku(72), employeeCount: 690, owner: 'osaka' },
  { name: '株式会社梅田システムズ', nameKana: 'ウメダシステムズ', industry: '情報通信', phone: '06-6375-2044', annualRevenue: oku(11), employeeCount: 88, owner: 'osaka' },
  { name: '和歌山みかん農園株式会社', nameKana: 'ワカヤマミカンノウエン', industry: '農業', phone: '073-432-5519', annualRevenue: oku(3), employeeCount: 38, owner: 'osaka', notes: 'EC 直販の顧客管理を強化したいとのこと。' },
  { name: '株式会社中京オートパーツ', nameKana: 'チュウキョウオートパーツ', industry: '自動車部品', phone: '052-251-6630', annualRevenue: oku(180), employeeCount: 2100, owner: 'manager' },
  { name: '博多ベイ商事株式会社', nameKana: 'ハカタベイショウジ', industry: '卸売', phone: '092-271-3386', annualRevenue: oku(44), employeeCount: 300, owner: 'osaka' },
  { name: '株式会社しらかば乳業', nameKana: 'シラカバニュウギョウ', industry: '食品', phone: '0155-23-7741', annualRevenue: oku(52), employeeCount: 450, owner: 'manager' },
  { name: '瀬戸内造船株式会社', nameKana: 'セトウチゾウセン', industry: '造船', phone: '082-247-1193', annualRevenue: oku(260), employeeCount: 2400, owner: 'osaka' },
  { name: '株式会社あおぞら保険サービス', nameKana: 'アオゾラホケンサービス', industry: '金融・保険', phone: '03-5510-6628', annualRevenue: oku(19), employeeCount: 170, owner: 'tokyo' },
  { name: '信州精密電子株式会社', nameKana: 'シンシュウセイミツデンシ', industry: '電子部品', phone: '026-226-4457', annualRevenue: oku(67), employeeCount: 730, owner: 'tokyo' },
  { name: '株式会社銀座ファッション', nameKana: 'ギンザファッション', industry: '小売', phone: '03-3562-9035', annualRevenue: oku(38), employeeCount: 390, owner: 'tokyo' },
  { name: '沖縄リゾート開発株式会社', nameKana: 'オキナワリゾートカイハツ', industry: '宿泊・観光', phone: '098-861-2274', annualRevenue: oku(21), employeeCount: 280, owner: 'manager' },
  { name: '株式会社みちのく酒造', nameKana: 'ミチノクシュゾウ', industry: '食品', phone: '019-622-5106', annualRevenue: oku(4), employeeCount: 42, owner: 'manager', notes: '海外向け販売の問い合わせ対応を一元化したい。' },
  { name: '横浜ポートシステム株式会社', nameKana: 'ヨコハマポートシステム', industry: '情報通信', phone: '045-201-8862', annualRevenue: oku(26), employeeCount: 230, owner: 'tokyo', website: 'https://yokohama-port-system.example.jp' },
]

export interface DemoDeal {
  name: string
  /** The account's name in DEMO_ACCOUNTS; the deal's owner is that account's owner. */
  account: string
  /** Position of the stage in the default pipeline (0 初回接触 … 5 受注, 6 失注). */
  stage: number
  /** Yen. */
  amount: number
  /** Expected close, in months from the seeding day. */
  closeInMonths: number
  competitors?: string[]
  closeReason?: string
}

const man = (n: number) => n * 10_000 // 万円

export const DEMO_DEALS: DemoDeal[] = [
  { name: '生産管理システム刷新', account: '株式会社さくら精機', stage: 3, amount: man(4800), closeInMonths: 2, competitors: ['A社', 'B社'] },
  { name: '倉庫管理システム導入（川崎DC）', account: '東都ロジスティクス株式会社', stage: 2, amount: man(3200), closeInMonths: 3 },
  { name: '物件管理クラウド移行', account: '株式会社みなと不動産', stage: 1, amount: man(900), closeInMonths: 4 },
  { name: '首都圏向け販路開拓支援', account: '青葉フーズ株式会社', stage: 4, amount: man(1500), closeInMonths: 1, competitors: ['C社'] },
  { name: '開発チーム向けライセンス追加', account: '株式会社ひかりソフト', stage: 5, amount: man(360), closeInMonths: 0, closeReason: '既存契約の拡張。導入実績が評価された。' },
  { name: '現場安全管理アプリ', account: '丸山建設株式会社', stage: 0, amount: man(1200), closeInMonths: 6 },
  { name: '受発注 EDI 更改', account: '日本橋商会株式会社', stage: 3, amount: man(6500), closeInMonths: 2, competitors: ['D社'] },
  { name: '研修管理システム', account: '株式会社若葉教育センター', stage: 6, amount: man(280), closeInMonths: 0, closeReason: '予算凍結のため見送り。来期に再提案。' },
  { name: '設備保全 IoT パイロット', account: '株式会社なにわ金属', stage: 2, amount: man(2400), closeInMonths: 3 },
  { name: '店舗向け予約・顧客管理', account: '関西フードサービス株式会社', stage: 1, amount: man(1800), closeInMonths: 5 },
  { name: '海外 EC 基盤構築', account: '京都織物株式会社', stage: 4, amount: man(750), closeInMonths: 1 },
  { name: '治験データ管理基盤', account: '奈良薬品工業株式会社', stage: 2, amount: man(5200), closeInMonths: 4, competitors: ['E社'] },
  { name: 'EC 直販 CRM 導入', account: '和歌山みかん農園株式会社', stage: 5, amount: man(150), closeInMonths: 0, closeReason: '導入のしやすさと日本語サポート。' },
  { name: '部品トレーサビリティ', account: '株式会社中京オートパーツ', stage: 0, amount: man(9800), closeInMonths: 8 },
]

export interface DemoContact {
  familyName: string
  givenName: string
  familyNameKana: string
  givenNameKana: string
  /** The account's name in DEMO_ACCOUNTS; the contact's owner is that account's owner. */
  account: string
  department: string
  title: string
  email: string
  phone: string
  mobile?: string
  /** 〒, prefecture, city, street, building. */
  address?: [string, string, string, string, string?]
  tags?: string[]
  /** Former employer (a DEMO_ACCOUNTS name): recorded as employment history ending on the day they joined `account`. */
  formerAccount?: string
}

export const DEMO_CONTACTS: DemoContact[] = [
  { familyName: '佐々木', givenName: '健', familyNameKana: 'ササキ', givenNameKana: 'ケン', account: '株式会社さくら精機', department: '生産管理部', title: '部長', email: 'k.sasaki@sakura-seiki.example.jp', phone: '03-5201-3346', mobile: '090-1234-0001', address: ['141-0022', '東京都', '品川区', '東五反田2-10-2', 'さくらビル5F'], tags: ['決裁者'] },
  { familyName: '小林', givenName: '由美', familyNameKana: 'コバヤシ', givenNameKana: 'ユミ', account: '株式会社さくら精機', department: '情報システム部', title: '課長', email: 'y.kobayashi@sakura-seiki.example.jp', phone: '03-5201-3347', tags: ['展示会2026'] },
  { familyName: '加藤', givenName: '誠', familyNameKana: 'カトウ', givenNameKana: 'マコト', account: '東都ロジスティクス株式会社', department: '経営企画室', title: '室長', email: 'm.kato@toto-logi.example.jp', phone: '03-6418-2272', address: ['135-0064', '東京都', '江東区', '青海2-4-32'] },
  { familyName: '吉田', givenName: '直樹', familyNameKana: 'ヨシダ', givenNameKana: 'ナオキ', account: '株式会社ひかりソフト', department: '開発本部', title: '本部長', email: 'n.yoshida@hikari-soft.example.jp', phone: '03-5789-1121', formerAccount: '株式会社梅田システムズ', tags: ['紹介'] },
  { familyName: '山口', givenName: '彩', familyNameKana: 'ヤマグチ', givenNameKana: 'アヤ', account: '日本橋商会株式会社', department: '総務部', title: '主任', email: 'a.yamaguchi@nihonbashi-shokai.example.jp', phone: '03-3241-6603' },
  { familyName: '松本', givenName: '浩二', familyNameKana: 'マツモト', givenNameKana: 'コウジ', account: 'グリーンエナジー株式会社', department: '事業開発部', title: '部長', email: 'k.matsumoto@green-energy.example.jp', phone: '03-6205-9915', mobile: '080-2345-0002', tags: ['決裁者'] },
  { familyName: '井上', givenName: '真理子', familyNameKana: 'イノウエ', givenNameKana: 'マリコ', account: '株式会社なにわ金属', department: '購買部', title: '課長', email: 'm.inoue@naniwa-kinzoku.example.jp', phone: '06-6531-2209', address: ['590-0985', '大阪府', '堺市堺区', '戎島町4-45-1'] },
  { familyName: '木村', givenName: '拓也', familyNameKana: 'キムラ', givenNameKana: 'タクヤ', account: '関西フードサービス株式会社', department: '店舗運営部', title: 'マネージャー', email: 't.kimura@kansai-food.example.jp', phone: '06-6345-7720' },
  { familyName: '林', givenName: '千尋', familyNameKana: 'ハヤシ', givenNameKana: 'チヒロ', account: '京都織物株式会社', department: '営業部', title: '係長', email: 'c.hayashi@kyoto-orimono.example.jp', phone: '075-361-4421', address: ['600-8216', '京都府', '京都市下京区', '烏丸通七条下ル東塩小路町721-1'] },
  { familyName: '清水', givenName: '大地', familyNameKana: 'シミズ', givenNameKana: 'ダイチ', account: '奈良薬品工業株式会社', department: '品質保証部', title: '部長代理', email: 'd.shimizu@nara-yakuhin.example.jp', phone: '0742-22-8131' },
  { familyName: '森', givenName: '菜々子', familyNameKana: 'モリ', givenNameKana: 'ナナコ', account: '株式会社中京オートパーツ', department: '調達部', title: '課長', email: 'n.mori@chukyo-auto.example.jp', phone: '052-251-6631', tags: ['展示会2026'] },
  { familyName: '池田', givenName: '修', familyNameKana: 'イケダ', givenNameKana: 'オサム', account: '瀬戸内造船株式会社', department: '設計部', title: '部長', email: 'o.ikeda@setouchi-zosen.example.jp', phone: '082-247-1194', formerAccount: '株式会社神戸マリンサービス' },
]

/** Group companies: [subsidiary, parent] (names in DEMO_ACCOUNTS). */
export const DEMO_GROUPS: [string, string][] = [
  ['株式会社梅田システムズ', '株式会社ひかりソフト'],
  ['株式会社神戸マリンサービス', '瀬戸内造船株式会社'],
]
