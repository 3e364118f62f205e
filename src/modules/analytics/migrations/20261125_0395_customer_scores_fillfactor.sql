-- Every scoring run updates most rows of customer_scores (recency and CLV move daily). Half of each page
-- kept free lets those updates stay on their page without new index entries (HOT updates), decision 0030.
alter table customer_scores set (fillfactor = 50);
