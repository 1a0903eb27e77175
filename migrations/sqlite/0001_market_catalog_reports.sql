CREATE TABLE `identification_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`identification_id` text NOT NULL,
	`correct_vehicle_model_id` text,
	`comment` text,
	`client_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`identification_id`) REFERENCES `identifications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`correct_vehicle_model_id`) REFERENCES `vehicle_models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `identification_reports_identification_idx` ON `identification_reports` (`identification_id`);--> statement-breakpoint
CREATE INDEX `identification_reports_created_idx` ON `identification_reports` (`created_at`);--> statement-breakpoint
CREATE TABLE `vehicle_engines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`generation_id` integer NOT NULL,
	`name` text NOT NULL,
	`power_hp` integer,
	`fuel` text,
	`gearbox` text,
	`transmission` text,
	`drive` text,
	`displacement_cc` integer,
	`curb_weight_kg` integer,
	FOREIGN KEY (`generation_id`) REFERENCES `vehicle_generations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `vehicle_engines_generation_idx` ON `vehicle_engines` (`generation_id`);--> statement-breakpoint
CREATE TABLE `vehicle_generations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`vehicle_model_id` text NOT NULL,
	`name` text NOT NULL,
	`year_from` integer,
	`year_to` integer,
	`in_production` integer DEFAULT false NOT NULL,
	`body_style` text,
	`length_mm` integer,
	`width_mm` integer,
	`height_mm` integer,
	`wheelbase_mm` integer,
	`curb_weight_kg` integer,
	`url` text,
	`source` text NOT NULL,
	FOREIGN KEY (`vehicle_model_id`) REFERENCES `vehicle_models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `vehicle_generations_vehicle_idx` ON `vehicle_generations` (`vehicle_model_id`,`year_from`);--> statement-breakpoint
CREATE TABLE `vehicle_labels` (
	`label` text PRIMARY KEY NOT NULL,
	`vehicle_model_id` text NOT NULL,
	`origin` text NOT NULL,
	`generation` text,
	`year_from` integer,
	`year_to` integer,
	`in_production` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`vehicle_model_id`) REFERENCES `vehicle_models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `vehicle_labels_vehicle_idx` ON `vehicle_labels` (`vehicle_model_id`);--> statement-breakpoint
DROP INDEX `vehicle_models_source_label_idx`;--> statement-breakpoint
ALTER TABLE `vehicle_models` DROP COLUMN `generation`;--> statement-breakpoint
ALTER TABLE `listings` ADD `variant` text;--> statement-breakpoint
ALTER TABLE `listings` ADD `offer_type` text;--> statement-breakpoint
ALTER TABLE `listings` ADD `dataset` text DEFAULT 'study-fr' NOT NULL;--> statement-breakpoint
-- Rows of an earlier version get a placeholder hash: SQLite cannot add a NOT NULL column without a default.
ALTER TABLE `listings` ADD `row_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `listings` SET `row_hash` = 'legacy-' || `id`;--> statement-breakpoint
CREATE UNIQUE INDEX `listings_row_hash_idx` ON `listings` (`row_hash`);--> statement-breakpoint
ALTER TABLE `price_model_versions` ADD `trainer` text;