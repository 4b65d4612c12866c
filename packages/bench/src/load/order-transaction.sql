-- pgbench's lean order (the baseline of POST /v1/orders): the order, its order_events row and
-- the SMS it owes, written by one statement in one commit, with the texts the API would write.
-- (pgbench reads :name as a variable even inside quotes, hence ':' || 'created'.)
WITH placed AS (
  INSERT INTO orders (customer_id, item, quantity, amount, currency)
  VALUES (CAST(:customer AS uuid), 'pgbench order', 1, 180.00, 'KES')
  RETURNING id, number, customer_id
), logged AS (
  INSERT INTO order_events (order_id, from_status, to_status, actor)
  SELECT id, NULL, 'pending', 'sokoni-dev' FROM placed
)
INSERT INTO notifications (order_id, customer_id, trigger, recipient, body, idempotency_key)
SELECT id, customer_id, 'order.created', '+254712345678',
  'Sokoni: Hi Bench, we received order ' || number || ': pgbench order, KES 180.00.',
  'order:' || id || ':' || 'created'
FROM placed;
