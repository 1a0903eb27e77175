CREATE TABLE `identifications` (
	`id` text PRIMARY KEY NOT NULL,
	`image_sha256` text NOT NULL,
	`image_width` integer NOT NULL,
	`image_height` integer NOT NULL,
	`model_id` text NOT NULL,
	`model_version` text NOT NULL,
	`provider` text NOT NULL,
	`top_label` text NOT NULL,
	`confidence` real NOT NULL,
	`uncertain` integer NOT NULL,
	`vehicle_model_id` text,
	`result` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`vehicle_model_id`) REFERENCES `vehicle_models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `identifications_created_idx` ON `identifications` (`created_at`);--> statement-breakpoint
CREATE TABLE `listings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`vehicle_model_id` text NOT NULL,
	`make` text NOT NULL,
	`model` text NOT NULL,
	`model_year` integer NOT NULL,
	`mileage_km` integer NOT NULL,
	`first_registration` text,
	`fuel` text NOT NULL,
	`transmission` text NOT NULL,
	`power_hp` integer NOT NULL,
	`emission_standard` text,
	`colour` text,
	`body_type` text,
	`country` text,
	`new_price_eur` real,
	`price_eur` real NOT NULL,
	`source` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`vehicle_model_id`) REFERENCES `vehicle_models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `listings_vehicle_model_idx` ON `listings` (`vehicle_model_id`);--> statement-breakpoint
CREATE TABLE `price_model_versions` (
	`version` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`listings_count` integer NOT NULL,
	`listings_hash` text NOT NULL,
	`summary` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `price_models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version` integer NOT NULL,
	`kind` text NOT NULL,
	`vehicle_model_id` text,
	`chosen` integer DEFAULT false NOT NULL,
	`features` text NOT NULL,
	`params` text NOT NULL,
	`training_rows` integer NOT NULL,
	`mae` real,
	`mape` real,
	`rmse` real,
	`coverage` real,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`version`) REFERENCES `price_model_versions`(`version`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`vehicle_model_id`) REFERENCES `vehicle_models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `price_models_version_idx` ON `price_models` (`version`,`vehicle_model_id`);--> statement-breakpoint
CREATE TABLE `vehicle_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`vehicle_model_id` text NOT NULL,
	`make_key` text NOT NULL,
	`model_key` text NOT NULL,
	FOREIGN KEY (`vehicle_model_id`) REFERENCES `vehicle_models`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vehicle_aliases_unique_idx` ON `vehicle_aliases` (`vehicle_model_id`,`make_key`,`model_key`);--> statement-breakpoint
CREATE INDEX `vehicle_aliases_lookup_idx` ON `vehicle_aliases` (`make_key`,`model_key`);--> statement-breakpoint
CREATE TABLE `vehicle_models` (
	`id` text PRIMARY KEY NOT NULL,
	`source_label` text NOT NULL,
	`make` text NOT NULL,
	`model` text NOT NULL,
	`generation` text,
	`year_from` integer,
	`year_to` integer,
	`in_production` integer DEFAULT false NOT NULL,
	`body_style` text,
	`body_style_source` text,
	`new_price_eur` real,
	`new_price_source` text,
	`power_hp_min` integer,
	`power_hp_max` integer,
	`fuel_types` text,
	`transmissions` text,
	`driven_wheels` text,
	`doors` integer,
	`vehicle_size` text,
	`msrp_usd_min` integer,
	`msrp_usd_max` integer,
	`specs_source` text,
	`origins` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vehicle_models_source_label_idx` ON `vehicle_models` (`source_label`);--> statement-breakpoint
CREATE INDEX `vehicle_models_make_model_idx` ON `vehicle_models` (`make`,`model`);