ALTER TABLE `outbox` ADD `round_start` int unsigned DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `enabled` boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `failure_streak` int unsigned DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhooks` ADD `disabled_reason` varchar(255);--> statement-breakpoint
ALTER TABLE `webhooks` ADD `updated_at` datetime(3);--> statement-breakpoint
CREATE INDEX `outbox_webhook_idx` ON `outbox` (`webhook_id`,`created_at`);