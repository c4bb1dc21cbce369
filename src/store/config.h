/* Configuration of the centre's intervention types (R8) and follow-up measures (R13):
 * adding new ones and switching them on and off. The lists themselves are in
 * store/intervention.h and store/followup.h. Nothing is ever removed, so old records keep
 * the types and measures they were made with. */
#ifndef NRS_STORE_CONFIG_H
#define NRS_STORE_CONFIG_H

#include "store/db.h"

/* Add an active intervention type. NRS_EEXIST if the key is taken. */
int store_config_type_add(struct store *st, const char *key, const char *label_sv,
                          struct nrs_error *err);
/* Flip a type's active flag; *active receives the new state. NRS_ENOTFOUND if none. */
int store_config_type_toggle(struct store *st, const char *key, int *active,
                             struct nrs_error *err);
/* Add an active follow-up measure, shown after the existing ones. NRS_EEXIST if taken. */
int store_config_measure_add(struct store *st, const char *key, const char *label_sv,
                             int scale_min, int scale_max, struct nrs_error *err);
/* Flip a measure's active flag; *active receives the new state. NRS_ENOTFOUND if none. */
int store_config_measure_toggle(struct store *st, const char *key, int *active,
                                struct nrs_error *err);

#endif
