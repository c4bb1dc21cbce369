/* Role names and labels (see roles.h). */
#include "security/roles.h"

#include <string.h>

static const struct {
	const char *name, *label;
} roles[ROLE_COUNT] = {
	{"admin", "Administratör"},
	{"centre_staff", "Personal, Centrum mot våld"},
	{"centre_manager", "Verksamhetsledare, Centrum mot våld"},
	{"samrad_coordinator", "Samordnare, Operation Norrsken"},
	{"municipal_officer", "Handläggare, socialtjänst"},
	{"agency_rep", "Representant, polis/region"},
	{"steering", "Styrgrupp"},
	{"finance", "Ekonomi"},
};

const char *role_name(int i)
{
	return i >= 0 && i < ROLE_COUNT ? roles[i].name : "";
}

const char *role_label(int i)
{
	return i >= 0 && i < ROLE_COUNT ? roles[i].label : "";
}

unsigned role_from_name(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(roles[i].name, name) == 0)
			return 1u << i;
	return 0;
}
