CREATE TABLE `price_estimates` (
	`id` text PRIMARY KEY NOT NULL,
	`model_version` integer NOT NULL,
	`as_of` text,
	`vehicle_model_id` text,
	`request` text NOT NULL,
	`result` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `price_estimates_created_idx` ON `price_estimates` (`created_at`);--> statement-breakpoint
CREATE INDEX `identifications_image_idx` ON `identifications` (`image_sha256`);