CREATE TABLE `emass_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uid` text NOT NULL,
	`run_id` integer NOT NULL,
	`date` text NOT NULL,
	`event` text NOT NULL,
	`detail_json` text,
	FOREIGN KEY (`uid`) REFERENCES `assessments`(`uid`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `emass_runs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "emass_history_event" CHECK(event IN ('ADDED','CLOSEOUT_SEEN','CLOSEOUT_FAILED_SEEN','CHANGED','WITHDRAWN'))
);
--> statement-breakpoint
CREATE INDEX `emass_history_uid_idx` ON `emass_history` (`uid`,`id`);--> statement-breakpoint
CREATE TABLE `emass_quarantine` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`cmmc_uid` text,
	`operation` text,
	`assessment_id` text,
	`reason` text NOT NULL,
	`record_json` text,
	`resolved_by_run_id` integer,
	FOREIGN KEY (`run_id`) REFERENCES `emass_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by_run_id`) REFERENCES `emass_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `emass_quarantine_run_idx` ON `emass_quarantine` (`run_id`);--> statement-breakpoint
CREATE INDEX `emass_quarantine_uid_idx` ON `emass_quarantine` (`cmmc_uid`);--> statement-breakpoint
CREATE INDEX `emass_quarantine_assessment_idx` ON `emass_quarantine` (`assessment_id`);--> statement-breakpoint
CREATE TABLE `emass_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`seen_on` text NOT NULL,
	`since_seconds` integer NOT NULL,
	`outcome` text NOT NULL,
	`added` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`withdrawn` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`quarantined` integer DEFAULT 0 NOT NULL,
	`warnings_json` text DEFAULT '[]' NOT NULL,
	`warning_count` integer DEFAULT 0 NOT NULL,
	`error` text,
	CONSTRAINT "emass_runs_outcome" CHECK(outcome IN ('RUNNING','SUCCEEDED','FAILED'))
);
--> statement-breakpoint
CREATE INDEX `emass_runs_outcome_idx` ON `emass_runs` (`outcome`,`started_at`);--> statement-breakpoint
ALTER TABLE `assessments` ADD `withdrawn_on` text;--> statement-breakpoint
ALTER TABLE `assessments` ADD `added_by_emass_run` integer;--> statement-breakpoint
ALTER TABLE `companies` ADD `created_by_emass_run` integer;