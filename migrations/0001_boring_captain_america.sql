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
CREATE INDEX `identification_reports_created_idx` ON `identification_reports` (`created_at`);