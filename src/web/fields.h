/* Form fields for every page: label tied to the control, the kept value, and the Swedish
 * error beside the field (aria-invalid + aria-describedby), so forms keep what was typed and
 * say what is wrong where it is wrong. Controls get id "f-NAME"; errors get id "e-NAME". */
#ifndef NRS_WEB_FIELDS_H
#define NRS_WEB_FIELDS_H

#include "web/html.h"

#include <stdbool.h>

/* <div class="field[ has-error]"><label for="f-NAME">LABEL</label>[<p class="error" ...>] */
void field_open(struct html *h, const char *name, const char *label, const char *error);
/* </div> */
void field_close(struct html *h);
/* <p class="error" id="e-NAME">msg</p>, nothing when msg is NULL. */
void field_error(struct html *h, const char *name, const char *msg);
/* ` id="f-NAME" name="NAME"` plus aria-invalid/aria-describedby when error is not NULL. */
void field_control_attrs(struct html *h, const char *name, const char *error);

/* A whole <input> field. value, error and autocomplete may be NULL. */
void field_input(struct html *h, const char *name, const char *label, const char *type,
		 const char *value, const char *error, const char *autocomplete, bool required);
/* A whole <textarea> field with rows lines. */
void field_textarea(struct html *h, const char *name, const char *label, const char *value,
		    const char *error, int rows, bool required);
/* A <select> field: open it (with an optional first empty option labelled empty_label),
 * add options, close it. An option with value NULL has no value attribute (its label is
 * what the browser sends). */
void field_select_open(struct html *h, const char *name, const char *label, const char *error,
		       const char *empty_label);
void field_option(struct html *h, const char *value, const char *label, bool selected);
void field_select_close(struct html *h);
/* One checkbox with its label on the same line (inside a fieldset of several). */
void field_checkbox(struct html *h, const char *name, const char *value, const char *label,
		    bool checked);

#endif
