/* Storage of group programmes (R11): tables group_programme, group_leader, group_participant,
 * group_meeting and group_attendance. Nothing here is encrypted (dates, ids and pseudonymous
 * codes); security/groupsvc.c checks, audits and is the only caller meant to use these. */
#ifndef NRS_STORE_GROUPS_H
#define NRS_STORE_GROUPS_H

#include "base/err.h"
#include "store/client.h"
#include "store/db.h"

#include <stdint.h>

struct group_input {
	int64_t organisation_id;
	const char *name;   /* 1..200 bytes */
	const char *format; /* weekly_10, distance */
	const char *start;  /* YYYY-MM-DD */
	const char *created_at;
	int64_t created_by; /* 0 for the system */
};

/* A group with its counts; pointers borrowed during the callback. */
struct group_row {
	int64_t id;
	int64_t organisation_id;
	const char *name;
	const char *format;
	const char *start;
	int64_t participants;
	int64_t meetings;
};
typedef int (*group_row_cb)(const struct group_row *row, void *ctx);

/* Insert a group; *id receives its id. A rule broken in the table is NRS_EINVAL. */
int store_group_add(struct store *st, const struct group_input *in, int64_t *id,
                    struct nrs_error *err);
/* Call cb once with group id; NRS_ENOTFOUND if there is none. */
int store_group_get(struct store *st, int64_t id, group_row_cb cb, void *ctx);
/* The organisation's groups, latest start first. */
int store_group_list(struct store *st, int64_t organisation_id, group_row_cb cb, void *ctx);

/* Add a leader; adding one twice is not an error. */
int store_group_leader_add(struct store *st, int64_t group_id, int64_t user_id,
                           struct nrs_error *err);
typedef int (*group_leader_cb)(int64_t user_id, const char *username, const char *display_name,
                               void *ctx);
/* The group's leaders by display name (strings borrowed during the callback). */
int store_group_leader_list(struct store *st, int64_t group_id, group_leader_cb cb, void *ctx);

/* A participant; pointers borrowed during the callback. */
struct group_participant_row {
	int64_t group_id;
	int64_t client_id;
	const char *client_code; /* pseudonymous: a group list never carries names */
	const char *joined;
	int64_t intervention_id;
	int64_t meetings_present; /* meetings of this group marked present */
};
typedef int (*group_participant_cb)(const struct group_participant_row *row, void *ctx);
/* Add a participant whose start is intervention_id. NRS_EEXIST (field "client") if the
 * client already takes part in the group. */
int store_group_participant_add(struct store *st, int64_t group_id, int64_t client_id,
                                const char *joined, int64_t intervention_id, struct nrs_error *err);
/* The group's participants by client code. */
int store_group_participant_list(struct store *st, int64_t group_id, group_participant_cb cb,
                                 void *ctx);
/* 1 if the client takes part in the group, 0 if not, negative on error; *joined (may be
 * NULL) receives the joining date. */
int store_group_participant_joined(struct store *st, int64_t group_id, int64_t client_id,
                                   char joined[11]);

struct group_meeting_row {
	int64_t id;
	int64_t group_id;
	const char *held;
	int64_t present;  /* participants marked present */
	int64_t recorded; /* participants with attendance recorded */
};
typedef int (*group_meeting_cb)(const struct group_meeting_row *row, void *ctx);
/* Add a meeting; NRS_EEXIST (field "held") if the group already met that day. */
int store_group_meeting_add(struct store *st, int64_t group_id, const char *held,
                            const char *created_at, int64_t created_by, int64_t *id,
                            struct nrs_error *err);
/* Call cb once with meeting id; NRS_ENOTFOUND if there is none. */
int store_group_meeting_get(struct store *st, int64_t id, group_meeting_cb cb, void *ctx);
/* The group's meetings, earliest first. */
int store_group_meeting_list(struct store *st, int64_t group_id, group_meeting_cb cb, void *ctx);

/* Record (or replace) whether a participant was present at a meeting. NRS_EINVAL if the
 * client does not take part in the meeting's group. */
int store_group_attendance_set(struct store *st, int64_t meeting_id, int64_t client_id, int present,
                               struct nrs_error *err);
typedef int (*group_attendance_cb)(int64_t meeting_id, int64_t client_id, int present, void *ctx);
/* Every attendance row of the group's meetings, by meeting then client. */
int store_group_attendance_list(struct store *st, int64_t group_id, group_attendance_cb cb,
                                void *ctx);

/* The client with this pseudonymous code: 0 and *id, or NRS_ENOTFOUND. (Adding a
 * participant by code; the code is the only identity a group page handles.) */
int store_group_client_by_code(struct store *st, const char *code, int64_t *id);

#endif
