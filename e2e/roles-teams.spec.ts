/**
 * Journey f: an administrator creates a custom role and grants it a right in the permission
 * matrix (a member with that role then sees exactly that), and creates a team under another.
 */
import { expect, test } from '@playwright/test'
import { adminApi } from './fixtures/api.ts'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn, signOut, openFromNav } from './fixtures/ui.ts'

const tag = () => Date.now().toString(36)

test('a custom role granted "read accounts" in the matrix lets its member see accounts but not add them', async ({ page }) => {
  const roleName = `閲覧担当 ${tag()}`
  const roleKey = `viewer-${tag()}`

  await signIn(page, E2E_ADMIN)
  await openFromNav(page, 'nav-admin-roles', /\/admin\/roles$/)
  await page.getByTestId('create-role').click()
  await page.getByTestId('role-create-name').fill(roleName)
  await page.getByTestId('role-create-key').fill(roleKey)
  await page.getByTestId('role-create-submit').click()
  await expect(page.getByText(`ロール「${roleName}」を作成しました。`)).toBeVisible()
  await expect(page.getByTestId(`role-item-${roleKey}`)).toBeVisible()
  await expect(page.getByTestId('role-name')).toHaveValue(roleName)

  // A new role starts with nothing ticked.
  const read = page.getByTestId('perm-accounts-read')
  await expect(read).not.toBeChecked()
  await expect(page.getByTestId('role-save')).toBeDisabled()
  await read.check()
  await expect(page.getByTestId('perm-accounts-create')).not.toBeChecked()
  await page.getByTestId('role-save').click()
  await expect(page.getByText(`ロール「${roleName}」を保存しました。`)).toBeVisible()
  await expect(page.getByTestId('role-save')).toBeDisabled()

  // Saved on the server, not only on screen.
  await page.reload()
  await expect(page.getByTestId('role-name')).toHaveValue(roleName)
  await expect(page.getByTestId('perm-accounts-read')).toBeChecked()
  await expect(page.getByTestId('perm-accounts-update')).not.toBeChecked()

  const admin = await adminApi()
  const member = await admin.createUser({ name: '閲覧 次郎', roleKey })
  await admin.dispose()
  await signOut(page)
  await signIn(page, member)
  await page.getByTestId('nav-accounts').click()
  await expect(page).toHaveURL(/\/accounts$/)
  await expect(page.getByRole('heading', { name: '取引先' })).toBeVisible()
  await expect(page.getByTestId('account-new')).toHaveCount(0)
  await expect(page.getByTestId('nav-group-admin')).toHaveCount(0)
})

test('an administrator creates a team under a parent team in the team tree', async ({ page }) => {
  const parent = `営業本部 ${tag()}`
  const child = `東京営業部 ${tag()}`

  await signIn(page, E2E_ADMIN)
  await openFromNav(page, 'nav-admin-teams', /\/admin\/teams$/)

  await page.getByTestId('create-team').click()
  await page.getByTestId('team-name').fill(parent)
  await page.getByTestId('team-save').click()
  await expect(page.getByText(`チーム「${parent}」を作成しました。`)).toBeVisible()
  await expect(page.getByTestId('team-row').filter({ hasText: parent })).toBeVisible()

  await page.getByTestId('create-team').click()
  await page.getByTestId('team-name').fill(child)
  await page.getByTestId('team-parent').click()
  await page.getByRole('option', { name: parent }).click()
  await page.getByTestId('team-save').click()
  await expect(page.getByText(`チーム「${child}」を作成しました。`)).toBeVisible()

  // The child sits right under its parent, indented one level.
  const rows = page.getByTestId('team-row')
  await expect(rows.filter({ hasText: child })).toBeVisible()
  const names = await rows.allInnerTexts()
  const parentIndex = names.findIndex((n) => n.includes(parent))
  expect(parentIndex).toBeGreaterThanOrEqual(0)
  expect(names[parentIndex + 1]).toContain(child)
  const left = async (name: string) => (await rows.filter({ hasText: name }).getByText(name, { exact: true }).boundingBox())?.x ?? Number.NaN
  expect(await left(child)).toBeGreaterThan(await left(parent))

  // Still there after a reload.
  await page.reload()
  await expect(page.getByTestId('team-row').filter({ hasText: child })).toBeVisible()
})
