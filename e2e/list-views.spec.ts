/**
 * Journey: on the 担当者 list, build a filter with an OR group, save it as a view shared with everyone, reopen it
 * from the 保存済みビュー menu, then select every matching contact and hand them to another user (担当者の変更).
 */
import { expect, request, test, type Page } from '@playwright/test'
import { adminApi } from './fixtures/api.ts'
import { E2E_ADMIN, E2E_BASE_URL } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

/** Three contacts of this run only (tagged with `tag`), made through the API. */
async function seedContacts(tag: string): Promise<void> {
  const api = await request.newContext({ baseURL: E2E_BASE_URL })
  const login = await api.post('/api/v1/auth/login', { data: { email: E2E_ADMIN.email, password: E2E_ADMIN.password } })
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  for (const [familyName, department, title] of [
    [`営業${tag}`, '営業部', '主任'],
    [`部長${tag}`, '総務部', '部長'],
    [`対象外${tag}`, '総務部', '主任'],
  ]) {
    const created = await api.post('/api/v1/contacts', { headers: { 'x-csrf-token': csrfToken }, data: { familyName, department, title, tags: [tag] } })
    expect(created.status(), await created.text()).toBe(201)
  }
  await api.dispose()
}

async function pick(page: Page, select: ReturnType<Page['getByTestId']>, option: string): Promise<void> {
  await select.click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

test('filter with an OR group, share it as a view, reopen it and bulk-assign the matching contacts', async ({ page }) => {
  const tag = `LV${Date.now().toString(36).toUpperCase()}`
  const admin = await adminApi()
  const heir = await admin.createUser({ name: `引継 花子${tag}`, roleKey: 'sales' })
  await admin.dispose()
  await seedContacts(tag)
  await signIn(page, E2E_ADMIN)
  await page.getByTestId('nav-contacts').click()

  // タグ = this run, AND (部署 = 営業部 OR 役職 = 部長).
  await page.getByTestId('filter-open').click()
  const dialog = page.getByTestId('filter-dialog')
  await dialog.getByTestId('filter-add-condition').click()
  const first = dialog.getByTestId('filter-condition').nth(0)
  await pick(page, first.getByTestId('filter-field'), 'タグ')
  await first.getByTestId('filter-value').fill(tag)
  await first.getByTestId('filter-value').press('Enter')
  await dialog.getByTestId('filter-add-group').click()
  const group = dialog.getByTestId('filter-group')
  await expect(group.getByTestId('filter-combinator')).toContainText('いずれか一致')
  const byDepartment = group.getByTestId('filter-condition').nth(0)
  await pick(page, byDepartment.getByTestId('filter-field'), '部署')
  await byDepartment.getByTestId('filter-value').fill('営業部')
  await group.getByTestId('filter-add-condition').click()
  const byTitle = group.getByTestId('filter-condition').nth(1)
  await pick(page, byTitle.getByTestId('filter-field'), '役職')
  await byTitle.getByTestId('filter-value').fill('部長')
  await dialog.getByTestId('filter-apply').click()

  const rows = page.getByTestId('contact-row')
  await expect(rows).toHaveCount(2)
  await expect(page.getByTestId('contact-table')).not.toContainText(`対象外${tag}`)

  // Save it as a view everyone in the company can use.
  await page.getByTestId('views-menu').click()
  await page.getByTestId('view-save-as').click()
  await page.getByTestId('view-name').fill(`重点先${tag}`)
  await page.getByTestId('view-sharing-tenant').click()
  await page.getByTestId('view-save-submit').click()
  await expect(page.getByTestId('views-menu')).toContainText(`重点先${tag}`)
  await expect(page).toHaveURL(/view=/)

  // Back to everything, then reopen the view from the menu: the same two contacts.
  await page.getByTestId('views-menu').click()
  await page.getByTestId('view-item-all').click()
  await expect(page.getByTestId('views-menu')).toContainText('すべて')
  await page.reload()
  await page.getByTestId('views-menu').click()
  await page.getByTestId('view-item').filter({ hasText: `重点先${tag}` }).click()
  await expect(page.getByTestId('views-menu')).toContainText(`重点先${tag}`)
  await expect(rows).toHaveCount(2)
  await expect(page.getByTestId('filter-open')).toContainText('3')

  // Select all shown and hand them to the new owner.
  await page.getByTestId('select-all').check()
  await expect(page.getByTestId('bulk-count')).toContainText('2 件を選択中')
  await page.getByTestId('bulk-assign').click()
  await pick(page, page.getByTestId('bulk-owner'), `引継 花子${tag}`)
  await page.getByTestId('bulk-submit').click()
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0)
  for (const name of [`営業${tag}`, `部長${tag}`]) {
    await expect(rows.filter({ hasText: name })).toContainText(`引継 花子${tag}`)
  }
  expect(heir.id).toBeTruthy()
})
