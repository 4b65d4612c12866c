DROP INDEX "categories_path_idx";--> statement-breakpoint
CREATE INDEX "categories_path_prefix_idx" ON "categories" USING btree (left("path", 2048) text_pattern_ops);