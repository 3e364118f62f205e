/**
 * Forgotten passwords: a single-use link valid for one hour, emailed in Japanese and
 * English. Asking for a reset never reveals whether the address has an account.
 */
import { sql } from 'kysely'
import { recordAuthEvent } from '../../platform/audit/audit.ts'
import { hashPassword, hashSecret, randomSecret } from '../../platform/auth/credentials.ts'
import type { Config } from '../../platform/config.ts'
import type { Db } from '../../platform/db/database.ts'
import { inSystemTransaction } from '../../platform/db/transaction.ts'
import { invalid } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { MailMessage } from '../../platform/mail/mailer.ts'
import { assertPasswordStrength, normalizeEmail } from '../tenancy/index.ts'
import { homeTenantOf, type RequestInfo } from './login.service.ts'
import { revokeUserSessions } from './sessions.ts'

const RESET_TTL_MS = 60 * 60 * 1000
/** A second request within this time sends no second email (stops mail-bombing an inbox). */
const RESEND_GAP_MS = 60 * 1000

export function passwordResetMail(input: { to: string; name: string; link: string; locale: string | null }): MailMessage {
  const ja = [
    `${input.name} 様`,
    '',
    'Daifuku のパスワード再設定のお申し込みを受け付けました。',
    '下記のリンクより、1 時間以内に新しいパスワードを設定してください。',
    '',
    input.link,
    '',
    'このリンクは一度のみご利用いただけます。',
    'お心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。',
  ].join('\n')
  const en = [
    `Hello ${input.name},`,
    '',
    'We received a request to reset your Daifuku password.',
    'Open the link below within one hour to choose a new password:',
    '',
    input.link,
    '',
    'The link works only once. If you did not ask for this, you can ignore this email; your password stays unchanged.',
  ].join('\n')
  const separator = '\n\n――――――――――――――――――――\n\n'
  return {
    to: input.to,
    subject: input.locale === 'en' ? '[Daifuku] Reset your password / パスワード再設定のご案内' : '【Daifuku】パスワード再設定のご案内 / Reset your password',
    text: input.locale === 'en' ? en + separator + ja + '\n' : ja + separator + en + '\n',
  }
}

/**
 * Stores a reset token for the address if it belongs to a user and returns the email to
 * send (after the transaction commits), or null. The caller answers 202 either way.
 */
export async function requestPasswordReset(db: Db, config: Config, rawEmail: string): Promise<MailMessage | null> {
  const email = normalizeEmail(rawEmail)
  return inSystemTransaction(db, async (tx) => {
    const user = await tx.selectFrom('users').select(['id', 'email', 'name', 'locale']).where(sql`lower(email)`, '=', email).executeTakeFirst()
    if (!user) return null
    const recent = await tx
      .selectFrom('passwordResets')
      .select('id')
      .where('userId', '=', user.id)
      .where('usedAt', 'is', null)
      .where('createdAt', '>', new Date(Date.now() - RESEND_GAP_MS))
      .executeTakeFirst()
    if (recent) return null
    const token = randomSecret(32)
    await tx
      .insertInto('passwordResets')
      .values({ id: newId(), userId: user.id, tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + RESET_TTL_MS) })
      .execute()
    const link = `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`
    return passwordResetMail({ to: user.email, name: user.name, link, locale: user.locale })
  })
}

/** Sets the new password, spends the link, unlocks the account and signs the user out everywhere. */
export async function confirmPasswordReset(db: Db, input: { token: string; password: string }, info: RequestInfo): Promise<void> {
  assertPasswordStrength(input.password)
  const passwordHash = await hashPassword(input.password)
  await inSystemTransaction(db, async (tx) => {
    const reset = await tx
      .selectFrom('passwordResets as pr')
      .innerJoin('users as u', 'u.id', 'pr.userId')
      .select(['pr.id', 'pr.userId', 'pr.usedAt', 'pr.expiresAt', 'u.email', 'u.lastTenantId'])
      .where('pr.tokenHash', '=', hashSecret(input.token))
      .forUpdate('pr')
      .executeTakeFirst()
    if (!reset || reset.usedAt || reset.expiresAt.getTime() <= Date.now()) {
      throw invalid('This password reset link is invalid, has expired or was already used. Please request a new one.', [
        { path: 'token', message: 'Invalid or expired.' },
      ])
    }
    await tx
      .updateTable('users')
      .set({ passwordHash, lockedUntil: null, failedLoginCount: 0, updatedAt: sql<Date>`now()` })
      .where('id', '=', reset.userId)
      .execute()
    // Every outstanding link of the user dies with this one.
    await tx.updateTable('passwordResets').set({ usedAt: sql<Date>`now()` }).where('userId', '=', reset.userId).where('usedAt', 'is', null).execute()
    await revokeUserSessions(tx, reset.userId)
    // Proving control of the mailbox lifts a lockout: record it like a successful sign-in.
    await tx.insertInto('loginAttempts').values({ id: newId(), email: normalizeEmail(reset.email), ip: info.ip, succeeded: true }).execute()
    const tenantId = await homeTenantOf(tx, reset.userId, reset.lastTenantId)
    await recordAuthEvent(tx, { tenantId, userId: reset.userId, action: 'password_reset', email: reset.email, requestId: info.requestId, ip: info.ip })
  })
}
