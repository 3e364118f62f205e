-- The purchase history read by RFM (analytics PURCHASE_TOTALS): every order that was not cancelled, per
-- account, with its day and total, so the per-account sums come from the index in account order.
create index sales_documents_purchases_idx on sales_documents (tenant_id, account_id, issue_date) include (total)
  where kind = 'order' and status <> 'cancelled';
