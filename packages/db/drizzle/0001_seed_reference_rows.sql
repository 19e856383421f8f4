-- Reference rows every node needs before it applies its first entry. Seeded by a migration so
-- every node starts from the same state (the state machine at index 0).
INSERT INTO `priorities` (`id`, `name`, `rank`) VALUES
  ('none', 'No priority', 0),
  ('low', 'Low', 1),
  ('medium', 'Medium', 2),
  ('high', 'High', 3),
  ('urgent', 'Urgent', 4);
--> statement-breakpoint
INSERT INTO `raft_applied` (`id`, `applied_index`) VALUES (1, 0);
--> statement-breakpoint
INSERT INTO `raft_log` (`idx`, `term`, `type`, `data`) VALUES (0, 0, 'normal', '');
