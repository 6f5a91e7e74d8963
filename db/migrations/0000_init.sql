CREATE TABLE `affirmations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_uid` text NOT NULL,
	`date` text NOT NULL,
	`name` text NOT NULL,
	`title` text NOT NULL,
	`email` text,
	`phone` text,
	`statement` text NOT NULL,
	`recorded_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`assessment_uid`) REFERENCES `assessments`(`uid`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "affirmations_date" CHECK(date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE INDEX `affirmations_uid_idx` ON `affirmations` (`assessment_uid`,`date`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`label` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_idx` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `assessment_cages` (
	`assessment_uid` text NOT NULL,
	`cage` text NOT NULL,
	PRIMARY KEY(`assessment_uid`, `cage`),
	FOREIGN KEY (`assessment_uid`) REFERENCES `assessments`(`uid`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cage`) REFERENCES `companies`(`cage`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assessment_cages_cage_idx` ON `assessment_cages` (`cage`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`uid` text PRIMARY KEY NOT NULL,
	`hlo_cage` text NOT NULL,
	`scope_id` integer NOT NULL,
	`level` text NOT NULL,
	`family` text NOT NULL,
	`posted_type` text NOT NULL,
	`status_date` text NOT NULL,
	`score` integer,
	`cages_json` text NOT NULL,
	`source` text NOT NULL,
	`posted_by` integer,
	`supersedes_uid` text,
	`superseded_by_uid` text,
	`superseded_on` text,
	`seq` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`hlo_cage`) REFERENCES `companies`(`cage`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scope_id`) REFERENCES `scopes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`posted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assessments_uid_shape" CHECK(length(uid) = 10 AND uid NOT GLOB '*[^A-Z0-9]*'),
	CONSTRAINT "assessments_level" CHECK(level IN ('L1_SELF','L2_SELF','L2_C3PAO','L3_DIBCAC')),
	CONSTRAINT "assessments_type" CHECK(posted_type IN ('FINAL','CONDITIONAL','NONE')),
	CONSTRAINT "assessments_l1_not_conditional" CHECK(NOT (level = 'L1_SELF' AND posted_type = 'CONDITIONAL')),
	CONSTRAINT "assessments_status_date" CHECK(status_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "assessments_score_range" CHECK(score IS NULL OR (score BETWEEN -203 AND 110))
);
--> statement-breakpoint
CREATE INDEX `assessments_scope_idx` ON `assessments` (`scope_id`,`family`,`status_date`);--> statement-breakpoint
CREATE INDEX `assessments_hlo_idx` ON `assessments` (`hlo_cage`);--> statement-breakpoint
CREATE INDEX `assessments_supersedes_idx` ON `assessments` (`supersedes_uid`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`detail_json` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `closeouts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_uid` text NOT NULL,
	`date` text NOT NULL,
	`result` text NOT NULL,
	`results_json` text,
	`recorded_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`assessment_uid`) REFERENCES `assessments`(`uid`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "closeouts_result" CHECK(result IN ('SUCCESS','FAILED')),
	CONSTRAINT "closeouts_date" CHECK(date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `closeouts_uid_idx` ON `closeouts` (`assessment_uid`);--> statement-breakpoint
CREATE TABLE `companies` (
	`cage` text PRIMARY KEY NOT NULL,
	`hlo_cage` text NOT NULL,
	`name` text NOT NULL,
	`uei` text,
	`sam_active` integer DEFAULT true NOT NULL,
	`address` text,
	`updated_at` text NOT NULL,
	CONSTRAINT "companies_cage_shape" CHECK(length(cage) = 5 AND cage NOT GLOB '*[^A-HJ-NP-Z0-9]*'),
	CONSTRAINT "companies_hlo_shape" CHECK(length(hlo_cage) = 5 AND hlo_cage NOT GLOB '*[^A-HJ-NP-Z0-9]*'),
	CONSTRAINT "companies_uei_shape" CHECK(uei IS NULL OR (length(uei) = 12 AND uei NOT GLOB '*[^A-Z0-9]*'))
);
--> statement-breakpoint
CREATE INDEX `companies_hlo_idx` ON `companies` (`hlo_cage`);--> statement-breakpoint
CREATE TABLE `compliance_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_uid` text NOT NULL,
	`date` text NOT NULL,
	`description` text NOT NULL,
	`recorded_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`assessment_uid`) REFERENCES `assessments`(`uid`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "compliance_changes_date" CHECK(date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE INDEX `compliance_changes_uid_idx` ON `compliance_changes` (`assessment_uid`);--> statement-breakpoint
CREATE TABLE `engagements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`company_hlo_cage` text NOT NULL,
	`assessor_user_id` integer NOT NULL,
	`created_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_hlo_cage`) REFERENCES `companies`(`cage`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `engagements_pair_idx` ON `engagements` (`company_hlo_cage`,`assessor_user_id`);--> statement-breakpoint
CREATE TABLE `nist_assessment_cages` (
	`nist_assessment_id` integer NOT NULL,
	`cage` text NOT NULL,
	`assessment_date` text NOT NULL,
	PRIMARY KEY(`nist_assessment_id`, `cage`),
	FOREIGN KEY (`nist_assessment_id`) REFERENCES `nist_assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cage`) REFERENCES `companies`(`cage`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `nist_cages_cage_idx` ON `nist_assessment_cages` (`cage`,`assessment_date`);--> statement-breakpoint
CREATE TABLE `nist_assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hlo_cage` text NOT NULL,
	`standard` text NOT NULL,
	`assessing_organization` text NOT NULL,
	`plan_description` text,
	`assessment_date` text NOT NULL,
	`score` integer NOT NULL,
	`full_implementation_date` text,
	`confidence` text NOT NULL,
	`cages_json` text NOT NULL,
	`posted_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`hlo_cage`) REFERENCES `companies`(`cage`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`posted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "nist_score_range" CHECK(score BETWEEN -203 AND 110),
	CONSTRAINT "nist_confidence" CHECK(confidence IN ('BASIC','MEDIUM','HIGH')),
	CONSTRAINT "nist_date" CHECK(assessment_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE TABLE `poam_items` (
	`assessment_uid` text NOT NULL,
	`requirement_id` text NOT NULL,
	PRIMARY KEY(`assessment_uid`, `requirement_id`),
	FOREIGN KEY (`assessment_uid`) REFERENCES `assessments`(`uid`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `requirement_results` (
	`assessment_uid` text NOT NULL,
	`requirement_id` text NOT NULL,
	`result` text NOT NULL,
	PRIMARY KEY(`assessment_uid`, `requirement_id`),
	FOREIGN KEY (`assessment_uid`) REFERENCES `assessments`(`uid`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "requirement_results_result" CHECK(result IN ('MET','NOT_MET','NOT_APPLICABLE','PARTIAL'))
);
--> statement-breakpoint
CREATE TABLE `scopes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hlo_cage` text NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`description` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`hlo_cage`) REFERENCES `companies`(`cage`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scopes_company_name_idx` ON `scopes` (`hlo_cage`,`name_key`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`role` text NOT NULL,
	`company_cage` text,
	`password_hash` text,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`company_cage`) REFERENCES `companies`(`cage`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "users_role" CHECK(role IN ('ADMIN','CONTRACTING_OFFICER','CONTRACTOR','C3PAO','DIBCAC')),
	CONSTRAINT "users_contractor_company" CHECK(role <> 'CONTRACTOR' OR company_cage IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_idx` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `verifications` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`purpose` text NOT NULL,
	`contract_number` text,
	`solicitation_number` text,
	`as_of` text NOT NULL,
	`required_level` text NOT NULL,
	`eligible` integer NOT NULL,
	`request_json` text NOT NULL,
	`answer_json` text NOT NULL,
	`snapshot_json` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`recorded_by_email` text NOT NULL,
	`recorded_at` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `verifications_seq_idx` ON `verifications` (`seq`);--> statement-breakpoint
CREATE INDEX `verifications_contract_idx` ON `verifications` (`contract_number`,`seq`);