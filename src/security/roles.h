/* Roles a user can hold (DESIGN.md §6), as bits so a user may hold several. */
#ifndef NRS_SECURITY_ROLES_H
#define NRS_SECURITY_ROLES_H

enum role {
	ROLE_ADMIN = 1u << 0,
	ROLE_CENTRE_STAFF = 1u << 1,
	ROLE_CENTRE_MANAGER = 1u << 2,
	ROLE_SAMRAD_COORDINATOR = 1u << 3,
	ROLE_MUNICIPAL_OFFICER = 1u << 4,
	ROLE_AGENCY_REP = 1u << 5,
	ROLE_STEERING = 1u << 6,
	ROLE_FINANCE = 1u << 7,
};
#define ROLE_COUNT 8

/* Identifier ("centre_staff") and Swedish label ("Behandlare/samordnare, CMV") of role
 * bit i (0..ROLE_COUNT-1). */
const char *role_name(int i);
const char *role_label(int i);
/* Bit for an identifier, or 0 if unknown. */
unsigned role_from_name(const char *name);

#endif
