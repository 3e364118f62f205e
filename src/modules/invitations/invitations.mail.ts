/** The invitation email, in Japanese and English (Japanese first). */
import type { MailMessage } from '../../platform/mail/mailer.ts'

export function invitationMail(input: {
  to: string
  tenantName: string
  inviterName: string
  roleName: string
  link: string
  expiresAt: Date
  timeZone: string
}): MailMessage {
  const format = (locale: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: input.timeZone, year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(input.expiresAt)
  const ja = [
    `${input.inviterName} 様より、Daifuku の「${input.tenantName}」へのご招待が届いております（ロール：${input.roleName}）。`,
    '',
    '下記のリンクを開き、お名前とパスワードを設定してご参加ください。',
    'すでに Daifuku のアカウントをお持ちの場合は、そのパスワードでご参加いただけます。',
    '',
    input.link,
    '',
    `このリンクの有効期限は ${format('ja-JP')} までです。`,
    'お心当たりのない場合は、このメールを破棄してください。',
  ].join('\n')
  const en = [
    `${input.inviterName} has invited you to join ${input.tenantName} on Daifuku (role: ${input.roleName}).`,
    '',
    'Open the link below to set your name and password and join.',
    'If you already have a Daifuku account, join with its password.',
    '',
    input.link,
    '',
    `The link is valid until ${format('en-US')}. If you were not expecting this invitation, you can ignore this email.`,
  ].join('\n')
  return {
    to: input.to,
    subject: `【Daifuku】「${input.tenantName}」へのご招待 / You are invited to ${input.tenantName}`,
    text: `${ja}\n\n――――――――――――――――――――\n\n${en}\n`,
  }
}
