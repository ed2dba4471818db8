output "vpc_id" {
  description = "VPC id."
  value       = aws_vpc.main.id
}

output "vpc_cidr" {
  description = "VPC CIDR block."
  value       = aws_vpc.main.cidr_block
}

output "availability_zones" {
  description = "AZs in use."
  value       = local.azs
}

output "public_subnet_ids" {
  description = "Public subnet ids (ALB, NAT)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnet ids (tasks, RDS, Redis)."
  value       = aws_subnet.private[*].id
}

output "private_route_table_ids" {
  description = "Private route table ids."
  value       = aws_route_table.private[*].id
}

output "alb_security_group_id" {
  description = "ALB security group."
  value       = aws_security_group.alb.id
}

output "app_security_group_id" {
  description = "Application (task) security group."
  value       = aws_security_group.app.id
}

output "nat_gateway_ids" {
  description = "NAT gateway ids."
  value       = aws_nat_gateway.main[*].id
}
