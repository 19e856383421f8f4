CREATE TABLE `notification_preferences` (
	`user_id` varchar(36) NOT NULL,
	`kind` varchar(64) NOT NULL,
	`email` boolean NOT NULL,
	CONSTRAINT `notification_preferences_pk` PRIMARY KEY(`user_id`,`kind`)
);
--> statement-breakpoint
CREATE TABLE `task_followers` (
	`task_id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `task_followers_pk` PRIMARY KEY(`task_id`,`user_id`)
);
--> statement-breakpoint
ALTER TABLE `tasks` ADD `overdue_notified_date` date;--> statement-breakpoint
ALTER TABLE `users` ADD `email_digest` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `digest_sent_on` date;--> statement-breakpoint
ALTER TABLE `notification_preferences` ADD CONSTRAINT `notification_preferences_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `task_followers` ADD CONSTRAINT `task_followers_task_id_tasks_id_fk` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `task_followers` ADD CONSTRAINT `task_followers_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `task_followers_user_idx` ON `task_followers` (`user_id`);