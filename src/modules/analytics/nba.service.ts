/**
 * Next best actions for one account: a short list, most useful first, each with its reason in Japanese
 * and English. Candidates: follow up an overdue task, propose renewing a contract that ends soon, call a
 * high-value customer who is going quiet (churn risk or RFM 休眠), get back in touch with any customer at
 * risk, and offer a product often bought together with what the customer already buys (basket rules).
 * Scores are fixed bands so the order is predictable: overdue task 90–99, renewal 80–89, win back 75–90,
 * re-engage 40–70, cross-sell 50–60.
 */
import { sql } from 'kysely'
import { authorize, can, visibleRecordsCondition } from '../../platform/access/policy.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { notFound } from '../../platform/errors.ts'
import type { NextBestAction } from './predictive.schema.ts'
import { TENANT_TODAY, tenantToday } from './tenant-day.ts'

const MAX_ACTIONS = 5
const RENEWAL_HORIZON_DAYS = 90
/** An RFM 休眠 customer without a churn score counts as this risky. */
const DORMANT_RISK = 0.7

const yen = (n: number) => Math.round(n).toLocaleString('ja-JP')
const pct = (n: number) => Math.round(n * 100)
/** A fitted probability is never certain: at most 99%. */
const riskPct = (n: number) => Math.min(99, pct(n))

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

export async function listNextBestActions(ctx: ServiceContext, accountId: string): Promise<NextBestAction[]> {
  authorize(ctx, 'accounts', 'read')
  const account = await ctx.tx.selectFrom('accounts as a').select('a.id').where('a.id', '=', accountId).where(visibleRecordsCondition(ctx, 'accounts', 'a')).executeTakeFirst()
  if (!account) throw notFound('Account')
  const today = await tenantToday(ctx.tx)
  const actions: NextBestAction[] = []

  if (can(ctx, 'activities', 'read')) {
    const tasks = await sql<{ id: string; subject: string; dueOn: string }>`
      select id, subject, to_char((due_at at time zone (select time_zone from tenants where id = daifuku_current_tenant()))::date, 'YYYY-MM-DD') as "dueOn"
      from activities where account_id = ${accountId} and kind = 'task' and status = 'open' and due_at < now()
      order by due_at limit 2`.execute(ctx.tx)
    for (const task of tasks.rows) {
      const late = Math.max(daysBetween(task.dueOn, today), 0)
      actions.push({
        kind: 'follow_up_task',
        score: 90 + Math.min(late, 9),
        title: { ja: `期限切れのタスクに対応する：${task.subject}`, en: `Follow up the overdue task: ${task.subject}` },
        reason: { ja: `期限（${task.dueOn}）から ${late} 日経過しています`, en: `Due on ${task.dueOn}, ${late} days ago` },
        target: { type: 'activities', id: task.id },
      })
    }
  }

  if (can(ctx, 'contracts', 'read')) {
    const contracts = await sql<{ id: string; title: string; endDate: string; autoRenew: boolean }>`
      select id, title, to_char(end_date, 'YYYY-MM-DD') as "endDate", auto_renew as "autoRenew" from contracts
      where account_id = ${accountId} and status in ('active', 'expiring')
        and end_date >= ${today}::date and end_date <= ${today}::date + ${RENEWAL_HORIZON_DAYS}::int
      order by end_date limit 2`.execute(ctx.tx)
    for (const c of contracts.rows) {
      const left = daysBetween(today, c.endDate)
      actions.push({
        kind: 'renew_contract',
        score: 80 + Math.min(9, Math.floor((RENEWAL_HORIZON_DAYS - left) / 10)),
        title: { ja: `契約の更新を提案する：${c.title}`, en: `Propose renewing: ${c.title}` },
        reason: {
          ja: `${c.endDate} に契約期間が終了します（残り ${left} 日${c.autoRenew ? '・自動更新' : ''}）`,
          en: `Ends on ${c.endDate} (${left} days left${c.autoRenew ? ', renews automatically' : ''})`,
        },
        target: { type: 'contracts', id: c.id },
      })
    }
  }

  if (can(ctx, 'analytics', 'read')) {
    const s = await sql<{ segment: string | null; mScore: number | null; monetary: string | null; recencyDays: number | null; clv: string | null; risk: number | null }>`
      select cs.segment, cs.m_score as "mScore", cs.monetary, (${TENANT_TODAY} - cs.last_purchase_on) as "recencyDays", cs.clv, ch.risk
      from accounts a left join customer_scores cs on cs.account_id = a.id left join churn_scores ch on ch.account_id = a.id
      where a.id = ${accountId}`.execute(ctx.tx)
    const score = s.rows[0]
    const risk = score?.risk ?? (score?.segment === 'dormant' ? DORMANT_RISK : null)
    if (score && risk !== null && risk >= 0.5) {
      const highValue = (score.mScore ?? 0) >= 4 || score.segment === 'loyal'
      const facts = {
        ja: `解約リスク ${riskPct(risk)}%・累計購入 ${yen(Number(score.monetary ?? 0))} 円${score.recencyDays !== null ? `・最終購入から ${score.recencyDays} 日` : ''}`,
        en: `Churn risk ${riskPct(risk)}%, lifetime spend ¥${yen(Number(score.monetary ?? 0))}${score.recencyDays !== null ? `, last purchase ${score.recencyDays} days ago` : ''}`,
      }
      actions.push(
        highValue
          ? { kind: 'win_back', score: Math.round(60 + 30 * risk), title: { ja: '購入の減った優良顧客に電話する', en: 'Call a high-value customer who is going quiet' }, reason: facts, target: null }
          : { kind: 'reengage', score: Math.round(40 + 30 * risk), title: { ja: '近況を伺う連絡をする', en: 'Get back in touch' }, reason: facts, target: null },
      )
    }

    if (can(ctx, 'products', 'read')) {
      // Rules whose antecedent the customer buys and whose consequent they never bought, strongest first.
      const rules = await sql<{ productId: string; productName: string; fromName: string; confidence: number; lift: number }>`
        with bought as (
          select distinct l.product_id from sales_document_lines l join sales_documents d on d.id = l.document_id
          where d.account_id = ${accountId} and l.product_id is not null and d.kind in ('order', 'invoice')
            and d.status not in ('cancelled', 'void', 'draft'))
        select distinct on (r.consequent_id) r.consequent_id as "productId", c.name as "productName", a.name as "fromName", r.confidence, r.lift
        from basket_rules r join products c on c.id = r.consequent_id join products a on a.id = r.antecedent_id
        where r.antecedent_id in (select product_id from bought) and r.consequent_id not in (select product_id from bought) and r.lift > 1
        order by r.consequent_id, r.confidence * r.lift desc`.execute(ctx.tx)
      const best = [...rules.rows].sort((x, y) => y.confidence * y.lift - x.confidence * x.lift).slice(0, 2)
      for (const r of best) {
        actions.push({
          kind: 'cross_sell',
          score: Math.round(50 + 10 * Math.min(r.confidence, 1)),
          title: { ja: `「${r.productName}」をご提案する`, en: `Offer ${r.productName}` },
          reason: {
            ja: `「${r.fromName}」を含む注文の ${pct(r.confidence)}% で一緒に購入されています（リフト ${r.lift.toFixed(1)}）`,
            en: `Bought together with ${r.fromName} in ${pct(r.confidence)}% of the orders that contain it (lift ${r.lift.toFixed(1)})`,
          },
          target: { type: 'products', id: r.productId },
        })
      }
    }
  }

  return actions.sort((a, b) => b.score - a.score).slice(0, MAX_ACTIONS)
}
