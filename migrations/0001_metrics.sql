CREATE TABLE `latency_rollups` (
	`project_id` text NOT NULL,
	`hour_start` integer NOT NULL,
	`bucket_le_ms` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`project_id`, `hour_start`, `bucket_le_ms`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `usage_rollups` ADD `upstream_errors` integer DEFAULT 0 NOT NULL;