/**
 * Journey: a Shift_JIS CSV with one bad row is imported from the accounts list through the
 * wizard (preview, mapping, dry run, background run with progress), the error report names
 * the bad row, the good rows are in the list, and the list exports back to Shift_JIS.
 */
import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import iconv from 'iconv-lite'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

test('import a Shift_JIS CSV with a bad row, read the error report, and export the list', async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase()
  const csv = [
    '取引先名,フリガナ,電話番号,メールアドレス,従業員数',
    `株式会社インポート検証${tag},インポートケンショウ,03-5555-0001,info@import.example.jp,120`,
    `有限会社不正メール${tag},フセイメール,03-5555-0002,not-an-email,8`,
    `合同会社取込${tag},トリコミ,06-5555-0003,,"1,500"`,
  ].join('\r\n')

  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-accounts').click()
  await page.getByTestId('import-open').click()
  await expect(page).toHaveURL(/\/imports\/new\?object=accounts$/)

  await page.locator('input[type=file]').setInputFiles({ name: '取引先一覧.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'cp932') })
  await page.getByTestId('import-upload').click()
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('import-encoding')).toHaveText('Shift_JIS（CP932）')
  await expect(page.getByTestId('import-row-count')).toHaveText('3 件')
  await expect(page.getByTestId('import-mapping-source')).toHaveAttribute('data-source', 'guessed')
  await expect(page.getByTestId('import-preview-table')).toContainText(`株式会社インポート検証${tag}`)
  await page.getByTestId('import-next').click()

  await page.getByTestId('import-dry-run').click()
  const dry = page.getByTestId('import-dry-run-result')
  await expect(dry.getByTestId('import-count-created')).toHaveText('2')
  await expect(dry.getByTestId('import-count-errors')).toHaveText('1')
  await expect(dry.getByTestId('import-issue-row')).toHaveCount(1)
  await expect(dry.getByTestId('import-issue-row').first()).toContainText('3')
  await expect(dry.getByTestId('import-issue-row').first()).toContainText('メールアドレス')

  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-status', 'done', { timeout: 20_000 })
  await expect(page.getByTestId('import-count-created')).toHaveText('2')
  await expect(page.getByTestId('import-count-errors')).toHaveText('1')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report-download').click()])
  const report = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '')
  const lines = report.trim().split(/\r\n/)
  expect(lines[0]).toBe('行,列,項目,種別,理由')
  expect(lines).toHaveLength(2)
  expect(lines[1]).toBe('3,メールアドレス,メールアドレス,エラー,メールアドレスの形式が正しくありません：「not-an-email」')

  await page.getByTestId('import-back-to-list').click()
  await page.getByTestId('account-search').fill(tag)
  await expect(page.getByTestId('account-row')).toHaveCount(2)
  await expect(page.getByTestId('account-table')).not.toContainText(`有限会社不正メール${tag}`)

  await page.getByTestId('export-menu').click()
  const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv-sjis').click()])
  const text = iconv.decode(fs.readFileSync((await exported.path())!), 'cp932')
  expect(text).toContain(`株式会社インポート検証${tag}`)
  expect(text).toContain(`合同会社取込${tag}`)
  expect(text).not.toContain(`有限会社不正メール${tag}`)
})

test('import business cards from a vCard into contacts and export them as vCard', async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase()
  const vcf = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:名刺${tag};太郎;;;`,
    `FN:名刺${tag} 太郎`,
    'X-PHONETIC-LAST-NAME:メイシ',
    'X-PHONETIC-FIRST-NAME:タロウ',
    `ORG:株式会社名刺交換${tag};営業部`,
    'TITLE:課長',
    'TEL;TYPE=WORK:03-5555-1234',
    `EMAIL;TYPE=WORK:taro.${tag.toLowerCase()}@meishi.example.jp`,
    'ADR;TYPE=WORK:;名刺ビル3F;丸の内1-1-1;千代田区;東京都;100-0005;日本',
    'END:VCARD',
    '',
  ].join('\r\n')

  await signIn(page, E2E_ADMIN)
  await page.goto('/contacts')
  await page.getByTestId('import-open').click()
  await expect(page).toHaveURL(/\/imports\/new\?object=contacts$/)
  await page.locator('input[type=file]').setInputFiles({ name: 'cards.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcf) })
  await page.getByTestId('import-upload').click()
  await expect(page.getByTestId('import-format')).toHaveText('vCard')
  await expect(page.getByTestId('import-row-count')).toHaveText('1 件')
  await page.getByTestId('import-next').click()
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-status', 'done', { timeout: 20_000 })
  await expect(page.getByTestId('import-count-created')).toHaveText('1')
  await expect(page.getByTestId('import-no-issues')).toBeVisible()

  await page.getByTestId('import-back-to-list').click()
  await page.getByTestId('contact-search').fill(`名刺${tag}`)
  await expect(page.getByTestId('contact-row')).toHaveCount(1)
  await expect(page.getByTestId('contact-row').first()).toContainText(`株式会社名刺交換${tag}`)

  await page.getByTestId('export-menu').click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-vcard').click()])
  const card = fs.readFileSync((await download.path())!, 'utf8')
  expect(card).toContain('VERSION:4.0')
  expect(card).toContain(`N;SORT-AS="メイシ,タロウ":名刺${tag};太郎;;;`)
  expect(card).toContain(`ORG:株式会社名刺交換${tag};営業部`)
})

test('the upload step states the size limit and refuses a larger file before sending it', async ({ page }) => {
  // A small limit stands in for the server's 50 MB / 256 MB, so the test needs no huge file.
  await page.route('**/api/v1/imports/limits', (route) => route.fulfill({ json: { maxFileBytes: 2 * 1024 * 1024, maxJsonFileBytes: 1024 * 1024 } }))
  await signIn(page, E2E_ADMIN)
  await page.goto('/imports/new?object=contacts')
  await expect(page.getByText('ファイルサイズの上限は 2 MB です。')).toBeVisible()
  const big = Buffer.alloc(2 * 1024 * 1024 + 1, 'a')
  await page.locator('input[type=file]').setInputFiles({ name: '大きすぎる.csv', mimeType: 'text/csv', buffer: big })
  await expect(page.getByTestId('import-file-too-large')).toHaveText('ファイルが大きすぎます。2 MB 以下のファイルをお選びください。')
  await expect(page.getByTestId('import-upload')).toBeDisabled()
  await page.locator('input[type=file]').setInputFiles({ name: '小さい.csv', mimeType: 'text/csv', buffer: Buffer.from('氏名\r\n山田 太郎\r\n') })
  await expect(page.getByTestId('import-file-too-large')).toHaveCount(0)
  await expect(page.getByTestId('import-upload')).toBeEnabled()
})
