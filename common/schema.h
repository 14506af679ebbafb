/*
 * schema.h - the SQL migrations in schema/ directory, embedded at build time.
 *
 * Migration N brings the database from PRAGMA user_version N-1 to N.
 * A migration is only ever added, never edited once released.
 */
#ifndef PW_SCHEMA_H
#define PW_SCHEMA_H

struct schema_migration {
	int version;
	const char *name; /* file name, for messages */
	const char *sql;
};

extern const struct schema_migration schema_migrations[];
extern const int schema_nmigrations;

#endif
