# Redis on ElastiCache as BullMQ needs it: maxmemory-policy noeviction (any other policy lets
# Redis drop queue keys under memory pressure), TLS in transit with an AUTH token, encryption at
# rest, a replica in another zone with automatic failover, cache subnets only, reachable on 6379
# from the cluster's nodes and nothing else. Cluster mode stays off, so the chart's default
# queue prefix works (Redis Cluster would need a hash-tag prefix).
# ElastiCache has no AOF for replicated Redis 7: Multi-AZ replicas and daily snapshots stand in
# for it, and the SMS outbox in PostgreSQL re-adds any job Redis loses.
resource "random_password" "redis_auth_token" {
  # ElastiCache AUTH tokens: 16–128 printable characters without @, " or /.
  length  = 64
  special = false
}

resource "aws_security_group" "redis" {
  name_prefix = "${local.name}-redis-"
  description = "Redis of ${local.name}: the EKS nodes only"
  vpc_id      = module.vpc.vpc_id
  tags        = merge(local.tags, { Name = "${local.name}-redis" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_nodes" {
  security_group_id            = aws_security_group.redis.id
  description                  = "Redis from the EKS nodes (API, worker, KEDA)"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = module.eks.node_security_group_id
}

resource "aws_elasticache_parameter_group" "redis" {
  name        = "${local.name}-bullmq"
  family      = "redis7"
  description = "BullMQ: never evict keys"

  parameter {
    name  = "maxmemory-policy"
    value = "noeviction"
  }

  tags = local.tags
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id = local.name
  description          = "Sokoni queues (BullMQ) of ${local.name}"

  engine               = "redis"
  engine_version       = var.redis_engine_version
  node_type            = var.redis_node_type
  num_cache_clusters   = var.redis_node_count
  port                 = 6379
  parameter_group_name = aws_elasticache_parameter_group.redis.name

  subnet_group_name  = module.vpc.elasticache_subnet_group_name
  security_group_ids = [aws_security_group.redis.id]

  automatic_failover_enabled = true
  multi_az_enabled           = true

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.redis_auth_token.result

  snapshot_retention_limit   = var.redis_snapshot_retention_days
  snapshot_window            = "00:00-01:00"
  maintenance_window         = "sun:03:30-sun:04:30"
  auto_minor_version_upgrade = true
  apply_immediately          = false

  tags = local.tags
}
