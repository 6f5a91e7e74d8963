CREATE TABLE `contract_uids` (
	`contract_id` integer NOT NULL,
	`uid` text NOT NULL,
	`source` text NOT NULL,
	`added_on` text NOT NULL,
	`verification_id` text NOT NULL,
	PRIMARY KEY(`contract_id`, `uid`),
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verification_id`) REFERENCES `verifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `contract_verifications` (
	`verification_id` text PRIMARY KEY NOT NULL,
	`contract_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`option_period_id` integer,
	`extended_to` text,
	FOREIGN KEY (`verification_id`) REFERENCES `verifications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`option_period_id`) REFERENCES `option_periods`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contract_verifications_contract_idx` ON `contract_verifications` (`contract_id`);--> statement-breakpoint
CREATE TABLE `contracts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`solicitation_id` integer NOT NULL,
	`offer_id` integer NOT NULL,
	`award_verification_id` text NOT NULL,
	`contractor_name` text NOT NULL,
	`cage` text NOT NULL,
	`uei` text NOT NULL,
	`required_level` text NOT NULL,
	`nist_applies` integer DEFAULT false NOT NULL,
	`nist_max_age_days` integer,
	`award_date` text NOT NULL,
	`base_period_end` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`solicitation_id`) REFERENCES `solicitations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`award_verification_id`) REFERENCES `verifications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "contracts_award_date" CHECK(award_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "contracts_base_end" CHECK(base_period_end GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_number_idx` ON `contracts` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_award_idx` ON `contracts` (`award_verification_id`);--> statement-breakpoint
CREATE TABLE `offer_uids` (
	`offer_id` integer NOT NULL,
	`position` integer NOT NULL,
	`uid` text NOT NULL,
	PRIMARY KEY(`offer_id`, `position`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `offer_verifications` (
	`verification_id` text PRIMARY KEY NOT NULL,
	`offer_id` integer NOT NULL,
	FOREIGN KEY (`verification_id`) REFERENCES `verifications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offer_verifications_offer_idx` ON `offer_verifications` (`offer_id`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`solicitation_id` integer NOT NULL,
	`offeror_name` text NOT NULL,
	`cage` text NOT NULL,
	`uei` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`solicitation_id`) REFERENCES `solicitations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offers_solicitation_idx` ON `offers` (`solicitation_id`);--> statement-breakpoint
CREATE TABLE `option_periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contract_id` integer NOT NULL,
	`label` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "option_periods_start" CHECK(start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "option_periods_end" CHECK(end_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "option_periods_order" CHECK(end_date >= start_date)
);
--> statement-breakpoint
CREATE INDEX `option_periods_contract_idx` ON `option_periods` (`contract_id`,`start_date`);--> statement-breakpoint
CREATE TABLE `solicitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`title` text NOT NULL,
	`issue_date` text NOT NULL,
	`action_type` text NOT NULL,
	`cots_only` integer DEFAULT false NOT NULL,
	`waiver` integer DEFAULT false NOT NULL,
	`program_office_level` text,
	`information` text NOT NULL,
	`nist_applies` integer DEFAULT false NOT NULL,
	`nist_max_age_days` integer,
	`planned_award_date` text,
	`created_by` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "solicitations_issue_date" CHECK(issue_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "solicitations_action_type" CHECK(action_type IN ('CONTRACT','TASK_ORDER','DELIVERY_ORDER')),
	CONSTRAINT "solicitations_nist_max_age" CHECK(nist_max_age_days IS NULL OR nist_max_age_days > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `solicitations_number_idx` ON `solicitations` (`number`);