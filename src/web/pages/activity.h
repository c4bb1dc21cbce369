/* Web helpers shared by the activity pages (referrals.c, contacts.c, trainings.c, reports.c)
 * and their JSON twins (api/activity.c): the acting user for the services, record ids from
 * paths, selects filled from the registers, and the form's error summary. */
#ifndef NRS_WEB_PAGES_ACTIVITY_H
#define NRS_WEB_PAGES_ACTIVITY_H

#include "security/activitysvc.h"
#include "security/clientsvc.h"
#include "web/html.h"
#include "web/request.h"

#include <stdbool.h>
#include <stdint.h>

/* The signed-in user as the services' actor, with today's Swedish date. Borrows from req. */
void activity_actor(const struct request *req, struct clientsvc_actor *a);
/* A positive record id from a path or form value: 0, or NRS_EINVAL. */
int activity_parse_id(const char *s, int64_t *id);
/* The police referral behind the :id parameter, checked against the policy for action with
 * the user's relation to it (own organisation). An unknown id is NRS_ENOTFOUND: only users
 * who may see some referral get this far (the dispatcher answers the rest with 403). */
int activity_referral_load(struct request *req, enum policy_action action, int64_t *id);
/* Copy a message into request memory (error texts outlive the nrs_error on the stack);
 * falls back to a fixed text when memory runs out. */
const char *activity_msg(struct request *req, const char *msg);

/* <select> of a choice list, with an empty first option labelled empty_label (NULL: none). */
void activity_choice_select(struct html *h, const char *name, const char *label,
                            const struct activity_choice *list, const char *selected,
                            const char *error, const char *empty_label);
/* <select> of the region's member municipalities (the code is sent), with an empty first
 * option. Returns 0 or a store error. */
int activity_municipality_select(struct html *h, struct request *req, const char *name,
                                 const char *label, const char *selected, const char *error,
                                 const char *empty_label);
/* <select> of the active organisations of the register (the id is sent), with an empty first
 * option. selected is the id as text (may be NULL). Returns 0 or a store error. */
int activity_org_select(struct html *h, struct request *req, const char *name, const char *label,
                        const char *selected, const char *error, const char *empty_label);

/* The alert at the top of a form that was refused: what happened and that the fields below
 * say why. */
void activity_form_alert(struct html *h, const char *what);
/* "2026-03-31" as it is, or "–" for NULL/"". */
void activity_text_or_dash(struct html *h, const char *s);

#endif
