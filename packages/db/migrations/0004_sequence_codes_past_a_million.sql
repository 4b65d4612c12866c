-- Customer codes and order numbers: at least six digits (CUST-000042), and every digit past a
-- million (ORD-1000000). lpad(…, 6, '0') alone cuts longer numbers to their first six digits,
-- so the millionth would repeat the hundred-thousandth and break the unique index.
CREATE FUNCTION sequence_code(prefix text, n bigint) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN prefix || lpad(n::text, greatest(6, length(n::text)), '0');--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "code" SET DEFAULT sequence_code('CUST-', nextval('customer_code_seq'));--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "number" SET DEFAULT sequence_code('ORD-', nextval('order_number_seq'));
