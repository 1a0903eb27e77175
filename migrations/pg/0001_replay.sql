CREATE TABLE "price_estimates" (
	"id" text PRIMARY KEY NOT NULL,
	"model_version" integer NOT NULL,
	"as_of" text,
	"vehicle_model_id" text,
	"request" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" text DEFAULT to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') NOT NULL
);
--> statement-breakpoint
CREATE INDEX "price_estimates_created_idx" ON "price_estimates" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "identifications_image_idx" ON "identifications" USING btree ("image_sha256");