CREATE TABLE `processed_requests_horizon` (
	`id` tinyint unsigned NOT NULL,
	`forgotten_before` datetime(3) NOT NULL,
	CONSTRAINT `processed_requests_horizon_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
-- Nothing is forgotten yet: every node starts from the same horizon.
INSERT INTO `processed_requests_horizon` (`id`, `forgotten_before`) VALUES (1, '1970-01-01 00:00:00.000');
--> statement-breakpoint
ALTER TABLE `processed_requests` ADD `made_at` datetime(3);--> statement-breakpoint
-- Rows from before request ids were UUIDv7s count as made when they were applied (replicated,
-- so the same on every node); no retry can name them any more, and pruning takes them in a day.
UPDATE `processed_requests` SET `made_at` = `at`;--> statement-breakpoint
ALTER TABLE `processed_requests` MODIFY `made_at` datetime(3) NOT NULL;--> statement-breakpoint
CREATE INDEX `processed_requests_made_at_idx` ON `processed_requests` (`made_at`);
