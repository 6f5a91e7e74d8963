CREATE TABLE `calendar_tokens` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_tokens_hash_idx` ON `calendar_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `notification_opt_outs` (
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "notification_opt_outs_kind" CHECK(kind IN ('AFFIRMATION_DUE','STATUS_EXPIRING','OPTION_AT_RISK','FLOWDOWN_RECHECK'))
);
--> statement-breakpoint
CREATE TABLE `notification_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notification_id` integer NOT NULL,
	`to_address` text NOT NULL,
	`message_id` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`claimed_until` text,
	`last_error` text,
	`sent_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "notification_outbox_state" CHECK(state IN ('PENDING','SENT','FAILED'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_outbox_notification_idx` ON `notification_outbox` (`notification_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `notification_outbox_message_id_idx` ON `notification_outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `notification_outbox_due_idx` ON `notification_outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `notification_preferences` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`email` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`deadline` text NOT NULL,
	`days_before` integer NOT NULL,
	`recipient_key` text NOT NULL,
	`user_id` integer,
	`official_id` integer,
	`company_hlo` text,
	`detail_json` text,
	`created_on` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`official_id`) REFERENCES `affirming_officials`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "notifications_kind" CHECK(kind IN ('AFFIRMATION_DUE','AFFIRMATION_OVERDUE','POAM_CLOSEOUT_DUE','STATUS_EXPIRING','OPTION_AT_RISK','FLOWDOWN_RECHECK')),
	CONSTRAINT "notifications_one_recipient" CHECK((user_id IS NULL) <> (official_id IS NULL)),
	CONSTRAINT "notifications_deadline" CHECK(deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_once_idx` ON `notifications` (`recipient_key`,`kind`,`subject`,`deadline`,`days_before`);--> statement-breakpoint
CREATE INDEX `notifications_inbox_idx` ON `notifications` (`user_id`,`id`);