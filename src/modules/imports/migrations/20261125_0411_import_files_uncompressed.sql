-- Import files are read back in 16 MB pieces (substring): uncompressed out-of-line storage reads a piece without
-- decompressing everything before it. The file is deleted once its rows are in, so the disk it takes is brief.
alter table imports alter column content set storage external;
