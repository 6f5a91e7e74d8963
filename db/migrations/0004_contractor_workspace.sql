CREATE TABLE `affirming_officials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hlo_cage` text NOT NULL,
	`name` text NOT NULL,
	`title` text NOT NULL,
	`email` text,
	`phone` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`removed_at` text,
	FOREIGN KEY (`hlo_cage`) REFERENCES `companies`(`cage`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `affirming_officials_company_idx` ON `affirming_officials` (`hlo_cage`);--> statement-breakpoint
CREATE TABLE `assessment_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hlo_cage` text NOT NULL,
	`level` text NOT NULL,
	`scope` text NOT NULL,
	`scope_description` text,
	`cages_json` text NOT NULL,
	`answers_json` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`hlo_cage`) REFERENCES `companies`(`cage`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assessment_drafts_level" CHECK(level IN ('L1_SELF','L2_SELF','L2_C3PAO','L3_DIBCAC'))
);
--> statement-breakpoint
CREATE INDEX `assessment_drafts_company_idx` ON `assessment_drafts` (`hlo_cage`,`updated_at`);