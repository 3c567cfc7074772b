-- The `/link` reply is edited once, by the reconcile of the guild it ran in: the row that
-- carries its token also carries the language to write in (the `/link`'s locale) and the
-- username of the account a relink replaced, for the reply's first line.
ALTER TABLE pending_reconciles ADD COLUMN reply_locale TEXT;
ALTER TABLE pending_reconciles ADD COLUMN reply_replaced TEXT;
