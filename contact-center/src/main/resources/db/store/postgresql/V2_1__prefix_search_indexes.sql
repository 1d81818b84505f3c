-- PostgreSQL only: under a non-C collation a plain b-tree index cannot serve LIKE 'prefix%';
-- pattern-ops indexes can. (H2 uses the ordinary indexes for prefix LIKE.)
CREATE INDEX customer_name_key_pattern_idx ON customer (name_key varchar_pattern_ops);
CREATE INDEX customer_account_pattern_idx ON customer (account_number varchar_pattern_ops);
CREATE INDEX contact_phone_e164_pattern_idx ON contact_phone (e164 varchar_pattern_ops);
CREATE INDEX contact_email_pattern_idx ON contact_email (email varchar_pattern_ops);
