/**
 * Territories and incentives: an admin creates a territory for a prefecture, an account registered in that
 * prefecture shows the territory; a tiered commission plan is assigned to a rep, whose won deal then shows
 * on the rep's statement with the commission worked out by hand.
 */
import { expect, request, test } from '@playwright/test'
import { adminApi, type Credentials } from './fixtures/api.ts'
import { E2E_ADMIN, E2E_BASE_URL } from './fixtures/env.ts'
import { openFromNav, signIn, signOut } from './fixtures/ui.ts'

test.setTimeout(240_000)

/** A won deal owned by the rep, created through the API as the admin. */
async function createWonDeal(admin: Credentials, ownerId: string, name: string, amount: number): Promise<void> {
  const api = await request.newContext({ baseURL: E2E_BASE_URL })
  const login = await api.post('/api/v1/auth/login', { data: { email: admin.email, password: admin.password } })
  expect(login.status(), await login.text()).toBe(200)
  const headers = { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken }
  const pipelines = (await (await api.get('/api/v1/pipelines')).json()) as { data: { isDefault: boolean; stages: { id: string; kind: string }[] }[] }
  const won = pipelines.data.find((p) => p.isDefault)!.stages.find((s) => s.kind === 'won')!
  const created = await api.post('/api/v1/deals', { headers, data: { name, amount, ownerId, stageId: won.id } })
  expect(created.status(), await created.text()).toBe(201)
  await api.dispose()
}

test('a territory places an account of its prefecture, and a tiered plan turns a won deal into a statement', async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase()
  const territory = `佐賀和菓子テリトリー${tag}`
  // A unique industry keeps this run's territory the most specific match even after earlier runs.
  const industry = `和菓子${tag}`

  // The rep exists before the app loads: pickers keep the member list for 30 s, so a user added
  // behind the app's back mid-journey would not be offered yet.
  const admin = await adminApi()
  const repName = `歩合 太郎${tag}`
  const rep = await admin.createUser({ name: repName, roleKey: 'sales' })
  await admin.dispose()

  await signIn(page, E2E_ADMIN)
  await openFromNav(page, 'nav-admin-territories', /\/admin\/territories$/)
  await page.getByTestId('create-territory').click()
  await page.getByTestId('territory-name').fill(territory)
  await page.getByTestId('prefecture-picker').getByText('佐賀県', { exact: true }).click()
  await page.getByTestId('territory-industries').fill(industry)
  await page.getByTestId('territory-industries').press('Enter')
  await page.getByTestId('territory-save').click()
  await expect(page.getByText(`テリトリー「${territory}」を追加しました。`)).toBeVisible()
  await expect(page.getByTestId('territory-row').filter({ hasText: territory })).toContainText('佐賀県')

  // An account in 佐賀県 of that industry is placed in the territory as it is saved.
  await openFromNav(page, 'nav-accounts', /\/accounts$/)
  await page.getByTestId('account-new').click()
  await page.getByTestId('account-field-name').fill(`株式会社佐賀菓子${tag}`)
  await page.getByTestId('account-field-industry').fill(industry)
  await page.getByTestId('account-field-prefecture').click()
  await page.getByRole('option', { name: '佐賀県', exact: true }).click()
  await page.getByTestId('account-field-address').fill('佐賀市城内1-1-1')
  await page.getByTestId('account-save').click()
  await expect(page).toHaveURL(/\/accounts\/[0-9a-f-]{36}$/, { timeout: 20_000 })
  await expect(page.getByTestId('account-territory')).toHaveText(`テリトリー: ${territory}`)
  await expect(page.getByTestId('account-address')).toContainText('佐賀県佐賀市城内1-1-1')

  // A tiered plan (defaults: up to 1,000,000 at 5%, above at 10%, marginal) for the new rep.
  const planName = `段階制プラン${tag}`
  await openFromNav(page, 'nav-admin-commission-plans', /\/admin\/commission-plans$/)
  await page.getByTestId('create-commission-plan').click()
  await page.getByTestId('plan-name').fill(planName)
  await page.getByTestId('commission-plan-form').getByText('段階制', { exact: true }).click()
  await expect(page.getByTestId('tier-upto-0')).toHaveValue('1,000,000')
  await page.getByTestId('plan-save').click()
  await expect(page.getByText(`プラン「${planName}」を追加しました。`)).toBeVisible()
  const row = page.getByTestId('commission-plan-row').filter({ hasText: planName })
  await expect(row).toContainText('段階制（超過累進）')
  await row.getByTestId('commission-plan-assign').click()
  await page.getByTestId('assign-user').click()
  await page.getByRole('option', { name: repName }).click()
  await page.getByTestId('assign-save').click()
  await expect(page.getByTestId('assignment-table')).toContainText(repName)

  // 1,500,000 won: 1,000,000 × 5% + 500,000 × 10% = 100,000.
  await createWonDeal(E2E_ADMIN, rep.id, `受注案件${tag}`, 1_500_000)

  await page.keyboard.press('Escape')
  await signOut(page)
  await signIn(page, rep)
  await openFromNav(page, 'nav-incentives', /\/incentives$/)
  const statement = page.getByTestId('statement-row').filter({ hasText: planName })
  await expect(statement.getByTestId('statement-commission')).toHaveText(/^[¥￥]100,000$/, { timeout: 20_000 })
  await statement.click()
  await expect(page.getByTestId('statement-total')).toHaveText(/^[¥￥]100,000$/)
  await expect(page.getByTestId('statement-line')).toHaveCount(1)
  await expect(page.getByTestId('statement-line').first()).toContainText(`受注案件${tag}`)
})
