/* Form fields for every page (see fields.h): one place that writes the label, the kept
 * value and the error beside the control, so that every form marks its errors alike. All
 * data goes through html_text/html_attr; html_raw_trusted only carries our fixed markup. */
#include "web/fields.h"

/* ` id="f-NAME" name="NAME"` */
static void id_name(struct html *h, const char *name)
{
	html_raw_trusted(h, " id=\"f-");
	html_attr(h, name);
	html_raw_trusted(h, "\" name=\"");
	html_attr(h, name);
	html_raw_trusted(h, "\"");
}

/* ` aria-invalid="true" aria-describedby="e-NAME"` when error is not NULL. */
static void aria(struct html *h, const char *name, const char *error)
{
	if (error == NULL)
		return;
	html_raw_trusted(h, " aria-invalid=\"true\" aria-describedby=\"e-");
	html_attr(h, name);
	html_raw_trusted(h, "\"");
}

void field_open(struct html *h, const char *name, const char *label, const char *error)
{
	html_raw_trusted(h, error ? "<div class=\"field has-error\">\n<label for=\"f-"
	                          : "<div class=\"field\">\n<label for=\"f-");
	html_attr(h, name);
	html_raw_trusted(h, "\">");
	html_text(h, label);
	html_raw_trusted(h, "</label>\n");
	field_error(h, name, error);
}

void field_close(struct html *h)
{
	html_raw_trusted(h, "</div>\n");
}

void field_error(struct html *h, const char *name, const char *msg)
{
	if (msg == NULL)
		return;
	html_raw_trusted(h, "<p class=\"error\" id=\"e-");
	html_attr(h, name);
	html_raw_trusted(h, "\">");
	html_text(h, msg);
	html_raw_trusted(h, "</p>\n");
}

void field_control_attrs(struct html *h, const char *name, const char *error)
{
	id_name(h, name);
	aria(h, name, error);
}

void field_input(struct html *h, const char *name, const char *label, const char *type,
                 const char *value, const char *error, const char *autocomplete, bool required)
{
	field_open(h, name, label, error);
	html_raw_trusted(h, "<input");
	id_name(h, name);
	html_raw_trusted(h, " type=\"");
	html_attr(h, type);
	html_raw_trusted(h, "\"");
	if (value) {
		html_raw_trusted(h, " value=\"");
		html_attr(h, value);
		html_raw_trusted(h, "\"");
	}
	if (autocomplete) {
		html_raw_trusted(h, " autocomplete=\"");
		html_attr(h, autocomplete);
		html_raw_trusted(h, "\"");
	}
	aria(h, name, error);
	html_raw_trusted(h, required ? " required>\n" : ">\n");
	field_close(h);
}

void field_textarea(struct html *h, const char *name, const char *label, const char *value,
                    const char *error, int rows, bool required)
{
	field_open(h, name, label, error);
	html_raw_trusted(h, "<textarea");
	id_name(h, name);
	html_raw_trusted(h, " rows=\"");
	html_int(h, rows);
	html_raw_trusted(h, required ? "\" cols=\"60\" required" : "\" cols=\"60\"");
	aria(h, name, error);
	html_raw_trusted(h, ">");
	/* a newline right after <textarea> would be eaten by the parser; keep the text */
	if (value && value[0] == '\n')
		html_raw_trusted(h, "\n");
	html_text(h, value);
	html_raw_trusted(h, "</textarea>\n");
	field_close(h);
}

void field_select_open(struct html *h, const char *name, const char *label, const char *error,
                       const char *empty_label)
{
	field_open(h, name, label, error);
	html_raw_trusted(h, "<select");
	field_control_attrs(h, name, error);
	html_raw_trusted(h, ">\n");
	if (empty_label)
		field_option(h, "", empty_label, false);
}

void field_option(struct html *h, const char *value, const char *label, bool selected)
{
	html_raw_trusted(h, "<option");
	if (value) {
		html_raw_trusted(h, " value=\"");
		html_attr(h, value);
		html_raw_trusted(h, "\"");
	}
	html_raw_trusted(h, selected ? " selected>" : ">");
	html_text(h, label);
	html_raw_trusted(h, "</option>\n");
}

void field_select_close(struct html *h)
{
	html_raw_trusted(h, "</select>\n");
	field_close(h);
}

void field_checkbox(struct html *h, const char *name, const char *value, const char *label,
                    bool checked)
{
	/* name before id, as the role checkboxes have always been written */
	html_raw_trusted(h, "<div class=\"check\"><input type=\"checkbox\" name=\"");
	html_attr(h, name);
	html_raw_trusted(h, "\" id=\"f-");
	html_attr(h, name);
	html_raw_trusted(h, "-");
	html_attr(h, value);
	html_raw_trusted(h, "\" value=\"");
	html_attr(h, value);
	html_raw_trusted(h, checked ? "\" checked> <label for=\"f-" : "\"> <label for=\"f-");
	html_attr(h, name);
	html_raw_trusted(h, "-");
	html_attr(h, value);
	html_raw_trusted(h, "\">");
	html_text(h, label);
	html_raw_trusted(h, "</label></div>\n");
}
