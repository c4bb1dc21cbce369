/* Norrsken – optional niceties only; every page works without this file.
 * Moves focus to the first field with an error so keyboard and screen-reader users land on it. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	var bad = document.querySelector("[aria-invalid=\"true\"]");
	if (bad) {
		bad.focus();
	}
});
