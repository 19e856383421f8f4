ALTER TABLE `share_links` ADD `task_id` varchar(36);--> statement-breakpoint
ALTER TABLE `share_links` ADD CONSTRAINT `share_links_task_id_tasks_id_fk` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `share_links_task_idx` ON `share_links` (`task_id`);