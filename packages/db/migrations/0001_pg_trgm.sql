-- Trigram matching for the customer search (GET /v1/customers?q=): ILIKE '%…%' can then use a
-- GIN index instead of reading the whole table. pg_trgm is a trusted extension (PostgreSQL ≥ 13):
-- the database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
