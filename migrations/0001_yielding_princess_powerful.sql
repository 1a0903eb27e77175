ALTER TABLE `listings` ADD `variant` text;--> statement-breakpoint
ALTER TABLE `listings` ADD `offer_type` text;--> statement-breakpoint
ALTER TABLE `listings` ADD `dataset` text DEFAULT 'study-fr' NOT NULL;--> statement-breakpoint
-- Rows of an earlier version get a placeholder hash: SQLite cannot add a NOT NULL column without a default.
ALTER TABLE `listings` ADD `row_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `listings` SET `row_hash` = 'legacy-' || `id`;--> statement-breakpoint
CREATE UNIQUE INDEX `listings_row_hash_idx` ON `listings` (`row_hash`);--> statement-breakpoint
ALTER TABLE `price_model_versions` ADD `trainer` text;