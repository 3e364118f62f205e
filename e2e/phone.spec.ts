/** Journey e: on a phone-sized screen the navigation hides behind the burger and still works. */
import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

test.describe('phone (390×844)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  test('the navigation opens from the burger, leads to a page and closes again', async ({ page }) => {
    await signIn(page, E2E_ADMIN)
    const toggle = page.getByTestId('nav-toggle')
    const accountsLink = page.getByTestId('nav-accounts')

    await expect(toggle).toBeVisible()
    await expect(accountsLink).not.toBeInViewport()

    await toggle.click()
    await expect(accountsLink).toBeInViewport()
    // The drawer scrolls: the admin links further down are reached by scrolling it.
    const adminUsers = page.getByTestId('nav-admin-users')
    await adminUsers.scrollIntoViewIfNeeded()
    await expect(adminUsers).toBeInViewport()
    await accountsLink.scrollIntoViewIfNeeded()
    await accountsLink.click()

    await expect(page).toHaveURL(/\/accounts$/)
    await expect(page.getByTestId('account-new')).toBeVisible()
    // Picking a page closes the drawer so the page is not hidden under it.
    await expect(accountsLink).not.toBeInViewport()

    // The page itself fits the width: nothing scrolls sideways.
    // (A string, because the Node-side tsconfig has no DOM types.)
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
    expect(overflow).toBeLessThanOrEqual(0)

    // The burger also closes the drawer without navigating.
    await toggle.click()
    await expect(accountsLink).toBeInViewport()
    await toggle.click()
    await expect(accountsLink).not.toBeInViewport()
    await expect(page).toHaveURL(/\/accounts$/)
  })
})

test('on a wide screen the sidebar is always shown and there is no burger', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await signIn(page, E2E_ADMIN)
  await expect(page.getByTestId('nav-toggle')).toBeHidden()
  await expect(page.getByTestId('nav-accounts')).toBeInViewport()
})
