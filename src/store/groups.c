/* Storage of group programmes, leaders, participants, meetings and attendance (see
 * groups.h). */
#include "store/groups.h"

#include <stdio.h>
#include <string.h>

/* Step through rows, filling `row` and calling cb for each; a non-zero callback result
 * stops the walk and is returned. */
#define WALK_ROWS(st, s, fill, call)                                                               \
	do {                                                                                       \
		int step_;                                                                         \
		while ((step_ = sqlite3_step(s)) == SQLITE_ROW) {                                  \
			fill;                                                                      \
			int crc_ = call;                                                           \
			if (crc_ != 0) {                                                           \
				sqlite3_reset(s);                                                  \
				return crc_;                                                       \
			}                                                                          \
		}                                                                                  \
		sqlite3_reset(s);                                                                  \
		return step_ == SQLITE_DONE ? 0 : store_error(st, step_, NULL);                    \
	} while (0)

/* Exactly one row or NRS_ENOTFOUND. */
#define ONE_ROW(st, s, fill, call)                                                                 \
	do {                                                                                       \
		int step_ = sqlite3_step(s), crc_;                                                 \
		if (step_ != SQLITE_ROW) {                                                         \
			sqlite3_reset(s);                                                          \
			return step_ == SQLITE_DONE ? NRS_ENOTFOUND                                \
			                            : store_error(st, step_, NULL);                \
		}                                                                                  \
		fill;                                                                              \
		crc_ = call;                                                                       \
		sqlite3_reset(s);                                                                  \
		return crc_;                                                                       \
	} while (0)

int store_group_add(struct store *st, const struct group_input *in, int64_t *id,
                    struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO group_programme (organisation_id, name, format, start, created_at,"
	    " created_by) VALUES ($1, $2, $3, $4, $5, $6)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->organisation_id) || store_bind_text(s, 2, in->name) ||
	    store_bind_text(s, 3, in->format) || store_bind_text(s, 4, in->start) ||
	    store_bind_text(s, 5, in->created_at) || store_bind_id_or_null(s, 6, in->created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

#define GROUP_COLUMNS                                                                              \
	"SELECT g.id, g.organisation_id, g.name, g.format, g.start,"                               \
	" (SELECT count(*) FROM group_participant p WHERE p.group_id = g.id),"                     \
	" (SELECT count(*) FROM group_meeting m WHERE m.group_id = g.id)"                          \
	" FROM group_programme g"

#define GROUP_FILL                                                                                 \
	(row.id = sqlite3_column_int64(s, 0), row.organisation_id = sqlite3_column_int64(s, 1),    \
	 row.name = store_col_text(s, 2), row.format = store_col_text(s, 3), row.start = store_col_text(s, 4),       \
	 row.participants = sqlite3_column_int64(s, 5), row.meetings = sqlite3_column_int64(s, 6))

int store_group_get(struct store *st, int64_t id, group_row_cb cb, void *ctx)
{
	static const char sql[] = GROUP_COLUMNS " WHERE g.id = $1";
	struct group_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	ONE_ROW(st, s, GROUP_FILL, cb(&row, ctx));
}

int store_group_list(struct store *st, int64_t organisation_id, group_row_cb cb, void *ctx)
{
	static const char sql[] =
	    GROUP_COLUMNS " WHERE g.organisation_id = $1 ORDER BY g.start DESC, g.id DESC";
	struct group_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id))
		return NRS_EDB;
	WALK_ROWS(st, s, GROUP_FILL, cb(&row, ctx));
}

int store_group_leader_add(struct store *st, int64_t group_id, int64_t user_id,
                           struct nrs_error *err)
{
	static const char sql[] = "INSERT INTO group_leader (group_id, user_id) VALUES ($1, $2)"
	                          " ON CONFLICT DO NOTHING";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, group_id) || store_bind_int(s, 2, user_id))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_group_leader_list(struct store *st, int64_t group_id, group_leader_cb cb, void *ctx)
{
	static const char sql[] = "SELECT u.id, u.username, u.display_name FROM group_leader l"
	                          " JOIN app_user u ON u.id = l.user_id WHERE l.group_id = $1"
	                          " ORDER BY u.display_name, u.id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, group_id))
		return NRS_EDB;
	WALK_ROWS(st, s, (void)0,
	          cb(sqlite3_column_int64(s, 0), store_col_text(s, 1), store_col_text(s, 2), ctx));
}

int store_group_participant_add(struct store *st, int64_t group_id, int64_t client_id,
                                const char *joined, int64_t intervention_id, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO group_participant (group_id, client_id, joined, intervention_id)"
	    " VALUES ($1, $2, $3, $4)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, group_id) || store_bind_int(s, 2, client_id) ||
	    store_bind_text(s, 3, joined) || store_bind_int(s, 4, intervention_id))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EEXIST)
		return nrs_error_set(err, NRS_EEXIST, "client", "klienten är redan med i gruppen");
	return rc;
}

int store_group_participant_list(struct store *st, int64_t group_id, group_participant_cb cb,
                                 void *ctx)
{
	static const char sql[] =
	    "SELECT p.group_id, p.client_id, c.code, p.joined, p.intervention_id,"
	    " (SELECT count(*) FROM group_attendance a JOIN group_meeting m ON m.id = a.meeting_id"
	    "   WHERE m.group_id = p.group_id AND a.client_id = p.client_id AND a.present = 1)"
	    " FROM group_participant p JOIN client c ON c.id = p.client_id"
	    " WHERE p.group_id = $1 ORDER BY c.code";
	struct group_participant_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, group_id))
		return NRS_EDB;
	WALK_ROWS(st, s,
	          (row.group_id = sqlite3_column_int64(s, 0),
	           row.client_id = sqlite3_column_int64(s, 1), row.client_code = store_col_text(s, 2),
	           row.joined = store_col_text(s, 3), row.intervention_id = sqlite3_column_int64(s, 4),
	           row.meetings_present = sqlite3_column_int64(s, 5)),
	          cb(&row, ctx));
}

int store_group_participant_joined(struct store *st, int64_t group_id, int64_t client_id,
                                   char joined[11])
{
	static const char sql[] =
	    "SELECT joined FROM group_participant WHERE group_id = $1 AND client_id = $2";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, group_id) || store_bind_int(s, 2, client_id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && joined != NULL)
		snprintf(joined, 11, "%s", store_col_text(s, 0) ? store_col_text(s, 0) : "");
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

#define MEETING_COLUMNS                                                                            \
	"SELECT m.id, m.group_id, m.held,"                                                         \
	" (SELECT count(*) FROM group_attendance a WHERE a.meeting_id = m.id AND a.present = 1),"  \
	" (SELECT count(*) FROM group_attendance a WHERE a.meeting_id = m.id)"                     \
	" FROM group_meeting m"

#define MEETING_FILL                                                                               \
	(row.id = sqlite3_column_int64(s, 0), row.group_id = sqlite3_column_int64(s, 1),           \
	 row.held = store_col_text(s, 2), row.present = sqlite3_column_int64(s, 3),                      \
	 row.recorded = sqlite3_column_int64(s, 4))

int store_group_meeting_add(struct store *st, int64_t group_id, const char *held,
                            const char *created_at, int64_t created_by, int64_t *id,
                            struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO group_meeting (group_id, held, created_at, created_by)"
	    " VALUES ($1, $2, $3, $4)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, group_id) || store_bind_text(s, 2, held) ||
	    store_bind_text(s, 3, created_at) || store_bind_id_or_null(s, 4, created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EEXIST)
		return nrs_error_set(err, NRS_EEXIST, "held",
		                     "gruppen har redan en träff det datumet");
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_group_meeting_get(struct store *st, int64_t id, group_meeting_cb cb, void *ctx)
{
	static const char sql[] = MEETING_COLUMNS " WHERE m.id = $1";
	struct group_meeting_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	ONE_ROW(st, s, MEETING_FILL, cb(&row, ctx));
}

int store_group_meeting_list(struct store *st, int64_t group_id, group_meeting_cb cb, void *ctx)
{
	static const char sql[] = MEETING_COLUMNS " WHERE m.group_id = $1 ORDER BY m.held, m.id";
	struct group_meeting_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, group_id))
		return NRS_EDB;
	WALK_ROWS(st, s, MEETING_FILL, cb(&row, ctx));
}

int store_group_attendance_set(struct store *st, int64_t meeting_id, int64_t client_id, int present,
                               struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO group_attendance (meeting_id, client_id, present) VALUES ($1, $2, $3)"
	    " ON CONFLICT (meeting_id, client_id) DO UPDATE SET present = excluded.present";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, meeting_id) || store_bind_int(s, 2, client_id) ||
	    store_bind_int(s, 3, present ? 1 : 0))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EINVAL)
		return nrs_error_set(err, NRS_EINVAL, "present",
		                     "närvaro kan bara föras för gruppens deltagare");
	return rc;
}

int store_group_attendance_list(struct store *st, int64_t group_id, group_attendance_cb cb,
                                void *ctx)
{
	static const char sql[] =
	    "SELECT a.meeting_id, a.client_id, a.present FROM group_attendance a"
	    " JOIN group_meeting m ON m.id = a.meeting_id WHERE m.group_id = $1"
	    " ORDER BY a.meeting_id, a.client_id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, group_id))
		return NRS_EDB;
	WALK_ROWS(st, s, (void)0,
	          cb(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
	             sqlite3_column_int(s, 2), ctx));
}

int store_group_client_by_code(struct store *st, const char *code, int64_t *id)
{
	static const char sql[] = "SELECT id FROM client WHERE code = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, code))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}
