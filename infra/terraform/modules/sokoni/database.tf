# PostgreSQL on RDS: encrypted storage, automated backups, database subnets only, no public
# address, reachable on 5432 from the cluster's nodes and nothing else, TLS forced.
resource "random_password" "postgres" {
  # Letters and digits only, so the password needs no escaping in DATABASE_URL; 48 of them are
  # about 285 bits.
  length  = 48
  special = false
}

resource "aws_security_group" "postgres" {
  name_prefix = "${local.name}-postgres-"
  description = "PostgreSQL of ${local.name}: the EKS nodes only"
  vpc_id      = module.vpc.vpc_id
  tags        = merge(local.tags, { Name = "${local.name}-postgres" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "postgres_from_nodes" {
  security_group_id            = aws_security_group.postgres.id
  description                  = "PostgreSQL from the EKS nodes (API, worker, migration Job)"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = module.eks.node_security_group_id
}

resource "aws_db_parameter_group" "postgres" {
  name_prefix = "${local.name}-postgres-"
  family      = "postgres${split(".", var.postgres_engine_version)[0]}"
  description = "PostgreSQL of ${local.name}"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  # Statements slower than a second are logged: the relay's claim and the order writes are
  # expected to take milliseconds.
  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "postgres" {
  identifier     = local.name
  engine         = "postgres"
  engine_version = var.postgres_engine_version
  instance_class = var.postgres_instance_class

  db_name  = "sokoni"
  username = "sokoni"
  password = random_password.postgres.result
  port     = 5432

  allocated_storage     = var.postgres_storage_gb.allocated
  max_allocated_storage = var.postgres_storage_gb.max
  storage_type          = "gp3"
  storage_encrypted     = true

  db_subnet_group_name   = module.vpc.database_subnet_group_name
  vpc_security_group_ids = [aws_security_group.postgres.id]
  publicly_accessible    = false
  multi_az               = var.postgres_multi_az
  parameter_group_name   = aws_db_parameter_group.postgres.name

  backup_retention_period   = var.postgres_backup_retention_days
  backup_window             = "01:00-02:00"
  maintenance_window        = "sun:02:30-sun:03:30"
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.name}-final"

  auto_minor_version_upgrade      = true
  allow_major_version_upgrade     = false
  apply_immediately               = false
  performance_insights_enabled    = true
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  tags = local.tags
}
