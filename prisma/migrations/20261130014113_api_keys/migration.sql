-- CreateTable
CREATE TABLE "api_key" (
    "api_key_id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(6),
    "expires_at" DATE,
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("api_key_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");


-- Written by hand: what the code relies on, enforced by the database. Only a
-- SHA-256 digest is ever stored, never a secret.
ALTER TABLE "api_key"
    ALTER COLUMN "scopes" SET NOT NULL,
    ADD CONSTRAINT "api_key_name_not_blank" CHECK (length(btrim("name")) > 0 AND length("name") <= 100),
    ADD CONSTRAINT "api_key_prefix_format" CHECK ("prefix" ~ '^[A-Za-z0-9_-]{8}$'),
    ADD CONSTRAINT "api_key_secret_hash_format" CHECK ("secret_hash" ~ '^[0-9a-f]{64}$');
