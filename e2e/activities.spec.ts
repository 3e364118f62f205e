/**
 * Journey: activities on an account (task, meeting), completing the task in My tasks, the
 * meeting in the calendar, the iCalendar feed URL, and a reminder arriving at the bell.
 */
import { expect, type Page, test } from '@playwright/test'
import { E2E_ADMIN } from './fixtures/env.ts'
import { signIn } from './fixtures/ui.ts'

/** `datetime-local` value for now + days (the browser runs in Asia/Tokyo). */
function localInput(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000)
  const tokyo = new Date(d.getTime() + 9 * 3_600_000)
  return `${tokyo.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`
}

async function newAccount(page: Page, name: string): Promise<void> {
  await page.getByTestId('nav-accounts').click()
  await page.getByTestId('account-new').click()
  await page.getByTestId('account-field-name').fill(name)
  await page.getByTestId('account-save').click()
  await expect(page.getByTestId('account-title')).toHaveText(name)
}

test('log a task and a meeting on an account, complete the task, find the meeting in the calendar and the feed', async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase()
  const taskSubject = `見積書を送付する${tag}`
  const meetingSubject = `定例打ち合わせ${tag}`
  await signIn(page, E2E_ADMIN)
  await newAccount(page, `株式会社活動検証${tag}`)

  const timeline = page.getByTestId('activity-timeline')
  await expect(timeline.getByTestId('empty-state')).toBeVisible()
  await timeline.getByTestId('activity-subject').fill(taskSubject)
  await timeline.getByTestId('activity-dueAt').fill(localInput(-1, 10))
  await timeline.getByTestId('activity-submit').click()
  const task = timeline.getByTestId('activity-item').filter({ hasText: taskSubject })
  await expect(task).toBeVisible()
  await expect(task.getByTestId('activity-overdue')).toBeVisible()

  await timeline.getByTestId('activity-kind').getByText('打ち合わせ').click()
  await timeline.getByTestId('activity-subject').fill(meetingSubject)
  await timeline.getByTestId('activity-startsAt').fill(localInput(1, 10))
  await timeline.getByTestId('activity-endsAt').fill(localInput(1, 11))
  await timeline.getByTestId('activity-place').fill('本社 3階 会議室')
  await timeline.getByTestId('activity-submit').click()
  await expect(timeline.getByTestId('activity-item').filter({ hasText: meetingSubject })).toContainText('本社 3階 会議室')
  // Edit the meeting: only the place changes.
  await timeline.getByTestId('activity-item').filter({ hasText: meetingSubject }).getByTestId('activity-edit').click()
  const modal = page.getByTestId('activity-edit-modal')
  await modal.getByTestId('activity-place').fill('丸の内オフィス 12階')
  await modal.getByTestId('activity-submit').click()
  await expect(page.getByText('活動を更新しました。')).toBeVisible()
  await expect(timeline.getByTestId('activity-item').filter({ hasText: meetingSubject })).toContainText('丸の内オフィス 12階')

  // My tasks: the overdue task is listed; ticking it moves it to the done filter.
  await page.getByTestId('nav-tasks').click()
  const listed = page.getByTestId('task-list').getByTestId('activity-item').filter({ hasText: taskSubject })
  await expect(listed).toBeVisible()
  await listed.getByTestId('activity-complete').click()
  await expect(page.getByText('タスクを完了にしました。')).toBeVisible()
  await expect(listed).toHaveCount(0)
  await page.getByTestId('task-filter').getByText('完了済み').click()
  await expect(page.getByTestId('task-list').getByTestId('activity-item').filter({ hasText: taskSubject })).toHaveAttribute('data-status', 'done')

  // Calendar, day view, tomorrow.
  await page.getByTestId('nav-calendar').click()
  await page.getByTestId('calendar-view').getByText('日', { exact: true }).click()
  await page.getByTestId('calendar-next').click()
  await expect(page.getByTestId('calendar')).toHaveAttribute('data-view', 'day')
  await expect(page.getByTestId('calendar-item').filter({ hasText: meetingSubject })).toBeVisible()

  // The iCalendar feed: made in settings, readable without a session, a real VEVENT inside.
  await page.goto('/settings/calendar')
  await expect(page.getByTestId('calendar-feed-status')).toHaveAttribute('data-active', 'false')
  await page.getByTestId('calendar-feed-rotate').click()
  const url = await page.getByTestId('calendar-feed-url').inputValue()
  expect(url).toMatch(/\/api\/v1\/calendar\/feeds\/[A-Za-z0-9_-]+\.ics$/)
  await expect(page.getByTestId('calendar-feed-status')).toHaveAttribute('data-active', 'true')
  const feed = await page.context().request.fetch(url, { headers: { cookie: '' } })
  expect(feed.status()).toBe(200)
  expect(feed.headers()['content-type']).toContain('text/calendar')
  const body = await feed.text()
  expect(body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
  expect(body).toContain(`SUMMARY:${meetingSubject}`)
  expect((await page.context().request.fetch(url.replace(/\.ics$/, 'x.ics'))).status()).toBe(404)
})

test('a task reminder reaches the notification bell, and opening it marks it read', async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase()
  const subject = `折り返しのお電話${tag}`
  await signIn(page, E2E_ADMIN)
  await newAccount(page, `株式会社通知検証${tag}`)
  const timeline = page.getByTestId('activity-timeline')
  await timeline.getByTestId('activity-subject').fill(subject)
  await timeline.getByTestId('activity-dueAt').fill(localInput(1, 15))
  await timeline.getByTestId('activity-remindAt').fill(localInput(-1, 9))
  await timeline.getByTestId('activity-submit').click()
  await expect(timeline.getByTestId('activity-item').filter({ hasText: subject })).toBeVisible()

  // The job runner fires the reminder within a few seconds; the bell polls, a reload is quicker.
  await expect(async () => {
    await page.reload()
    await page.getByTestId('notification-bell').click()
    await expect(page.getByTestId('notification-item').filter({ hasText: subject })).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
  const item = page.getByTestId('notification-item').filter({ hasText: subject })
  await expect(item).toHaveAttribute('data-read', 'false')
  await item.click()
  await expect(page).toHaveURL(/\/accounts\/[0-9a-f-]{36}\?activity=/)
  await page.getByTestId('notification-bell').click()
  await expect(page.getByTestId('notification-item').filter({ hasText: subject })).toHaveAttribute('data-read', 'true')
})
