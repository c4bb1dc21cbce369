/* The page shell: doctype, head, header with the product name and the signed-in user's
 * organisation and roles, navigation by role, a skip link and the main landmark. */
#ifndef NRS_WEB_LAYOUT_H
#define NRS_WEB_LAYOUT_H

#include "web/html.h"

struct request;

/* Open the page up to and including <main>. req may be NULL or not logged in (error pages,
 * login): then there is no navigation. title is a Swedish page title (escaped). */
void layout_begin(struct html *h, const struct request *req, const char *title);
/* The same with a second stylesheet of our own after app.css (a path under /static/, e.g.
 * "/static/report.css"), for pages whose content brings its own screen and print styles. */
void layout_begin_with_css(struct html *h, const struct request *req, const char *title,
                           const char *stylesheet);
/* Close <main> and the page. */
void layout_end(struct html *h);
/* A message box in the page's content: notice (role="status": a change was saved) and alert
 * (role="alert": something went wrong), text escaped. */
void layout_notice(struct html *h, const char *text);
void layout_alert(struct html *h, const char *text);

#endif
